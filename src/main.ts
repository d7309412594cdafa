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
  if (error instanceof SocialcalError) {
    // A git or network message may quote a URL with credentials in it.
    process.stderr.write(`socialcal: ${redact(error.message, [])}\n`);
    if (error.hint) process.stderr.write(`  hint: ${redact(error.hint, [])}\n`);
    process.exitCode = error.exitCode;
  } else {
    process.stderr.write(`socialcal: internal error — please report it\n${redact((error as Error)?.stack ?? String(error), [])}\n`);
    process.exitCode = EXIT.usage;
  }
}
