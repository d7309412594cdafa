import { afterAll, describe, expect, it } from 'vitest';
import { calendarDir, removeDir } from '../support/calendar-dir.js';
import { cli } from '../support/cli.js';

// A time out of range (a huge milestone offset, an offset past +14:00) is a located problem in
// every command that loads the calendar, never a RangeError with a stack.

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

const dir = calendarDir({
  'posts/2027/03/far.yaml': 'at: launch - 99999999999d\ncampaign: spring\nchannels: [bluesky]\ntext: far\n',
  'posts/2027/03/offset.yaml': 'at: 2027-05-04T10:00:00+25:00\nchannels: [bluesky]\ntext: offset\n',
});
dirs.push(dir);

describe('times out of range', () => {
  it('check locates both', () => {
    const r = cli(['check', '--format', 'json'], { cwd: dir });
    expect(r.stderr).not.toMatch(/RangeError|\n\s+at /);
    expect(r.code).toBe(1);
    const problems = JSON.parse(r.stdout).problems as { file: string; line: number; code: string }[];
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'posts/2027/03/far.yaml', line: 1, code: 'time-range' }),
        expect.objectContaining({ file: 'posts/2027/03/offset.yaml', line: 1, code: 'time-offset' }),
      ]),
    );
  });

  it.each([['ls', '--all'], ['calendar', '--month', '2027-03'], ['export', 'ics'], ['export', 'csv']])('%s %s runs without a stack trace', (...args) => {
    const r = cli(args, { cwd: dir });
    expect(r.stderr + r.stdout).not.toMatch(/RangeError|internal error|\n\s+at /);
    expect(r.code).toBe(0);
  });
});
