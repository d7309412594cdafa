import { describe, expect, it } from 'vitest';
import { escapeText, foldLine } from '../../src/export/ical-text.js';

// escapeText and foldLine take shortcuts for plain text (commas only; ASCII lines). Held here to
// the general way of doing each (RFC 5545 §3.3.11 escapes, §3.1 folding at 75 octets) over random
// texts; test/export/ics*.test.ts reads whole files back with two independent parsers.

function escapeSlow(text: string): string {
  const map: Record<string, string> = { '\\': '\\\\', ';': '\\;', ',': '\\,', '\r\n': '\\n', '\r': '\\n', '\n': '\\n' };
  return text.replace(/\r\n|[\\;,\x00-\x08\x0a-\x1f\x7f]/g, (c) => map[c] ?? '');
}

function foldSlow(line: string): string {
  const parts: string[] = [];
  let start = 0;
  let octets = 0;
  let limit = 75;
  for (let i = 0; i < line.length; ) {
    const code = line.codePointAt(i)!;
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    if (octets + size > limit) {
      parts.push(line.slice(start, i));
      start = i;
      octets = 0;
      limit = 74;
    }
    octets += size;
    i += code > 0xffff ? 2 : 1;
  }
  parts.push(line.slice(start));
  return parts.join('\r\n ');
}

describe('ICS text shortcuts', () => {
  it('escape and fold as the general way does, over 3,000 random texts', () => {
    let seed = 17;
    const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const pool = ['a', 'Z', ' ', ',', ';', '\\', '\n', '\r\n', '\r', '\t', '\x01', 'é', '日', '🎉', 'https://x.example/?a=1,2'];
    for (let i = 0; i < 3000; i++) {
      const plain = rnd() < 0.5;
      const text = Array.from({ length: Math.floor(rnd() * 200) }, () => (plain ? pool.slice(0, 5) : pool)[Math.floor(rnd() * (plain ? 5 : pool.length))]).join('');
      expect(escapeText(text), JSON.stringify(text)).toBe(escapeSlow(text));
      const line = `DESCRIPTION:${escapeText(text)}`;
      expect(foldLine(line), JSON.stringify(line)).toBe(foldSlow(line));
    }
  });
});
