// `socialcal new --reply-to`: a reviewed answer as a post file, channels picked from the
// address's platform, recurring answers from a template; mistakes are usage errors.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { calendarDir } from '../support/calendar-dir.js';
import { cli } from '../support/cli.js';

const BSKY = 'https://bsky.app/profile/fan.bsky.social/post/3kq2m5yf2xk2a';
const MASTO = 'https://fosstodon.org/@fan/113456789012345678';
const TEMPLATE = 'at: 2027-03-01 10:00\nchannels: [bluesky]\ntags: [support]\ntext: "Dark mode: Settings → Appearance. Thanks for asking!"\nstatus: draft\n';

describe('new --reply-to', () => {
  it('writes reply_to, answers from the accounts on that platform, and passes check', () => {
    const dir = calendarDir({ 'posts/answer-dark-mode.yaml': TEMPLATE });
    const made = cli(['new', '--reply-to', BSKY, '--template', 'answer-dark-mode', '--text', 'Hi! Dark mode: Settings → Appearance.', '--at', '2027-03-09 15:00', '--id', 'dark-mode-fan', '--json'], { cwd: dir });
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    const file = parse(readFileSync(join(dir, 'posts/2027/03/dark-mode-fan.yaml'), 'utf8'));
    expect(file).toMatchObject({ channels: ['bluesky'], reply_to: BSKY, tags: ['support'], text: 'Hi! Dark mode: Settings → Appearance.', status: 'draft' });
    // The template's own words, reused as they are, would be duplicate text (rule duplicate-text): say hello.
    const masto = cli(['new', '--reply-to', MASTO, '--at', '2027-03-09 15:00', '--text', 'Thanks!', '--json'], { cwd: dir });
    expect(JSON.parse(masto.stdout).data).toMatchObject({ channels: ['mastodon'], reply_to: MASTO });
    const checked = cli(['check', '--json'], { cwd: dir });
    expect(checked.code).toBe(0);
    expect(JSON.parse(checked.stdout).problems.filter((p: { severity: string }) => p.severity === 'error')).toEqual([]);
  });

  it('refuses an address that is not one, and accounts that cannot answer it', () => {
    const dir = calendarDir({});
    const notUrl = cli(['new', '--reply-to', 'fan.bsky.social/post/3k', '--at', '2027-03-09 15:00', '--text', 'Hi'], { cwd: dir });
    expect(notUrl.code).toBe(2);
    expect(notUrl.stderr).toContain('--reply-to fan.bsky.social/post/3k: not a web address');
    const wrong = cli(['new', '--reply-to', BSKY, '--channels', 'bluesky,linkedin', '--at', '2027-03-09 15:00', '--text', 'Hi'], { cwd: dir });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--channels linkedin: cannot answer a bluesky post');
    const noX = cli(['new', '--reply-to', 'https://x.com/fan/status/1790000000000000000', '--at', '2027-03-09 15:00', '--text', 'Hi'], { cwd: dir });
    expect(noX.code).toBe(2);
    expect(noX.stderr).toContain('the calendar has no x account to answer from');
  });
});
