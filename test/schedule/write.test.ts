import { describe, expect, it } from 'vitest';
import { withNextOccurrence, withSlot } from '../../src/schedule/write.js';

// Writing the chosen time changes the `queue`/`at` line and nothing else, byte for byte.

const AT = '2027-03-02 10:00';

describe('withSlot', () => {
  it('turns `queue: name` into `at: <time>` in place; comments, quoting and order stay', () => {
    const before = [
      '# yaml-language-server: $schema=../../node_modules/socialcal/schemas/post.schema.json',
      '# A tip for the queue.',
      'channels: [bluesky,   mastodon]   # odd spacing kept',
      'queue: tips  # filled by schedule',
      "text: 'single quoted: kept'",
      'notes: |',
      '  two lines',
      '  of notes',
      '',
    ].join('\n');
    const after = withSlot(before, AT);
    expect(after).toBe(before.replace('queue: tips', `at: ${AT}`));
  });

  it('`at: next-slot` gets the time and the `queue` line goes; the rest is unchanged', () => {
    const before = '# head\nat: next-slot # keep me\nqueue: "tips"\nchannels: [bluesky]\ntext: hi\n';
    expect(withSlot(before, AT)).toBe(`# head\nat: ${AT} # keep me\nchannels: [bluesky]\ntext: hi\n`);
  });

  it('`at: next-slot` without a queue line', () => {
    expect(withSlot('at: "next-slot"\ntext: hi\n', AT)).toBe(`at: ${AT}\ntext: hi\n`);
  });

  it('keeps a byte order mark and CRLF line ends', () => {
    const before = '\ufeffqueue: tips\r\nchannels: [bluesky]\r\ntext: hi\r\n';
    expect(withSlot(before, AT)).toBe(`\ufeffat: ${AT}\r\nchannels: [bluesky]\r\ntext: hi\r\n`);
  });

  it('a file without a trailing newline', () => {
    expect(withSlot('text: hi\nqueue: tips', AT)).toBe(`text: hi\nat: ${AT}`);
  });

  it('a post written as one flow map still gets its time', () => {
    expect(withSlot('{ queue: tips, channels: [bluesky], text: hi }\n', AT)).toBe(`{ at: ${AT}, channels: [bluesky], text: hi }\n`);
  });

  it('refuses a file that is not a queued post', () => {
    expect(() => withSlot('text: hi\n', AT)).toThrow(/next-slot|queue/);
    expect(() => withSlot('- a\n', AT)).toThrow(/map/);
  });
});

describe('withNextOccurrence (evergreen)', () => {
  const NEXT = '2027-05-11 10:00';
  it.each([
    ['first time: `at` goes under `queue`, which stays', 'queue: tips # q\nevergreen: { every: 60 days }\ntext: hi', 'queue: tips # q\nat: 2027-05-11 10:00\nevergreen: { every: 60 days }\ntext: hi'],
    ['first time with `at: next-slot`: the time replaces it', 'queue: tips\nat: next-slot # fill\nevergreen: { every: 60 days }\ntext: hi\n', 'queue: tips\nat: 2027-05-11 10:00 # fill\nevergreen: { every: 60 days }\ntext: hi\n'],
    ['block map without history: history is added under it', 'queue: tips\nat: 2027-01-05 10:00 # first\nevergreen:\n  every: 60 days # gap\ntext: hi\n', 'queue: tips\nat: 2027-05-11 10:00 # first\nevergreen:\n  every: 60 days # gap\n  history:\n    - 2027-01-05 10:00\ntext: hi\n'],
    ['block history: the old time (quoted as written) is appended', 'queue: tips\nat: "2027-03-09 10:00"\nevergreen:\n  every: 60 days\n  history:\n    - 2027-01-05 10:00 # one\ntext: hi\n', 'queue: tips\nat: 2027-05-11 10:00\nevergreen:\n  every: 60 days\n  history:\n    - 2027-01-05 10:00 # one\n    - "2027-03-09 10:00"\ntext: hi\n'],
    ['flow map and flow history', 'queue: tips\nat: 2027-03-09 10:00\nevergreen: { every: 60 days, history: [2027-01-05 10:00] }\ntext: hi', 'queue: tips\nat: 2027-05-11 10:00\nevergreen: { every: 60 days, history: [2027-01-05 10:00, 2027-03-09 10:00] }\ntext: hi'],
    ['empty flow history at the end of the file', 'queue: tips\ntext: hi\nat: 2027-03-09 10:00\nevergreen:\n  every: 60 days\n  history: []', 'queue: tips\ntext: hi\nat: 2027-05-11 10:00\nevergreen:\n  every: 60 days\n  history: [2027-03-09 10:00]'],
    ['evergreen last, no newline at the end', 'queue: tips\ntext: hi\nat: 2027-03-09 10:00\nevergreen:\n  every: 60 days', 'queue: tips\ntext: hi\nat: 2027-05-11 10:00\nevergreen:\n  every: 60 days\n  history:\n    - 2027-03-09 10:00\n'],
  ])('%s', (_name, before, after) => {
    expect(withNextOccurrence(before, NEXT)).toBe(after);
  });

  it('keeps a BOM', () => {
    expect(withNextOccurrence('\ufeffqueue: tips\nevergreen: { every: 8w }\ntext: hi\n', NEXT)).toBe('\ufeffqueue: tips\nat: 2027-05-11 10:00\nevergreen: { every: 8w }\ntext: hi\n');
  });
});
