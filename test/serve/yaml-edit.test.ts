import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { editYaml, readYaml } from '../../src/calendar/yaml-edit.js';
import { fieldEdits } from '../../src/serve/edit.js';

// Edits through the yaml document API: only the changed lines change.

const EXAMPLES = 'examples/calendar';
const exampleFiles = readdirSync(EXAMPLES, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml'));

function changedLines(a: string, b: string): string[] {
  const x = a.split('\n');
  const y = b.split('\n');
  expect(y.length).toBe(x.length);
  return y.filter((line, i) => line !== x[i]);
}

describe('editYaml', () => {
  it('changes only the edited line in every example file, whatever spacing the rest uses', () => {
    expect(exampleFiles.length).toBeGreaterThan(20);
    for (const file of exampleFiles.filter((f) => f.startsWith('posts/'))) {
      const text = readFileSync(join(EXAMPLES, file), 'utf8');
      const status = readYaml(text).status === 'draft' ? 'ready' : 'draft';
      const out = editYaml(text, [{ path: ['status'], value: status }]);
      expect(readYaml(out).status, file).toBe(status);
      if (readYaml(text).status !== undefined) expect(changedLines(text, out), file).toEqual([`status: ${status}`]);
    }
  });

  it('keeps comments, key order and the scalar style when a value changes', () => {
    const text = '# owner: dana\nat: 2027-03-08 10:00   # after the webinar\nchannels: [bluesky, mastodon]\ntext: |\n  Hello\n  world\nstatus: draft # not yet\n';
    const out = editYaml(text, [
      { path: ['at'], value: '2027-03-09 10:00' },
      { path: ['text'], value: 'Hello\nthere\n' },
    ]);
    expect(out).toBe('# owner: dana\nat: 2027-03-09 10:00   # after the webinar\nchannels: [bluesky, mastodon]\ntext: |\n  Hello\n  there\nstatus: draft # not yet\n');
  });

  it('rewrites nested block text at its own indentation, and only those lines', () => {
    const text = readFileSync(join(EXAMPLES, 'posts/2027/01/launch-day.yaml'), 'utf8');
    const before = readYaml(text) as { thread: { text: string }[]; overrides: { facebook: { text: string } } };
    const out = editYaml(text, [
      { path: ['thread', 1, 'text'], value: 'Join the launch livestream on Friday → https://acme.example/live' },
      { path: ['overrides', 'facebook', 'text'], value: 'Acme 2.0 is here.\nSee you on Friday.\n' },
    ]);
    const after = readYaml(out) as typeof before;
    expect(after.thread[1].text).toBe('Join the launch livestream on Friday → https://acme.example/live');
    expect(after.overrides.facebook.text).toBe('Acme 2.0 is here.\nSee you on Friday.\n');
    expect({ ...after, thread: before.thread, overrides: { ...after.overrides, facebook: before.overrides.facebook } }).toEqual(before);
    // Everything before the thread item and after the facebook override is the same bytes.
    expect(out.startsWith(text.slice(0, text.indexOf('  - text: Join')))).toBe(true);
    expect(out).toContain('    thread: []   # LinkedIn has no reply chains (rule threads)');
    expect(out).toContain('    text: |\n      Acme 2.0 is here.\n      See you on Friday.\n    thread: []\n');
  });

  it('quotes a new plain value that would read as a number, a map or a comment, and makes multi-line text a block', () => {
    const text = 'id: x\ntext: hi\nnotes: plain\n';
    const out = editYaml(text, [
      { path: ['id'], value: '123' },
      { path: ['text'], value: 'Q&A: ask us #anything' },
      { path: ['notes'], value: 'line one\nline two' },
    ]);
    expect(readYaml(out)).toEqual({ id: '123', text: 'Q&A: ask us #anything', notes: 'line one\nline two' });
    expect(out).toBe('id: "123"\ntext: "Q&A: ask us #anything"\nnotes: |-\n  line one\n  line two\n');
  });

  it('adds and removes fields and list items', () => {
    const text = 'at: 2027-03-08 10:00\nchannels: [bluesky]\ntags: [a, b]\ntext: hi\n';
    const out = editYaml(text, fieldEdits(readYaml(text), { at: '2027-03-08 10:00', channels: ['bluesky', 'mastodon'], text: 'hi', status: 'ready' }));
    expect(out).toBe('at: 2027-03-08 10:00\nchannels: [bluesky, mastodon]\ntext: hi\nstatus: ready\n');
  });

  it('keeps `at` a string and quotes text that would read as something else', () => {
    const out = editYaml('at: 2027-03-08 10:00\ntext: hi\n', [{ path: ['text'], value: 'yes: no' }]);
    expect(readYaml(out)).toEqual({ at: '2027-03-08 10:00', text: 'yes: no' });
  });

  it('refuses to edit a file that is not valid YAML', () => {
    expect(() => editYaml('at: [unclosed\n', [{ path: ['at'], value: 'x' }])).toThrow(/invalid YAML/);
  });
});

describe('fieldEdits', () => {
  it('names only the values that differ, item by item', () => {
    const before = { text: 'a', thread: [{ text: 'one' }, { text: 'two' }], overrides: { linkedin: { text: 'L', thread: [] } } };
    const after = { text: 'a', thread: [{ text: 'one' }, { text: 'TWO' }], overrides: { linkedin: { thread: [] } } };
    expect(fieldEdits(before, after)).toEqual([
      { path: ['thread', 1, 'text'], value: 'TWO' },
      { path: ['overrides', 'linkedin', 'text'], value: undefined },
    ]);
  });

  it('replaces a list whose length changed, and removes a field set to null', () => {
    expect(fieldEdits({ tags: ['a'], notes: 'x' }, { tags: ['a', 'b'], notes: null })).toEqual([
      { path: ['tags'], value: ['a', 'b'] },
      { path: ['notes'], value: undefined },
    ]);
  });
});
