import type { Command } from 'commander';
import { z } from 'zod';
import { calendarRoot, parseOptions } from '../cli.js';
import { calendarAccounts, checkNames, commaList } from '../calendar/query.js';
import { formatWall, parseDuration } from '../calendar/time.js';
import { EXIT, UsageError } from '../errors.js';
import { parseResolve, resolvePairs, type Resolved } from '../publish/resolve.js';
import { DEFAULT_STALE_AFTER_MS, publish, type PairReport, type PublishReport } from '../publish/runner.js';
import { requireCalendar } from './shared.js';

const Options = z.object({
  now: z.string().optional(),
  dryRun: z.boolean().optional(),
  accounts: z.string().optional(),
  json: z.boolean().optional(),
  resolve: z.array(z.string()).optional(),
  staleAfter: z.string().optional(),
  newLedger: z.boolean().optional(),
});

export function configure(cmd: Command): void {
  cmd
    .description(
      'Post everything that is due and not yet published, exactly once: claim it on the ledger branch, post, record the result. Meant for a scheduled CI job.',
    )
    .option('--dry-run', 'print exactly what each account would receive (text, media with alt text, thread) and change nothing')
    .option('--accounts <names>', 'only these accounts (comma-separated), e.g. to shard across parallel CI jobs')
    .option('--now <time>', 'treat this ISO time as now (tests and replays)')
    .option('--json', 'print the run report as JSON')
    .option('--resolve <post:account=outcome>', 'record a decision about an unknown outcome: published (it went out) or retry (send it again); repeatable', (v: string, prev: string[] = []) => [...prev, v])
    .option('--new-ledger', 'confirm that the ledger branch starts afresh (after it was deleted, renamed or publish.branch changed); posts inside their grace period may go out again')
    .option('--stale-after <duration>', `treat a claim without a result as left by a dead run after this long (default and minimum ${DEFAULT_STALE_AFTER_MS / 60_000}m)`)
    .addHelpText(
      'after',
      `
Exit codes: 0 all due posts went out (or were held by a freeze/blackout), 1 a post failed, was
missed or has an unknown outcome, 2 usage or environment error.

Examples:
  socialcal publish                                   post what is due (in CI, on a cron)
  socialcal publish --dry-run                         preview what would go out now
  socialcal publish --accounts acme-bsky,acme-masto   one shard of a parallel job
  socialcal publish --resolve launch:acme-slack=published   it did go out; stop asking
  socialcal publish --resolve launch:acme-slack=retry       it did not; send it again`,
    );
}

export async function action(raw: unknown, cmd: Command): Promise<number> {
  const opts = parseOptions(Options, raw);
  const now = opts.now ? parseNow(opts.now) : undefined;
  const { calendar, problems } = requireCalendar(calendarRoot(cmd));

  if (opts.resolve?.length) {
    const done = await resolvePairs(calendar, opts.resolve.map(parseResolve), process.env, now ?? new Date());
    if (opts.json) process.stdout.write(JSON.stringify({ resolved: done }, null, 2) + '\n');
    else process.stdout.write(printResolved(done));
    return EXIT.ok;
  }

  const accounts = commaList(opts.accounts);
  checkNames('--accounts', accounts, calendarAccounts(calendar));
  let staleAfterMs: number | undefined;
  if (opts.staleAfter !== undefined) {
    staleAfterMs = parseDuration(opts.staleAfter);
    if (staleAfterMs === undefined) throw new UsageError(`--stale-after ${opts.staleAfter}: not a duration`, 'write a number and a unit: 30m, 2h');
  }
  const report = await publish(calendar, problems, {
    now,
    dryRun: opts.dryRun,
    accounts,
    staleAfterMs,
    newLedger: opts.newLedger,
    log: opts.json ? undefined : (line) => process.stderr.write(`${line}\n`),
  });
  if (opts.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  else process.stdout.write(print(report, calendar.config.timezone));
  return report.ok ? EXIT.ok : EXIT.findings;
}

function parseNow(value: string): Date {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new UsageError(`--now ${value}: not an ISO time`, 'e.g. --now 2027-01-20T09:00:00Z');
  return d;
}

const MARK: Record<PairReport['state'], string> = {
  published: '✓',
  due: '→',
  claimed: '?',
  failed: '✗',
  missed: '✗',
  unknown: '?',
  held: '❄',
  busy: '…',
  released: '↺',
  refused: '✗',
};

export function print(report: PublishReport, zone: string): string {
  const lines: string[] = [];
  for (const f of report.freezes) lines.push(`❄ publishing is frozen${f.tags ? ` for tags ${f.tags.join(', ')}` : ''}: ${f.reason}${f.by ? ` (${f.by})` : ''}`);
  if (report.freezes.length) lines.push('');
  if (report.pairs.length === 0) {
    lines.push(report.dryRun ? 'Nothing is due.' : 'Nothing was due.', ...(report.nothingDue ?? []).map((l) => `  ${l}`));
    return lines.join('\n') + '\n';
  }
  for (const p of report.pairs) {
    const head = `${MARK[p.state]} ${p.post} → ${p.account} (${p.platform})  ${p.state}  due ${formatWall(new Date(p.at), zone)}`;
    lines.push(head);
    for (const url of p.urls ?? []) lines.push(`    ${url}`);
    if (p.reason) lines.push(`    ${p.reason}`);
    if (p.error) lines.push(`    error: ${p.error}`);
    if (p.state === 'unknown') lines.push(`    decide: socialcal publish --resolve ${p.post}:${p.account}=published   (or =retry)`);
    (p.items ?? []).forEach((item, i, all) => {
      const label = all.length > 1 ? `[${i + 1}/${all.length}] ` : '';
      lines.push(...indent(`${label}${item.text}`, '    │ '));
      for (const m of item.media) lines.push(`    │ 🖼 ${m.file}${m.alt ? ` — alt: ${m.alt}` : ' — no alt text'}`);
    });
  }
  const count = (s: PairReport['state']) => report.pairs.filter((p) => p.state === s).length;
  const summary = report.dryRun
    ? `dry run: ${count('due')} would be posted, ${count('held')} held, ${count('missed')} would be recorded missed${count('refused') ? `, ${count('refused')} would be refused` : ''}; nothing was changed`
    : (['published', 'failed', 'missed', 'unknown', 'refused', 'held', 'busy', 'claimed', 'released'] as const)
        .filter((s) => count(s))
        .map((s) => `${count(s)} ${s === 'claimed' ? 'still claimed (lookup failed)' : s === 'busy' ? 'in progress elsewhere' : s}`)
        .join(', ');
  lines.push('', summary);
  return lines.join('\n') + '\n';
}

function indent(text: string, prefix: string): string[] {
  return text.split('\n').map((l) => prefix + l);
}

function printResolved(done: Resolved[]): string {
  return done.map((d) => `${d.post} → ${d.account}: ${d.previous} → ${d.how === 'retry' ? 'will be sent again by the next run' : 'published'} (by ${d.by})`).join('\n') + '\n';
}
