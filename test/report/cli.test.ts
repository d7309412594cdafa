// `socialcal report` and `socialcal metrics import` as a user runs them: the built CLI on the
// example calendar (history from a folder), and on a real git repo (history on the ledger branch).
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { commitFiles, git, initRepo, tempDir } from '../support/git.js';
import { historyFiles } from '../../src/metrics/history.js';
import { FILES, HISTORY } from './fixture.js';

const EXAMPLES = join(import.meta.dirname, '../../examples');
const EXAMPLE = ['-C', join(EXAMPLES, 'calendar'), '--history', join(EXAMPLES, 'ledger')];
// Halfway through the winter launch (2027-01-04 → 01-22): its pace is not yet decided.
const MID_LAUNCH = '2027-01-13T11:00:00Z';

describe('socialcal report on the example calendar', () => {
  it('prints scorecards, breakdowns with bars, best times and drop-off, readable without colour', () => {
    const r = cli(['report', ...EXAMPLE, '--now', '2027-04-01T00:00:00Z'], { env: { COLUMNS: '120' } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/\u001b\[/);
    expect(r.stdout).toContain('Campaign Acme 2.0 winter launch (winter-launch)');
    expect(r.stdout).toMatch(/livestream sign-ups\s+1,500\s+508\s+missed by 66 %/);
    expect(r.stdout).toMatch(/boost launch-day on linkedin: 400\.00 EUR, \d+ engagements/);
    expect(r.stdout).toMatch(/^By format\n/m);
    expect(r.stdout).toMatch(/^thread +4 .*█/m);
    expect(r.stdout).toMatch(/bluesky: Tue 10:00 +\d+\.\d\d % +\(\d+\.\d\d % – \d+\.\d\d %, n = 5\)/);
    expect(r.stdout).toMatch(/linkedin: not enough data \(9 posts with a rate/);
    expect(r.stdout).toMatch(/reply 1 +\d+ %/);
    expect(r.stdout).toContain('https://bluesky.example/bluesky/launch-day');
  });

  it('paces a running campaign against the share of its time passed', () => {
    const r = cli(['report', ...EXAMPLE, '--now', MID_LAUNCH, '--campaign', 'winter-launch', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    const card = report.scorecards[0];
    expect(card.campaign).toBe('winter-launch');
    expect(card.elapsed).toBeGreaterThan(0.4);
    expect(card.elapsed).toBeLessThan(0.6);
    const engagements = card.kpis.find((k: { metric?: string }) => k.metric === 'engagements');
    expect(engagements.expected).toBeCloseTo(6000 * card.elapsed, 6);
    expect(['on track', 'behind', 'met']).toContain(engagements.status);
    expect(report.breakdowns.campaign.map((g: { key: string }) => g.key)).toEqual(['winter-launch']);
  });

  it('writes a Markdown scorecard for a job summary', () => {
    const r = cli(['report', ...EXAMPLE, '--now', '2027-04-01T00:00:00Z', '--last', '6w', '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^## Social media report: 2027-02-18 – 2027-04-01\n/);
    expect(r.stdout).toContain('| KPI | target | actual | expected by now | pace |');
    expect(r.stdout).toMatch(/\| RSVPs \| 300 \| 298 \|  \| 🔴 missed by 1 % \|/);
    expect(r.stdout).toMatch(/\[lisbon-\w+\]\(https:\/\/mastodon\.example\/mastodon\/lisbon-\w+\)/);
  });

  it('writes one CSV row per post per account', () => {
    const r = cli(['report', ...EXAMPLE, '--format', 'csv', '--account', 'x', '--now', '2027-04-01T00:00:00Z']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('published,local,account,platform,post,campaign,engagements,impressions,rate,url');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^2027-01-12T09:00:00\.000Z,2027-01-12 10:00,x,x,launch-day,winter-launch,\d+,\d+,0\.\d+,https:\/\/x\.example\/x\/launch-day$/);
  });

  it('says where the history should be when --history points at the wrong folder', () => {
    const r = cli(['report', '-C', join(EXAMPLES, 'calendar'), '--history', join(EXAMPLES, 'calendar')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--history .*examples\/calendar: no metrics\/ folder in it/);
    expect(r.stderr).toContain('metrics/posts/*.yaml');
    // Its metrics/ folder itself is understood.
    expect(cli(['report', '-C', join(EXAMPLES, 'calendar'), '--history', join(EXAMPLES, 'ledger/metrics'), '--json']).code).toBe(0);
  });

  it('refuses a misspelt breakdown, unknown campaign and --last with --from', () => {
    const by = cli(['report', ...EXAMPLE, '--by', 'acount']);
    expect(by.code).toBe(2);
    expect(by.stderr).toContain('--by acount: no such name in this calendar (did you mean "account"?)');
    expect(cli(['report', ...EXAMPLE, '--campaign', 'winter']).stderr).toContain('did you mean "winter-launch"?');
    expect(cli(['report', ...EXAMPLE, '--last', '7d', '--from', '2027-01-01']).stderr).toContain('--last and --from both say where the report starts');
    expect(cli(['report', ...EXAMPLE, '--last', 'a week']).stderr).toContain('--last a week: not a duration');
  });
});

describe('socialcal report on a repository with a ledger branch', () => {
  it('reads the metrics history from the ledger branch by default', () => {
    const repo = initRepo(FILES);
    git(repo, 'checkout', '-q', '-b', 'socialcal-ledger');
    commitFiles(repo, Object.fromEntries(historyFiles(HISTORY)), 'metrics');
    git(repo, 'checkout', '-q', 'main');
    const r = cli(['report', '-C', repo, '--now', '2027-01-07T23:00:00Z', '--json']);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    expect(report.totals).toMatchObject({ posts: 4, engagements: 37 });
    expect(report.scorecards[0].kpis[0]).toMatchObject({ actual: 37, expected: 40, status: 'behind' });
  });

  it('says there is nothing measured yet without a ledger branch', () => {
    const r = cli(['report', '-C', initRepo(FILES)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No measured posts yet. Run `socialcal metrics` after publishing');
    expect(r.stdout).toContain('not enough data');
  });
});

const GA4 = `# Start date: 20270104
# End date: 20270110
Session campaign,Session source,Session medium,Session manual ad content,Sessions,Key events
launch,bluesky,social,a,20,8
lanch,mastodon,social,,10,4
`;

describe('socialcal metrics import', () => {
  function calendarCopy(): string {
    const dir = tempDir();
    initRepo(FILES, dir);
    return dir;
  }

  it('writes analytics/web.csv, warns about a utm_campaign no campaign uses, and a second import changes nothing', () => {
    const dir = calendarCopy();
    const file = join(tempDir(), 'ga4.csv');
    writeFileSync(file, GA4);
    const first = cli(['metrics', 'import', file, '-C', dir]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('GA4 export, 2 rows by UTM');
    expect(first.stdout).toContain('analytics/web.csv: 2 rows, 2 new; commit it so reports see it.');
    expect(first.stdout).toContain('warning: utm_campaign "lanch" is no campaign of this calendar (did you mean "launch"?)');
    const stored = readFileSync(join(dir, 'analytics/web.csv'), 'utf8');
    expect(stored).toBe(
      'from,to,tool,utm_campaign,utm_source,utm_medium,utm_content,sessions,conversions\n' +
        '2027-01-04,2027-01-10,ga4,lanch,mastodon,social,,10,4\n' +
        '2027-01-04,2027-01-10,ga4,launch,bluesky,social,a,20,8\n',
    );
    const again = cli(['metrics', 'import', file, '-C', dir, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ tool: 'ga4', rows: 2, stored: 2, added: 0, written: true });
    expect(readFileSync(join(dir, 'analytics/web.csv'), 'utf8')).toBe(stored);
    // The report picks it up: sessions and conversions of the campaign, by post.
    const report = JSON.parse(cli(['report', '-C', dir, '--json', '--now', '2027-02-01T00:00:00Z']).stdout);
    expect(report.scorecards[0]).toMatchObject({ sessions: 20, conversions: 8 });
    expect(report.web.byPost).toEqual([{ key: 'a', sessions: 20, conversions: 8 }]);
  });

  it('--dry-run writes nothing', () => {
    const dir = calendarCopy();
    const file = join(tempDir(), 'ga4.csv');
    writeFileSync(file, GA4);
    const r = cli(['metrics', 'import', file, '-C', dir, '--dry-run']);
    expect(r.stdout).toContain('dry run: analytics/web.csv would hold 2 rows, 2 new.');
    expect(existsSync(join(dir, 'analytics/web.csv'))).toBe(false);
  });

  it('exits 2 with the row and column of a bad value, and for a file from another tool', () => {
    const dir = calendarCopy();
    const bad = join(tempDir(), 'ga4.csv');
    writeFileSync(bad, GA4.replace('launch,bluesky,social,a,20,8', 'launch,bluesky,social,a,twenty,8'));
    const r = cli(['metrics', 'import', bad, '-C', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}:row 4, column "Sessions": "twenty" is not a count`);
    const buffer = join(tempDir(), 'buffer.csv');
    writeFileSync(buffer, 'Text,Image URL,Posting Time\nhi,,2027-01-01 10:00\n');
    const other = cli(['metrics', 'import', buffer, '-C', dir]);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('this looks like a bulk-upload file of posts, not web analytics');
    expect(cli(['metrics', 'import', join(dir, 'nope.csv'), '-C', dir]).stderr).toContain('nope.csv: no such file');
    expect(existsSync(join(dir, 'analytics'))).toBe(false);
  });
});

describe('the example history', () => {
  it('is what scripts/example-history.js generates (deterministic; regenerate after changing the example)', async () => {
    // @ts-expect-error a plain JS script
    const { exampleFiles } = await import('../../scripts/example-history.js');
    const repo = join(import.meta.dirname, '../..');
    for (const [path, text] of exampleFiles() as Map<string, string>) expect(readFileSync(join(repo, path), 'utf8'), path).toBe(text);
  });

  it('leaves the example calendar clean for check', () => {
    const dir = tempDir();
    cpSync(join(EXAMPLES, 'calendar'), dir, { recursive: true });
    expect(cli(['check', '-C', dir, '--now', '2027-01-01T00:00:00Z']).code).toBe(0);
  });
});
