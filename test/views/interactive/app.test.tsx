import { renderToString } from 'ink';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { Problem } from '../../../src/calendar/problems.js';
import { App } from '../../../src/views/interactive/App.js';
import { pressKey, shiftMonth } from '../../../src/views/interactive/keys.js';
import { MonthView } from '../../../src/views/interactive/MonthView.js';
import { PostView } from '../../../src/views/interactive/PostView.js';
import { postDetail } from '../../../src/views/calendar/detail.js';
import { buildGrid } from '../../../src/views/calendar/grid.js';
import { parseMonth } from '../../../src/views/calendar/period.js';
import { CAMPAIGN, ledger, memoryCalendar, post } from '../support/calendar.js';
import { frameWith, press } from '../support/ink.js';

const now = new Date('2027-03-20T12:00:00Z');
const KEYS = { right: '\u001B[C', left: '\u001B[D', up: '\u001B[A', down: '\u001B[B', enter: '\r', escape: '\u001B', backspace: '\u007F' };

function fixture() {
  return memoryCalendar(
    {
      'campaigns/spring.yaml': CAMPAIGN,
      'posts/teaser.yaml': post(
        '2027-03-23 10:00',
        'campaign: spring\ntags: [promotional]\nmedia:\n  - file: media/t.png\n    alt: A box with a question mark\noverrides:\n  mastodon:\n    text: Mastodon version https://acme.example/m\n',
      ),
      'posts/tip.yaml': post('2027-03-23 15:00', 'tags: [education]\n'),
      'posts/april.yaml': post('2027-04-06 09:00', 'tags: [education]\n'),
    },
    { 'media/t.png': 1200 },
  );
}

const finding: Problem = { file: 'posts/teaser.yaml', line: 3, column: 1, path: 'tags', severity: 'warning', code: 'x', message: 'promotional post in a blackout', rule: 'blackout' };

let active: ReturnType<typeof render> | undefined;
afterEach(() => active?.unmount());

function start() {
  const calendar = fixture();
  const view = ledger({ 'teaser/bluesky': { state: 'published', url: 'https://bsky.app/profile/acme/post/1' } });
  active = render(<App calendar={calendar} ledger={view} problems={[finding]} month={parseMonth('2027-03') as never} filter={{}} now={now} width={100} />);
  return active;
}

describe('interactive calendar', () => {
  it('starts on today and moves the cursor with arrows and hjkl', async () => {
    const app = start();
    await press(app, '');
    await frameWith(app, 'March 2027');
    await frameWith(app, '▶20');
    await press(app, KEYS.right);
    await frameWith(app, '▶21');
    await press(app, 'j');
    await frameWith(app, '▶28');
    await press(app, 'k', 'k', 'h', KEYS.left);
    await frameWith(app, '▶12');
  });

  it('changes month with n and p, and follows the cursor across month ends', async () => {
    const app = start();
    await press(app, 'n');
    await frameWith(app, 'April 2027');
    await frameWith(app, '▶20');
    await press(app, 'p', 'p');
    await frameWith(app, 'February 2027');
    await press(app, KEYS.down, KEYS.down);
    await frameWith(app, 'March 2027');
    await frameWith(app, '▶6');
  });

  it('opens a day, then a post with the final text per account, media, findings and publish state', async () => {
    const app = start();
    await press(app, 'l', 'l', 'l', KEYS.enter); // 2027-03-23
    const day = await frameWith(app, '2027-03-23 · Europe/Berlin');
    expect(day).toContain('2027-03-23 · Europe/Berlin');
    expect(day).toContain('› 10:00 BM Post at 2027-03-23 10:00');
    expect(day).toContain('15:00 BM');
    await press(app, 'j', 'k', KEYS.enter);
    const detail = await frameWith(app, 'teaser · 2027');
    expect(detail).toContain('teaser · 2027-03-23 10:00 Europe/Berlin · ready');
    expect(detail).toContain('bluesky (bluesky acme.bsky.social) · published https://bsky.app/profile/acme/post/1');
    expect(detail).toContain('mastodon (mastodon @acme@example.social) · not published');
    // Campaign UTM parameters are part of the final text.
    expect(detail).toContain('https://acme.example/m?utm_source=mastodon&utm_medium=social&utm_campaign=spring');
    expect(detail).toMatch(/\d+\/300/); // bluesky length against its limit
    expect(detail).toMatch(/\d+\/500/);
    expect(detail).toContain('media media/t.png — alt: A box with a question mark');
    expect(detail).toContain('warning posts/teaser.yaml:3:1 tags: promotional post in a blackout (blackout)');
    await press(app, KEYS.escape);
    await new Promise((r) => setTimeout(r, 50)); // ink waits briefly to tell a lone escape from a sequence
    await frameWith(app, '› 10:00 BM');
    await press(app, KEYS.backspace);
    await frameWith(app, '▶23');
  });

  it('filters with / and shows the search in the status line', async () => {
    const app = start();
    await press(app, '/', '#', 'e', 'd', 'u', 'c', 'a', 't', 'i', 'o', 'n');
    await frameWith(app, '/#education');
    await press(app, KEYS.enter);
    const frame = await frameWith(app, 'search: #education');
    expect(frame).toContain('search: #education');
    expect(frame).toContain('15:00 BM');
    expect(frame).not.toContain('10:00 BM');
    await press(app, '/', KEYS.backspace, KEYS.backspace, KEYS.backspace, KEYS.backspace, KEYS.backspace, KEYS.backspace, KEYS.backspace, KEYS.backspace, KEYS.backspace, KEYS.backspace, KEYS.enter);
    await frameWith(app, '10:00 BM');
  });

  it('quits on q: the app stops reacting to keys', async () => {
    const app = start();
    await press(app, 'l');
    await frameWith(app, '▶21');
    const before = app.frames.length;
    await press(app, 'q', 'l', 'l');
    await new Promise((r) => setTimeout(r, 150));
    // Ink may clear or repeat the last frame on exit (it differs with CI=true); the cursor must not move.
    const after = app.frames.slice(before).join('\n');
    expect(after).not.toContain('▶22');
    expect(after).not.toContain('▶23');
    expect(pressKey({ cursor: '2027-03-01', screen: { kind: 'month' }, query: '' }, 'q', {}, () => []).quit).toBe(true);
    // While typing a search, q is just a letter.
    expect(pressKey({ cursor: '2027-03-01', screen: { kind: 'month' }, query: '', editing: 'fa' }, 'q', {}, () => [])).toEqual({
      state: { cursor: '2027-03-01', screen: { kind: 'month' }, query: '', editing: 'faq' },
    });
  });
});

describe('shiftMonth', () => {
  it('keeps the day of the month, clamped to the shorter month', () => {
    expect(shiftMonth('2027-01-31', 1)).toBe('2027-02-28');
    expect(shiftMonth('2027-01-15', -1)).toBe('2026-12-15');
  });
});

describe('props-only views at fixed widths', () => {
  it('renders the month grid at 80 and 120 columns', () => {
    const grid = buildGrid(fixture(), parseMonth('2027-03'), { now });
    const at80 = renderToString(<MonthView grid={grid} cursor="2027-03-23" width={80} maxLines={3} />, { columns: 80 });
    for (const line of at80.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(at80).toContain('▶23');
    expect(at80).toMatchSnapshot();
    const at120 = renderToString(<MonthView grid={grid} cursor="2027-03-01" width={120} maxLines={3} />, { columns: 120 });
    expect(at120).toContain('10:00 BM Post a');
    expect(at120).toMatchSnapshot();
  });

  it('renders a post detail', () => {
    const calendar = fixture();
    const detail = postDetail(calendar, calendar.postsById.get('teaser')!, { problems: [finding] });
    expect(renderToString(<PostView detail={detail} />, { columns: 80 })).toMatchSnapshot();
  });
});
