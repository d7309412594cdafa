// Crashes the fuzz corpus found, each pinned as a plain test.
import { afterAll, describe, expect, it } from 'vitest';
import { collect as check } from '../../src/commands/check.js';
import { calendarDir, removeDir } from '../support/calendar-dir.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));
const NOW = new Date('2027-01-15T00:00:00Z');

describe('found by the fuzz corpus', () => {
  it('channels and roles named like Object\'s own properties are unknown names, not a crash', async () => {
    const dir = calendarDir({
      'posts/2027/03/proto.yaml': 'at: 2027-03-08 10:00\nchannels: [__proto__, constructor, toString]\ntext: hi\noverrides:\n  valueOf: { text: x }\n',
    });
    dirs.push(dir);
    const { problems } = await check(dir, NOW);
    const unknown = problems.filter((p) => p.code === 'ref-account').map((p) => p.message);
    expect(unknown).toEqual(['unknown account "__proto__"', 'unknown account "constructor"', 'unknown account "toString"']);
    expect(problems.find((p) => p.code === 'ref-override')).toMatchObject({ file: 'posts/2027/03/proto.yaml', line: 5 });
  });
});
