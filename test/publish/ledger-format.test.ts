// The ledger writer's fast path (plain scalars only) writes the same bytes as the YAML library,
// and what it writes reads back as the same ledger file.
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ledgerDocument, parseLedgerFile, serializeLedgerFile, type AccountEntry, type LedgerFile } from '../../src/publish/ledger.js';
import { PUBLISH_STATES } from '../../src/calendar/model.js';

// Strings near the edge of what YAML writes unquoted: numbers, booleans, nulls, indicators, spaces.
const tricky = fc.constantFrom('12', '1e5', '0x1F', 'true', 'NULL', '1', '12', '1e5', '12345e78', '0x1F', '0o17', '.5', '+1', '-1', '1.', 'true', 'False', 'NULL', 'null', '~', 'Yes', 'no', 'a:', 'a: b', 'a #b', 'a#b', '#x', '@x', '-a', 'a,b', 'a[b]', '{a}', '!x', '&x', '*x', '%x', '`x', "'x", '"x', 'x\ny', ' x', 'x ', 'é', '2027-01-20', '2027-01-20T09:00:00.000Z', 'https://bsky.app/profile/a.test/post/3lfyw2k7cxs2a', 'at://did:plc:abc/app.bsky.feed.post/3lfyw2k7cxs2a', 'container:178', '');
// Mostly strings the fast path writes, so that it is taken; now and then one it must hand over.
const idLike = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_]{0,8}(?:[./:@+-]{1,3}[A-Za-z0-9_]{1,8}){0,4}$/);
const text = fc.oneof({ arbitrary: idLike, weight: 200 }, { arbitrary: fc.stringMatching(/^[\w./:@+-]{1,24}$/), weight: 2 }, { arbitrary: tricky, weight: 2 }, { arbitrary: fc.string({ maxLength: 12 }), weight: 1 });
const time = fc.integer({ min: 0, max: 4_102_444_800_000 }).map((ms) => new Date(ms));
const optional = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const item = fc.record({ handle: text, id: optional(text), url: optional(text), ref: optional(fc.dictionary(fc.constantFrom('uri', 'cid', 'container'), text, { minKeys: 1, maxKeys: 3 })), at: optional(time) });
const entry: fc.Arbitrary<AccountEntry> = fc.record({
  state: fc.constantFrom(...PUBLISH_STATES),
  run: text,
  claimedAt: time,
  updatedAt: time,
  publishedAt: optional(time),
  attempts: fc.oneof({ arbitrary: fc.nat(20), weight: 30 }, { arbitrary: fc.constantFrom(-1, 1.5), weight: 1 }),
  items: fc.array(item, { maxLength: 3 }),
  error: optional(text),
  note: optional(text),
  retryUntil: optional(time),
});
const ledgerFile: fc.Arbitrary<LedgerFile> = fc.record({
  post: text,
  file: optional(text),
  at: optional(time),
  hash: optional(fc.oneof({ arbitrary: fc.stringMatching(/^[0-9a-f]{16}$/), weight: 10 }, { arbitrary: fc.constantFrom('1234567890123456', '12345e7890123456'), weight: 1 })),
  accounts: fc.dictionary(fc.oneof({ arbitrary: fc.constantFrom('bsky', 'masto', 'linkedin'), weight: 30 }, { arbitrary: fc.constantFrom('a b', '1'), weight: 1 }), entry, { maxKeys: 3 }),
});

describe('ledger file text', () => {
  it('is byte for byte what the YAML library writes, for any ledger file', () => {
    fc.assert(
      fc.property(ledgerFile, (file) => {
        const written = serializeLedgerFile(file);
        expect(written.split('\n')[0]).toMatch(/^# Written by `socialcal publish`/);
        expect(written.slice(written.indexOf('\n') + 1)).toBe(stringify(ledgerDocument(file), { lineWidth: 0 }));
      }),
      { numRuns: 3000, seed: 17 },
    );
  });

  it('reads back as the file that was written (a typical published entry, written without the library)', () => {
    const at = new Date('2027-01-20T09:00:14.902Z');
    const file: LedgerFile = {
      post: 'launch-thread',
      file: 'posts/2027/01/launch-thread.yaml',
      at: new Date('2027-01-20T09:00:00.000Z'),
      hash: '9c1e03a7b2d4f85e',
      accounts: {
        bsky: {
          state: 'published',
          run: '20270120T090012Z-4f2a1c',
          claimedAt: at,
          updatedAt: at,
          publishedAt: at,
          attempts: 1,
          items: [{ handle: '3lfyw2k7cxs2a', id: 'at://did:plc:abc/app.bsky.feed.post/3lfyw2k7cxs2a', url: 'https://bsky.app/profile/acme.test/post/3lfyw2k7cxs2a', ref: { uri: 'at://did:plc:abc/app.bsky.feed.post/3lfyw2k7cxs2a', cid: 'bafyreiabc' }, at }],
        },
        masto: { state: 'claimed', run: '20270120T090012Z-4f2a1c', claimedAt: at, updatedAt: at, attempts: 0, items: [] },
      },
    };
    const written = serializeLedgerFile(file);
    expect(written).toContain('\n      - handle: 3lfyw2k7cxs2a\n        id: at://did:plc:abc/app.bsky.feed.post/3lfyw2k7cxs2a\n');
    expect(written).toContain('\n    items: []\n');
    const back = parseLedgerFile(written, 'test');
    expect(back).toEqual({ ...file, accounts: { bsky: { ...file.accounts.bsky, items: [{ ...file.accounts.bsky.items[0] }] }, masto: file.accounts.masto } });
  });
});
