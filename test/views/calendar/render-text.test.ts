import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { stringWidth } from '../../../src/views/table.js';
import { buildGrid } from '../../../src/views/calendar/grid.js';
import { parseMonth, parseWeek } from '../../../src/views/calendar/period.js';
import { renderMonth, renderWeek } from '../../../src/views/calendar/render-text.js';
import { CAMPAIGN, ledger, memoryCalendar, post } from '../support/calendar.js';

const plain = new Chalk({ level: 0 });
const colour = new Chalk({ level: 3 });
const now = new Date('2027-03-20T12:00:00Z');

function fixture() {
  const files: Record<string, string> = {
    'campaigns/spring.yaml': CAMPAIGN,
    'posts/a.yaml': post('2027-03-23 10:00', 'campaign: spring\ntags: [promotional]\n'),
    'posts/c.yaml': post('2027-03-24 23:30', 'tags: [education]\nstatus: draft\n'),
    'posts/d.yaml': post('2027-03-28 09:00', 'campaign: spring\nchannels: [linkedin]\n'),
  };
  for (let i = 0; i < 6; i++) files[`posts/busy${i}.yaml`] = post(`2027-03-10 1${i}:00`);
  return memoryCalendar(files);
}
const freeze = ledger({}, [{ reason: 'incident', at: new Date('2027-03-30T08:00:00Z') }]);

describe('renderMonth', () => {
  it('fits 80 columns and reads without colour', () => {
    const text = renderMonth(buildGrid(fixture(), parseMonth('2027-03'), { now, ledger: freeze }), { width: 80, chalk: plain });
    for (const line of text.trimEnd().split('\n')) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
    expect(text).not.toMatch(/\u001b\[/);
    expect(text).toContain('March 2027 · Europe/Berlin');
    expect(text).toContain('publishing frozen: incident');
    expect(text).toContain('[20]'); // today
    expect(text).toMatch(/24 ░/); // blackout day mark
    expect(text).toMatch(/29 ★/); // milestone
    expect(text).toMatch(/30 ❄/); // frozen from the 30th on
    expect(text).toMatch(/29 ★∅/); // launch day of a running campaign without its post
    expect(text).not.toMatch(/22 ∅/); // the campaign posts every 5 days: the 22nd is not a missed slot
    expect(text).toContain('10:00 BM');
    expect(text).toContain('23:30~BM'); // draft mark
    expect(text).toContain('+3 more'); // six posts on the 10th, four lines
    expect(text).toContain('B bluesky  M mastodon  L linkedin');
    expect(text).toMatchSnapshot();
  });

  it('uses the width it is given, and colours accounts with their configured colour', () => {
    const grid = buildGrid(fixture(), parseMonth('2027-03'), { now });
    const wide = renderMonth(grid, { width: 200, chalk: plain });
    expect(Math.max(...wide.split('\n').map(stringWidth))).toBeGreaterThan(180);
    expect(wide).toContain('10:00 BM Post at 2027-03');
    const coloured = renderMonth(grid, { width: 80, chalk: colour });
    expect(coloured).toContain(colour.hex('#0a66c2').bold('L'));
    expect(coloured).toContain(colour.blue.bold('B'));
  });
});

describe('renderWeek', () => {
  it('lays a week out by hour, widening to the hours in use', () => {
    const text = renderWeek(buildGrid(fixture(), parseWeek('2027-W12'), { now }), { width: 80, chalk: plain });
    for (const line of text.trimEnd().split('\n')) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
    const lines = text.split('\n');
    expect(lines[0]).toBe('Week 12, 2027 (2027-03-22 – 2027-03-28) · Europe/Berlin');
    expect(lines[1]).toMatch(/^ {4}│Mon 22 *│Tue 23/);
    const row23 = lines.find((l) => l.startsWith('23h'))!;
    expect(row23).toContain('23:30~BM');
    expect(lines.some((l) => l.startsWith('08h'))).toBe(true);
    expect(lines.some((l) => l.startsWith('07h'))).toBe(false);
    expect(text).not.toContain('∅ no posts'); // a 5-day cadence misses no slot this week
    expect(text).toMatchSnapshot();
  });
});
