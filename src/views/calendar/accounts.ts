import type { Account } from '../../calendar/model.js';

// A one-letter mark per account, so a post's accounts read without colour too.

export interface AccountMark {
  name: string;
  platform: string;
  glyph: string;
  color?: string;
}

/** Marks in config order: the first free letter of the name, else of the platform, else a digit. */
export function accountMarks(accounts: Record<string, Account>): AccountMark[] {
  const used = new Set<string>();
  return Object.values(accounts).map((account, index) => {
    const candidates = [...account.name.toUpperCase(), ...account.platform.toUpperCase(), ...'123456789', ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'].filter((c) =>
      /[A-Z0-9]/.test(c),
    );
    const glyph = candidates.find((c) => !used.has(c)) ?? String(index);
    used.add(glyph);
    return { name: account.name, platform: account.platform, glyph, color: account.color };
  });
}
