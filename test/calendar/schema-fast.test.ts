// quickPostInput checks plainly well-formed posts by hand instead of with zod. Whenever it gives a
// result, zod must accept the same value and give the same result (values, key order, new
// lists); whenever zod refuses a value, it must give none (zod then reports the problems).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { postSchema } from '../../src/calendar/schema.js';
import { quickPostInput } from '../../src/calendar/schema-fast.js';
import { readYamlFile } from '../../src/calendar/yaml-file.js';
import type { Problem } from '../../src/calendar/problems.js';
import { fuzzCase } from '../fuzz/corpus.js';

/** Holds quickPostInput to zod for one value; says whether the quick check took it. */
function agree(value: unknown, what: string): boolean {
  const quick = quickPostInput(value);
  const zod = postSchema.safeParse(value);
  if (quick === undefined) return false;
  expect(zod.success, `${what}: zod refuses what the quick check took`).toBe(true);
  expect(quick, what).toStrictEqual(zod.data);
  // The same key order at every level, and nothing shared with the input but strings.
  expect(JSON.stringify(quick), what).toBe(JSON.stringify(zod.data));
  for (const key of ['channels', 'tags', 'media', 'thread', 'overrides', 'langs'] as const) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) expect((quick as Record<string, unknown>)[key], `${what}: ${key} is a new value`).not.toBe(v);
  }
  return true;
}

const yamlValue = (text: string): unknown => {
  const problems: Problem[] = [];
  return readYamlFile('posts/x.yaml', new TextEncoder().encode(text), problems)?.value;
};

const BASE = { at: '2027-01-12 10:00', channels: ['bluesky'], text: 'Hello' };

/** Every field the quick check knows with good, bad and odd values, one change at a time. */
const VARIANTS: Record<string, unknown[]> = {
  id: ['a', 'x'.repeat(100), 'x'.repeat(101), '', 7, null, ['a']],
  at: ['2027-01-12', '', 'launch - 2d', 12, null, undefined],
  queue: ['weekly', '', 3, null],
  timezone: ['Europe/Berlin', 'Mars/Base', 1, null],
  channels: [['a', 'b'], [], [''], ['a', 1], 'a', null, [['a']]],
  campaign: ['c', '', 1, null],
  tags: [[], ['a', 'b'], [''], [1], 'a', null],
  pillar: ['education', '', 1, null],
  text: ['', 'x'.repeat(5000), 1, null, ['a'], undefined],
  media: [[], [{ file: 'media/a.png' }], [{ alt: 'A', file: 'media/a.png' }], [{ file: '' }], [{ file: 'a', alt: null }], [{ file: 'a', size: 1 }], [{}], ['media/a.png'], {}, null],
  thread: [[], [{ text: 'a' }], [{ media: [{ file: 'a' }], text: 'b' }], [{ text: 'a', media: [] }], [{ text: 1 }], [{ text: 'a', extra: 1 }], [{}], [null], 'a', null],
  overrides: [
    {},
    { x: { text: 'a' } },
    { x: {} },
    { x: { thread: [{ text: 't' }], media: [{ file: 'f' }], text: 'o' }, '1': { text: 'n' } },
    { x: { text: 1 } },
    { x: { txt: 'a' } },
    { x: null },
    { x: 'a' },
    JSON.parse('{"__proto__": {"text": "a"}}'),
    [],
    null,
  ],
  status: ['idea', 'draft', 'ready', 'Ready', 'done', '', 1, null],
  notes: ['', 'n', 1, null],
  langs: [[], ['en'], ['en', 'de', 'fr'], ['en', 'de', 'fr', 'it'], [1], 'en', null],
  // Fields the quick check leaves to zod.
  repeat: [{ every: '1 week' }],
  evergreen: [{ every: '60 days' }],
  stagger: ['45m', { bluesky: '0m' }],
  priority: [1, 1.5],
  reply_to: ['https://bsky.app/x'],
  card: [{ uri: 'https://x', title: 't' }],
  tag: ['typo'],
  __proto__: [{ text: 'a' }],
};

describe('quickPostInput against zod', () => {
  it('agrees on every field with good, bad and odd values', () => {
    let taken = 0;
    let declined = 0;
    for (const [key, values] of Object.entries(VARIANTS)) {
      for (const v of values) {
        const post: Record<string, unknown> = { ...BASE };
        Object.defineProperty(post, key, { value: v, enumerable: true, configurable: true, writable: true });
        if (v === undefined) delete post[key];
        if (agree(post, `${key}: ${JSON.stringify(v)}`)) taken++;
        else declined++;
      }
    }
    // Without `at`, a queue is needed; neither: zod's "at required".
    expect(agree({ channels: ['a'], text: 't', queue: 'weekly' }, 'a queue without at')).toBe(true);
    expect(agree({ channels: ['a'], text: 't' }, 'no at, no queue')).toBe(false);
    for (const [i, v] of [null, 'text', 1, [], [BASE], new Date(0), Object.create(null), Object.assign(Object.create(null), BASE)].entries()) agree(v, `odd value ${i}`);
    expect(taken).toBeGreaterThan(30);
    expect(declined).toBeGreaterThan(50);
  });

  it('agrees on every post of the example calendar and takes them all but those with other fields', () => {
    const root = join(import.meta.dirname, '../../examples/calendar/posts');
    const files = readdirSync(root, { recursive: true }).map(String).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(20);
    const taken = files.filter((f) => agree(yamlValue(readFileSync(join(root, f), 'utf8')), f)).length;
    expect(taken).toBeGreaterThan(files.length / 2);
  });

  it('agrees on the post files of 100 fuzz cases (broken and hostile)', () => {
    let taken = 0;
    let declined = 0;
    for (let i = 0; i < 100; i++) {
      for (const [path, content] of fuzzCase(23, i).files) {
        if (!Buffer.isBuffer(content) || !path.startsWith('posts/')) continue;
        let text: string;
        try {
          text = new TextDecoder('utf-8', { fatal: true }).decode(content);
        } catch {
          continue;
        }
        const value = yamlValue(text);
        if (value === undefined) continue;
        if (agree(value, `case ${i} ${path}`)) taken++;
        else declined++;
      }
    }
    expect(taken).toBeGreaterThan(250);
    expect(declined).toBeGreaterThan(25);
  }, 120_000);

  describe('the benchmark calendar', () => {
    const dir = mkdtempSync(join(tmpdir(), 'socialcal-schema-fast-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('agrees on its posts, and takes every one', async () => {
      // A plain script of the benchmark (JavaScript without types).
      const script = '../../scripts/synthetic-calendar.js';
      const { generateCalendar } = (await import(script)) as { generateCalendar: (dir: string, opts: Record<string, number>) => unknown };
      generateCalendar(dir, { posts: 300, campaigns: 5, accounts: 10 });
      const files = readdirSync(join(dir, 'posts'), { recursive: true }).map(String).filter((f) => f.endsWith('.yaml'));
      expect(files.length).toBe(300);
      for (const f of files) expect(agree(yamlValue(readFileSync(join(dir, 'posts', f), 'utf8')), f), f).toBe(true);
    });
  });
});
