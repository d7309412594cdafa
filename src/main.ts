import { EXIT, redact, SocialcalError } from './errors.js';
import { run } from './cli.js';

// The only place that exits. Commands return an exit code or throw.

// `socialcal ls | head` closes the pipe early: stop quietly instead of crashing on EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}
try {
  const code = await run(process.argv);
  process.exitCode = code;
} catch (error) {
  // Loaded here, not at the top: chalk must not start before cli.ts has applied NO_COLOR.
  const { writeErr } = await import('./views/output.js');
  if (error instanceof SocialcalError) {
    // A git or network message may quote a URL with credentials in it.
    writeErr(`socialcal: ${redact(error.message, [])}\n`);
    if (error.hint) writeErr(`  hint: ${redact(error.hint, [])}\n`);
    process.exitCode = error.exitCode;
  } else {
    writeErr(`socialcal: internal error — please report it\n${redact((error as Error)?.stack ?? String(error), [])}\n`);
    process.exitCode = EXIT.usage;
  }
}
