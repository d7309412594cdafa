import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../src/views/interactive/App.js';
import { parseMonth } from '../../../src/views/calendar/period.js';
import { memoryCalendar } from '../support/calendar.js';
import { frameWith, press } from '../support/ink.js';

// `calendar -i` in a 24-row terminal: a tall post scrolls inside the view, the frame never
// grows past the terminal (which would scroll the terminal and tear the screen).

const ROWS = 24;
const now = new Date('2027-03-23T08:00:00Z');
const long = (n: number) => Array.from({ length: n }, (_, i) => `Line ${i + 1} of a long launch post with details.`).join('\n');

function fixture() {
  const thread = [1, 2, 3].map((i) => `  - text: ${JSON.stringify(`Reply ${i}\n${long(3)}`)}`).join('\n');
  return memoryCalendar({
    'posts/tall.yaml': `at: 2027-03-23 10:00\nchannels: [bluesky, mastodon, linkedin]\ntext: ${JSON.stringify(long(8))}\nthread:\n${thread}\n`,
  });
}

let active: ReturnType<typeof render> | undefined;
afterEach(() => active?.unmount());

describe('post view in a 24-row terminal', () => {
  it('fits the screen and scrolls with j/k down to the findings', async () => {
    active = render(<App calendar={fixture()} problems={[]} month={parseMonth('2027-03') as never} filter={{}} now={now} width={80} height={ROWS} />);
    await frameWith(active, 'March 2027');
    await press(active, '\r');
    await frameWith(active, 'enter open post');
    await press(active, '\r');
    let frame = await frameWith(active, /more lines/);
    expect(frame.split('\n').length).toBeLessThanOrEqual(ROWS);
    expect(frame).toContain('tall');
    expect(frame).not.toContain('Findings');

    await press(active, 'j', 'j');
    frame = await frameWith(active, '↑ 2 above');
    expect(frame.split('\n').length).toBeLessThanOrEqual(ROWS);

    await press(active, ...Array(80).fill('j'));
    frame = await frameWith(active, 'Findings');
    expect(frame).not.toContain('more lines');
    expect(frame.split('\n').length).toBeLessThanOrEqual(ROWS);

    // Clamped at the bottom: one k shows a line above again at once.
    await press(active, 'k');
    frame = await frameWith(active, /↓ 1 more lines/);
    expect(frame.split('\n').length).toBeLessThanOrEqual(ROWS);
  });
});

describe('terminal escapes in the interactive view', () => {
  it('draws post text without the escapes a post carried', async () => {
    const calendar = memoryCalendar({
      'posts/evil.yaml': 'at: 2027-03-23 10:00\nchannels: [bluesky]\ntext: "Hi \\e]0;pwned\\a\\e[2J\\e[31mred"\n',
    });
    active = render(<App calendar={calendar} problems={[]} month={parseMonth('2027-03') as never} filter={{}} now={now} width={100} height={ROWS} />);
    let frame = await frameWith(active, 'March 2027');
    expect(frame).not.toContain('pwned\u0007');
    await press(active, '\r', '\r');
    frame = await frameWith(active, 'Hi ]0;pwned[2J[31mred');
    expect(frame).not.toMatch(/\u001b\]|\u001b\[2J|\u0007/);
  });
});
