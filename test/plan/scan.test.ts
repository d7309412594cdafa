// The line scan that picks a posts-only plan's unchanged neighbours (src/plan/scan.ts): it reads a
// post's id and wall time only where it is sure, and says "not sure" (the file is then loaded) otherwise.
import { describe, expect, it } from 'vitest';
import { scanBytes, scanText } from '../../src/plan/scan.js';

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

// scanBytes is scanText on the bytes without decoding the whole file: both must give the same
// answer for every file, or a plan could leave out a post it needs.
describe('scanBytes', () => {
  const same = (bytes: Uint8Array, label: string) => expect(scanBytes(bytes, 'posts/p.yaml'), label).toEqual(scanText(Buffer.from(bytes).toString('utf8'), 'posts/p.yaml'));

  it('answers as scanText on a table of edge cases', () => {
    const cases = [
      'at: 2027-03-01 10:00\ntext: x\n',
      '\ufeffid: "launch"\nat: \'2027-03-01T10:00\'  # local\ntext: x\n',
      '\ufeffid: "launch"\r\nat: 2027-03-01T10:00\r\n',
      '---\nat: 2027-03-01\nid: day-one # first\n',
      '--- \nat: 2027-03-01\n',
      '---\u00a0\nat: 2027-03-01\n',
      '---\n---\nat: 2027-03-01\n',
      'at: 2027-03-01\n---\n',
      '-- \nat: 2027-03-01\n',
      '- a\nat: 2027-03-01\n',
      'at:\u00a02027-03-01 10:00\u00a0\n',
      'at:\t2027-03-01 10:00\t# tab\n',
      'at: 2027-03-01 10:00\ntext: a\u2028b\n',
      'at: 2027-03-01 10:00\ntext: a\u2029b\n',
      'at: 2027-03-01 10:00\ntext: “quoted” — dash\n',
      'at: 2027-03-01 10:00\nnotes:x\n',
      'at: 2027-03-01 10:00\nnotes:\n  - a\n',
      'at: 2027-03-01 10:00\n\ttext: x\n',
      'at: 2027-03-01 10:00\nété: x\n',
      'at: 2027-03-01 10:00\n_k-1: x\n',
      'at: 2027-03-01 10:00\n1k: x\n',
      'at:2027-03-01 10:00\n',
      'at:\nid: a\n',
      'at: 2027-03-01 10:00\nat: 2027-03-01 10:00\n',
      'id: a\nid: a\nat: 2027-03-01 10:00\n',
      'id: 0x1\nat: 2027-03-01 10:00\n',
      'id: "yes"\nat: 2027-03-01 10:00\n',
      'id: yes\nat: 2027-03-01 10:00\n',
      'Repeat: x\nat: 2027-03-01 10:00\n',
      'queue: x\nat: 2027-03-01 10:00\n',
      'queues: x\nat: 2027-03-01 10:00\n',
      'evergreen:\nat: 2027-03-01 10:00\n',
      'at: 2027-13-45 99:99\n',
      'at: 2027-03-01 10:00',
      'at: 2027-03-01 10:00\rtext: x\r',
      '\n\n# only comments\n',
      '',
    ];
    for (const text of cases) same(Buffer.from(text, 'utf8'), JSON.stringify(text));
  });

  it('answers as scanText on bytes that are not valid UTF-8', () => {
    const cases = [
      [0xef, 0xbb, 0xbf, ...Buffer.from('at: 2027-03-01\n')],
      [0xef, 0xbb, ...Buffer.from('at: 2027-03-01\n')],
      [...Buffer.from('at: 2027-03-01\ntext: '), 0xff, 0xfe, 0x0a],
      [...Buffer.from('at: 2027-03-01\n'), 0xc3, ...Buffer.from('tag: x\n')],
      [...Buffer.from('at: 2027-03-01 '), 0xe2, 0x80, 0xa8, 0x0a],
      [...Buffer.from('at: 2027-03-01\ntext: '), 0xe2, 0xe2, 0x80, 0xa9, 0x0a],
      [...Buffer.from('id: a'), 0xc2, 0xa0, ...Buffer.from('\nat: 2027-03-01\n')],
    ];
    for (const bytes of cases) same(Uint8Array.from(bytes), Buffer.from(bytes).toString('hex'));
  });

  it('answers as scanText on 4,000 mutated post files', () => {
    const pieces = ['\n', '\r', '\r\n', ' ', '\t', '#', '-', ':', '---', 'at', 'id', 'at: ', 'id: ', '\u2028', '\u00a0', '\ufeff', 'é', '—', 'repeat', 'stagger', '"', "'", '2027-03-01 10:00', '0', 'x', 'true'];
    const base = 'id: launch-day\nat: 2027-03-01 10:00 # local\ncampaign: spring\nchannels: [bluesky, mastodon]\ntext: |\n  at: 2030-01-01\n  Spring is here — “finally”.\ntags: [news]\n';
    let seed = 17;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let i = 0; i < 4000; i++) {
      let text = base;
      for (let k = 1 + random(3); k > 0; k--) {
        const at = random(text.length + 1);
        const cut = random(3) === 0 ? random(4) : 0;
        text = text.slice(0, at) + pieces[random(pieces.length)] + text.slice(at + cut);
      }
      same(Buffer.from(text, 'utf8'), JSON.stringify(text));
    }
  });
});
