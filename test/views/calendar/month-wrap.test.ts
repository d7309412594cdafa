import { Chalk } from 'chalk';
import { resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildGrid } from '../../../src/views/calendar/grid.js';
import { campaignGapDays } from '../../../src/views/calendar/gaps.js';
import { wrapText } from '../../../src/views/calendar/cells.js';
import { parseMonth } from '../../../src/views/calendar/period.js';
import { renderMonth } from '../../../src/views/calendar/render-text.js';
import { stringWidth } from '../../../src/views/table.js';
import { memoryCalendar, post } from '../support/calendar.js';

// The month view at 80 columns: posts wrap in their cells instead of being cut to a letter,
// busy days say "+N more", and empty-day marks follow the campaign's cadence.

const plain = new Chalk({ level: 0 });
const now = new Date('2027-03-01T12:00:00Z');
const WEEKLY = `name: Weekly tips\nstarts: 2027-03-01\nends: 2027-03-31\nmilestones:\n  webinar: 2027-03-17 16:00\n`;

function weekly(skip: string[] = []) {
  const files: Record<string, string> = { 'campaigns/tips.yaml': WEEKLY };
  for (const day of ['01', '08', '15', '22', '29'].filter((d) => !skip.includes(d))) {
    files[`posts/tip${day}.yaml`] = `at: 2027-03-${day} 10:00\nchannels: [bluesky]\ncampaign: tips\ntext: "Tip of the week ${day}: keep your release notes short and friendly"\n`;
  }
  return memoryCalendar(files);
}

describe('month view at 80 columns', () => {
  it('wraps a post over up to three lines of its cell, so its words can be read', () => {
    const text = renderMonth(buildGrid(weekly(), parseMonth('2027-03'), { now }), { width: 80, chalk: plain });
    for (const line of text.trimEnd().split('\n')) expect(stringWidth(line)).toBeLessThanOrEqual(80);
    const cell = (line: string) => line.split('│')[0];
    const lines = text.split('\n');
    const start = lines.findIndex((l) => /^1 /.test(l) || l.startsWith('[1]'));
    expect(lines.slice(start + 1, start + 4).map(cell)).toEqual(['10:00 B   ', ' Tip of   ', ' the week…']);
  });

  it('shows "+N more" for a day with more posts than fit, never dropping one silently', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 7; i++) files[`posts/p${i}.yaml`] = post(`2027-03-10 1${i}:00`);
    const text = renderMonth(buildGrid(memoryCalendar(files), parseMonth('2027-03'), { now }), { width: 80, chalk: plain, maxLines: 4 });
    const column = text.split('\n').map((l) => l.split('│')[2] ?? '');
    const shown = column.filter((c) => /^1\d:00/.test(c)).length;
    const more = Number(column.find((c) => c.startsWith('+'))!.match(/\+(\d+) more/)![1]);
    expect(shown + more).toBe(7);
  });

  it('honours COLUMNS when output is not a terminal', () => {
    const r = spawnSync(process.execPath, [resolve('bin/socialcal.js'), '-C', resolve('examples/calendar'), 'calendar', '--month', '2027-01'], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', COLUMNS: '132' },
    });
    expect(r.status, r.stderr).toBe(0);
    const widest = Math.max(...r.stdout.split('\n').map(stringWidth));
    expect(widest).toBeGreaterThan(120);
    expect(widest).toBeLessThanOrEqual(132);
  });
});

describe('gap marks follow the campaign cadence', () => {
  const days = (skip: string[]) => {
    const cal = weekly(skip);
    return [...campaignGapDays(cal.campaigns.get('tips')!, cal.posts, 'Europe/Berlin')].sort();
  };

  it('marks nothing but an empty milestone day for a weekly campaign that keeps its rhythm', () => {
    expect(days([])).toEqual(['2027-03-17']);
  });

  it('marks the missed week where its post was due', () => {
    expect(days(['15'])).toEqual(['2027-03-15', '2027-03-17']);
  });

  it('marks a campaign with no posts on its first day and milestones only', () => {
    expect(days(['01', '08', '15', '22', '29'])).toEqual(['2027-03-01', '2027-03-17']);
  });

  it('keeps the month readable: few ∅ marks for a weekly campaign', () => {
    const text = renderMonth(buildGrid(weekly(['15']), parseMonth('2027-03'), { now }), { width: 80, chalk: plain });
    expect(text.match(/∅ no posts/g)).toHaveLength(2);
  });
});

describe('wrapText', () => {
  it('splits a long URL at the line edge and ends a cut text with …', () => {
    expect(wrapText('see https://acme.example/a-very-long-path', 6, 9, 3)).toEqual(['see', 'https://a', 'cme.exam…']);
    expect(wrapText('short', 10, 10, 3)).toEqual(['short']);
  });
});
