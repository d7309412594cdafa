import type { Account } from '../calendar/model.js';

// What reading a sheet produces, before ids, paths and validation: one post per draft, with
// the sheet rows and columns it came from so every later problem can point back into the sheet.

export type ImportShape = 'socialcal' | 'hootsuite' | 'columns';

export interface SheetDraft {
  /** The id the sheet gives (socialcal export, an `id` column); else one is derived from the text. */
  id?: string;
  /** Sheet rows this post came from (several for a socialcal export: one per account). */
  rows: number[];
  /** The post's fields as they will be written (without `id`). */
  data: Record<string, unknown>;
  /** Post field (first part of a problem's path) → the sheet column it came from. */
  columns: Record<string, string>;
}

/** A located problem in the sheet: `file.csv:row 17, column "date"`. */
export interface RowError {
  row: number;
  column?: string;
  message: string;
  hint?: string;
}

export interface SheetRead {
  shape: ImportShape;
  drafts: SheetDraft[];
  errors: RowError[];
}

export interface ReadOptions {
  /** Zone the sheet's times are in (default: the calendar's). */
  zone: string;
  calendarZone: string;
  dateOrder?: 'dmy' | 'mdy';
  /** Channels for rows that name none (--channels / --account). */
  channels?: string[];
  status: string;
  accounts: Record<string, Account>;
}

/** An account name for a sheet's channel cell: the name itself, or an account's handle (with or without @). */
export function accountFor(value: string, accounts: Record<string, Account>): string {
  if (accounts[value]) return value;
  const bare = value.replace(/^@/, '').toLowerCase();
  for (const account of Object.values(accounts)) {
    if (account.handle && account.handle.replace(/^@/, '').toLowerCase() === bare) return account.name;
  }
  return value;
}

/** `a, b; c` → ['a', 'b', 'c']. */
export function splitList(cell: string): string[] {
  return cell
    .split(/[,;]/)
    .map((s) => s.trim())
    .filter(Boolean);
}
