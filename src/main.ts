import { EXIT, SocialcalError } from './errors.js';
import { run } from './cli.js';

// The only place that exits. Commands return an exit code or throw.
try {
  const code = await run(process.argv);
  process.exitCode = code;
} catch (error) {
  if (error instanceof SocialcalError) {
    process.stderr.write(`socialcal: ${error.message}\n`);
    if (error.hint) process.stderr.write(`  hint: ${error.hint}\n`);
    process.exitCode = error.exitCode;
  } else {
    process.stderr.write(`socialcal: internal error — please report it\n${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = EXIT.usage;
  }
}
