import { render } from 'ink';
import type { Calendar, LedgerView } from '../../calendar/model.js';
import type { Problem } from '../../calendar/problems.js';
import type { PostFilter } from '../../calendar/query.js';
import { EXIT, UsageError } from '../../errors.js';
import type { Period } from '../calendar/period.js';
import { App } from './App.js';

// Starts the ink app on a real terminal and resolves when the user quits.

export interface InteractiveOptions {
  calendar: Calendar;
  ledger?: LedgerView;
  /** The loader's problems and the rule findings, shown in a post's detail. */
  problems: Problem[];
  period: Period;
  filter: Pick<PostFilter, 'accounts' | 'campaigns' | 'tags'>;
  now: Date;
}

export async function runInteractive({ calendar, ledger, problems, period, filter, now }: InteractiveOptions): Promise<number> {
  if (!process.stdin.isTTY) throw new UsageError('-i needs an interactive terminal', 'run it in a terminal, or drop -i for a printed grid (or --json)');
  if (period.kind !== 'month') throw new UsageError('-i browses months', 'use --month YYYY-MM with -i, or --week without -i');
  const app = render(<App calendar={calendar} ledger={ledger} problems={problems} month={period} filter={filter} now={now} width={process.stdout.columns || 80} height={process.stdout.rows || 24} />);
  await app.waitUntilExit();
  return EXIT.ok;
}
