import { EXIT, SocialcalError } from './errors.js';
import { run } from './cli.js';
import { writeErr } from './views/output.js';

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
    writeErr(`socialcal: ${error.message}\n`);
    if (error.hint) writeErr(`  hint: ${error.hint}\n`);
    process.exitCode = error.exitCode;
  } else {
    writeErr(`socialcal: internal error — please report it\n${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = EXIT.usage;
  }
}
