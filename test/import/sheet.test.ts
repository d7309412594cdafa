import { describe, expect, it } from 'vitest';
import { SocialcalError } from '../../src/errors.js';
import { readSheet } from '../../src/import/sheet.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('readSheet', () => {
  it('reads a BOM, CRLF, quoted multi-line cells and doubled quotes; rows are numbered as a spreadsheet shows them', () => {
    const sheet = readSheet('a.csv', bytes('\uFEFFtext,date\r\n"Line one\r\nline ""two"", still",2027-01-20 10:00\r\n\r\nnext,2027-01-21 10:00\r\n'));
    expect(sheet.delimiter).toBe(',');
    expect(sheet.rows).toEqual([
      { row: 1, cells: ['text', 'date'] },
      { row: 2, cells: ['Line one\r\nline "two", still', '2027-01-20 10:00'] },
      { row: 4, cells: ['next', '2027-01-21 10:00'] },
    ]);
  });

  it('detects ; and tab separators from the header line, ignoring separators inside quotes', () => {
    expect(readSheet('a.csv', bytes('text;date\n"a, b, c";2027-01-20 10:00\n')).rows[1].cells).toEqual(['a, b, c', '2027-01-20 10:00']);
    expect(readSheet('a.csv', bytes('"x;y"\ttext\tdate\n')).delimiter).toBe('\t');
  });

  it('refuses an xlsx (zip) or xls file with what to do instead', () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]);
    expect(() => readSheet('posts.xlsx', zip)).toThrow(/posts.xlsx: this is a spreadsheet file \(xlsx or ods\), not CSV/);
    try {
      readSheet('posts.xlsx', zip);
    } catch (error) {
      expect((error as SocialcalError).hint).toMatch(/CSV UTF-8/);
    }
    expect(() => readSheet('old.xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 1]))).toThrow(/\(xls\)/);
  });

  it('names the line of an unclosed quote, and refuses text that is not UTF-8', () => {
    expect(() => readSheet('a.csv', bytes('text,date\n"never closed,2027-01-20 10:00\n'))).toThrow(/a.csv:line 2: .*[Qq]uote/);
    expect(() => readSheet('a.csv', new Uint8Array([0x74, 0x65, 0x78, 0x74, 0x0a, 0x63, 0x61, 0x66, 0xe9, 0x0a]))).toThrow(/not UTF-8/);
  });
});
