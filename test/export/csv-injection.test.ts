import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { neutraliseCell, toCsv } from '../../src/export/csv.js';
import { calendarDir, removeDir } from '../support/calendar-dir.js';
import { cli } from '../support/cli.js';
import { memoryCalendar, post } from '../views/support/calendar.js';

// CSV formula injection (OWASP): a cell a spreadsheet would run as a formula gets a leading '.

const FORMULAS = ['=HYPERLINK("https://evil.example","x")', '+1+cmd|" /C calc"!A0', '-2+3', '@SUM(1+1)', '\tTAB', '\rCR'];

function calendar() {
  return memoryCalendar({
    'posts/a.yaml': post(
      '2027-03-28 10:00',
      [
        'tags: ["+cmd", plain]',
        'overrides:',
        '  mastodon:',
        `    text: ${JSON.stringify(FORMULAS.join(' '))}`,
      ].join('\n') + '\n',
    ),
    ...Object.fromEntries(FORMULAS.map((f, i) => [`posts/f${i}.yaml`, `at: 2027-03-2${i} 10:00\nchannels: [bluesky]\ntext: ${JSON.stringify(f)}\n`])),
  });
}

describe('CSV formula injection', () => {
  it('prefixes every cell a spreadsheet would run, and nothing else', () => {
    for (const f of FORMULAS) expect(neutraliseCell(f)).toBe(`'${f}`);
    for (const ok of ['plain', 'a=b', ' =trimmed by nobody', 42, -1]) expect(neutraliseCell(ok)).toBe(ok);
  });

  it('exports no cell that starts a formula, read back by csv-parse', () => {
    const rows = parse(toCsv(calendar()), { columns: true }) as Record<string, string>[];
    const texts = rows.filter((r) => r.account === 'bluesky' && r.post_id.startsWith('f')).map((r) => r.text);
    expect(texts.sort()).toEqual(FORMULAS.map((f) => `'${f}`.trimEnd()).sort());
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(rows.find((r) => r.post_id === 'a' && r.account === 'mastodon')!.text).toBe(`'${FORMULAS.join(' ')}`);
    expect(rows.find((r) => r.post_id === 'a')!.tags).toBe(`'+cmd;plain`);
  });

  it('keeps cells as written with raw', () => {
    const rows = parse(toCsv(calendar(), { raw: true }), { columns: true }) as Record<string, string>[];
    expect(rows.find((r) => r.post_id === 'f0')!.text).toBe(FORMULAS[0]);
  });

  describe('export csv on the command line', () => {
    const root = calendarDir({ 'posts/2027/03/evil.yaml': `at: 2027-03-09 10:00\nchannels: [bluesky]\ntext: "=1+1"\n` });
    afterAll(() => removeDir(root));
    const text = (args: string[]) => {
      const r = cli(['-C', root, 'export', 'csv', ...args]);
      expect(r.code).toBe(0);
      return (parse(r.stdout, { columns: true }) as Record<string, string>[]).find((x) => x.post_id === 'evil')!.text;
    };
    it('neutralises by default and keeps the cell with --raw', () => {
      expect(text([])).toBe("'=1+1");
      expect(text(['--raw'])).toBe('=1+1');
    });
  });
});
