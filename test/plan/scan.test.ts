// The line scan that picks a posts-only plan's unchanged neighbours (src/plan/scan.ts): it reads a
// post's id and wall time only where it is sure, and says "not sure" (the file is then loaded) otherwise.
import { describe, expect, it } from 'vitest';
import { scanText } from '../../src/plan/scan.js';

const wall = (text: string) => Date.parse(`${text.replace(' ', 'T')}:00Z`);

describe('scanText', () => {
  it('reads a plain top-level `at` and `id`, quoted or not, with comments, CRLF and a byte order mark', () => {
    expect(scanText('# a post\nat: 2027-03-01 10:00\nchannels: [bluesky]\ntext: |\n  at: 2030-01-01 00:00\n  id: nope\n', 'posts/a.yaml')).toEqual({ id: 'a', wall: wall('2027-03-01 10:00') });
    expect(scanText('\ufeffid: "launch"\r\nat: \'2027-03-01T10:00\'  # local\r\ntext: x\r\n', 'posts/b.yml')).toEqual({ id: 'launch', wall: wall('2027-03-01 10:00') });
    expect(scanText('---\nat: 2027-03-01\nid: day-one # first\n', 'posts/c.yaml')).toEqual({ id: 'day-one', wall: Date.parse('2027-03-01T00:00:00Z') });
  });

  it('is not sure of a post that repeats, rotates, waits in a queue, is staggered or has no plain `at`', () => {
    for (const extra of ['repeat:\n  every: 1 week', 'evergreen: { every: 60 days }', 'queue: tips', 'stagger: 45m']) {
      expect(scanText(`at: 2027-03-01 10:00\n${extra}\ntext: x\n`, 'posts/a.yaml'), extra).toBeUndefined();
    }
    for (const at of ['at: next-slot', 'at: launch - 2d', 'at: 2027-03-01T10:00+02:00', 'at: >-\n  2027-03-01 10:00', 'at: *time', 'at: !!str 2027-03-01 10:00', 'text: no time at all']) {
      expect(scanText(`${at}\ntext: x\n`, 'posts/a.yaml'), at).toBeUndefined();
    }
  });

  it('is not sure of a file whose column-0 lines are not all plain keys, or with a key twice', () => {
    for (const text of [
      '{ at: "2027-03-01 10:00", text: x }\n',
      '"at": 2027-03-01 10:00\n',
      '<<: { at: "2027-03-01 10:00" }\nat: 2027-03-01 10:00\n',
      'at: 2027-03-01 10:00\n\ttext: x\n',
      'at: 2027-03-01 10:00\nat: 2027-09-01 10:00\n',
      'at: 2027-03-01 10:00\n---\nat: 2027-09-01 10:00\n',
      'at: 2027-03-01 10:00\rtext: x\r',
      'id: a\nid: b\nat: 2027-03-01 10:00\n',
    ]) {
      expect(scanText(text, 'posts/a.yaml'), text).toBeUndefined();
    }
  });

  it('is not sure of an id YAML would not read as the string written', () => {
    for (const id of ['123', '1e3', 'true', 'No', 'null', 'a b', 'a#b']) expect(scanText(`id: ${id}\nat: 2027-03-01 10:00\n`, 'posts/a.yaml'), id).toBeUndefined();
    expect(scanText(`id: '123'\nat: 2027-03-01 10:00\n`, 'posts/a.yaml')).toEqual({ id: '123', wall: wall('2027-03-01 10:00') });
  });
});
