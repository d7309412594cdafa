import type { Command } from 'commander';
import { spawn } from 'node:child_process';
import { z } from 'zod';
import { apiUrl } from '../approvals/event.js';
import { EXIT, UsageError } from '../errors.js';
import { startServer } from '../serve/server.js';
import { writeJson, writeOut } from '../views/output.js';
import { serveText } from '../views/serve.js';
import { calendarRoot, parseOptions } from './options.js';
import { requireCalendar } from './shared.js';

const Options = z.object({
  port: z.coerce.number().int().min(0).max(65535).optional(),
  open: z.boolean().default(true),
  json: z.boolean().optional(),
});

export function configure(cmd: Command): void {
  cmd
    .description('A visual calendar in the browser that edits the post files: drag posts, edit text with live previews and findings, commit to a branch.')
    .option('-p, --port <port>', 'port on 127.0.0.1 (default: a free one)')
    .option('--no-open', 'do not open the browser; just print the URL')
    .option('--json', 'print {url, port} as JSON (for scripts) instead of the text')
    .addHelpText(
      'after',
      `
The server listens on 127.0.0.1 only. The URL it prints carries a random token for this run;
requests without it, or from another site open in the browser, are refused.

Every change is written to the YAML files (comments and formatting kept) and checked before it
reaches the disk. The change bar commits to a new branch, never to the default branch; with
GITHUB_TOKEN set it opens a pull request whose body is \`socialcal plan\`.

Examples:
  socialcal serve                      open the calendar in your browser
  socialcal serve --port 4545 --no-open
  GITHUB_TOKEN=$(gh auth token) socialcal serve`,
    );
}

export async function action(raw: unknown, cmd: Command): Promise<number> {
  const opts = parseOptions(Options, raw);
  const { calendar } = requireCalendar(calendarRoot(cmd));
  const token = process.env.GITHUB_TOKEN;
  const github = token ? { apiUrl: apiUrl(process.env), token, repo: process.env.GITHUB_REPOSITORY } : undefined;
  const server = await startServer({ root: calendar.root, port: opts.port, github }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') throw new UsageError(`--port ${opts.port}: the port is in use`, 'pick another port, or leave --port out to get a free one');
    if (error.code === 'EACCES') throw new UsageError(`--port ${opts.port}: not allowed to listen there`, 'use a port above 1023');
    throw error;
  });
  if (opts.json) writeJson({ url: server.url, port: server.port });
  else writeOut(serveText({ url: server.url, root: calendar.root, github: github !== undefined }));
  if (opts.open) openBrowser(server.url);
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
  });
  await server.close();
  return EXIT.ok;
}

/** Best effort: the URL is printed either way. */
function openBrowser(url: string): void {
  const [command, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  try {
    spawn(command, args, { detached: true, stdio: 'ignore' }).on('error', () => undefined).unref();
  } catch {
    // no opener on this system
  }
}
