// `plan` on a change to a few posts reads only those posts from the base (git diff) and runs
// the rules on the changed posts and their neighbours in time. These tests hold it to the plan
// computed the old way: every base file read and compared, every rule run on the whole calendar.
import { rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCalendarFiles } from '../../src/calendar/files.js';
import { buildCalendar, loadCalendar } from '../../src/calendar/load.js';
import { calendarFilesAt } from '../../src/git/revision.js';
import { buildPlan, type Plan } from '../../src/plan/plan.js';
import { planChange } from '../../src/plan/run.js';
import { runRules } from '../../src/rules/index.js';
import { postYaml, removeTempRepos, tempRepo, type TempRepo } from '../support/git-history.js';

const NOW = new Date('2027-02-01T00:00:00Z');

const CONFIG = `timezone: Europe/Berlin
accounts:
  bluesky: { platform: bluesky, handle: acme.bsky.social }
  mastodon: { platform: mastodon, server: https://fosstodon.org }
rules:
  spacing: { severity: error, minutes: 60 }
  daily-limit: { severity: warn, max: 3 }
  duplicate-text: { severity: error, days: 14 }
  content-mix: { severity: warn, share: 0.2, minPosts: 5 }
`;

const post = (at: string, text: string, extra: Record<string, unknown> = {}) => postYaml({ at, channels: ['bluesky'], text, ...extra });

/** A calendar of a few dozen posts over a year, committed on main. */
function calendar(): TempRepo {
  const repo = tempRepo();
  repo.write('socialcal.yaml', CONFIG);
  repo.write('posts/2027/03/alpha.yaml', post('2027-03-01 10:00', 'Alpha: the first post of March.'));
  repo.write('posts/2027/03/beta.yaml', post('2027-03-01 14:00', 'Beta: an afternoon post.'));
  repo.write('posts/2027/03/gamma.yaml', post('2027-03-05 10:00', 'Gamma: the changelog for the week is out.'));
  repo.write('posts/2027/03/delta.yaml', post('2027-03-12 10:00', 'Delta: a different story.'));
  // The week of March 15 (Mon) on bluesky: five posts, one promotional (the allowed share).
  for (const [i, day] of ['15', '16', '17', '18', '19'].entries()) {
    repo.write(`posts/2027/03/week-${i}.yaml`, post(`2027-03-${day} 09:00`, `Week post ${i}: something useful.`, i === 0 ? { tags: ['promotional'] } : {}));
  }
  // Far away: a post with the text the edit copies (outside duplicate-text's 14 days).
  repo.write('posts/2027/09/far.yaml', post('2027-09-01 10:00', 'Gamma: the changelog for the week is out.'));
  for (let i = 0; i < 24; i++) repo.write(`posts/2027/${String(5 + (i % 6)).padStart(2, '0')}/filler-${i}.yaml`, post(`2027-${String(5 + (i % 6)).padStart(2, '0')}-${String(2 + i).padStart(2, '0')} 12:00`, `Filler ${i}: news.`, { channels: ['mastodon'] }));
  repo.commit('calendar');
  return repo;
}

/** The plan the old way: all base files read and compared byte by byte; findings from the rules on the whole head calendar. */
async function oldWay(repo: TempRepo, head?: string): Promise<{ plan: Plan; findings: (file: string) => unknown[] }> {
  const baseCommit = repo.git('rev-parse', 'main').trim();
  const baseFiles = await calendarFilesAt(repo.dir, baseCommit);
  const headFiles = head ? await calendarFilesAt(repo.dir, head) : readCalendarFiles(repo.dir);
  const headLoaded = buildCalendar(headFiles);
  const plan = buildPlan({ base: { rev: 'main', commit: baseCommit }, head: head ? { rev: head, commit: repo.git('rev-parse', head).trim() } : { rev: 'working tree' }, baseFiles, headFiles, headLoaded, now: NOW });
  const all = [...headLoaded.problems, ...runRules(headLoaded.calendar!, { now: NOW })];
  return { plan, findings: (file) => all.filter((p) => p.file === file) };
}

afterAll(removeTempRepos);

describe('plan of a change to a few posts', () => {
  it('reports a finding that an unchanged neighbour causes, and equals the plan computed the old way', async () => {
    const repo = calendar();
    // beta moves 20 minutes after alpha (spacing, on beta); delta copies gamma's text a week later
    // (duplicate-text, on delta); week-3 turns promotional (content-mix, on the second promotional post).
    repo.write('posts/2027/03/beta.yaml', post('2027-03-01 10:20', 'Beta: an afternoon post.'));
    repo.write('posts/2027/03/delta.yaml', post('2027-03-12 10:00', 'Gamma: the changelog for the week is out.'));
    repo.write('posts/2027/03/week-3.yaml', post('2027-03-18 09:00', 'Week post 3: something useful.', { tags: ['promotional'] }));

    const plan = await planChange({ root: repo.dir, base: 'main', now: NOW });
    expect(plan.posts.map((p) => p.id).sort()).toEqual(['beta', 'delta', 'week-3']);
    const rules = (id: string) => plan.posts.find((p) => p.id === id)!.findings.map((f) => `${f.rule}: ${f.message}`);
    expect(rules('beta')).toEqual(['spacing: 20 minutes after "alpha" on bluesky; keep at least 60 minutes between posts']);
    expect(rules('delta')).toEqual([expect.stringMatching(/^duplicate-text: .*"gamma"/)]);
    expect(rules('week-3')).toEqual([expect.stringMatching(/^content-mix: /)]);

    const old = await oldWay(repo);
    expect(plan).toEqual(old.plan);
    for (const p of plan.posts) expect(p.findings).toEqual(old.findings(p.file));
  });

  it('still finds nothing where the neighbour is out of reach (the same text months away)', async () => {
    const repo = calendar();
    repo.write('posts/2027/03/gamma.yaml', post('2027-03-05 11:00', 'Gamma: the changelog for the week is out.'));
    const plan = await planChange({ root: repo.dir, base: 'main', now: NOW });
    expect(plan.posts.map((p) => [p.id, p.edits, p.findings])).toEqual([['gamma', ['time'], []]]);
    expect(plan).toEqual((await oldWay(repo)).plan);
  });

  it('sees new files git does not track, deleted files and a planned commit as the old way does', async () => {
    const repo = calendar();
    repo.write('posts/2027/03/new-one.yaml', post('2027-03-01 10:30', 'A new post, untracked so far.'));
    repo.remove('posts/2027/03/alpha.yaml');
    const plan = await planChange({ root: repo.dir, base: 'main', now: NOW });
    expect(plan.posts.map((p) => [p.id, p.kind]).sort()).toEqual([['alpha', 'removed'], ['new-one', 'added']]);
    // beta (unchanged, 10:30 → 14:00 is far enough) is not this change's: only new-one's own findings show.
    expect(plan.posts.find((p) => p.id === 'new-one')!.findings).toEqual([]);
    expect(plan).toEqual((await oldWay(repo)).plan);

    repo.git('checkout', '--quiet', '-b', 'change');
    repo.write('posts/2027/03/beta.yaml', post('2027-03-01 10:00', 'Beta: an afternoon post.'));
    repo.commit('the change');
    const committed = await planChange({ root: repo.dir, base: 'main', head: 'change', now: NOW });
    expect(committed.posts.map((p) => [p.id, p.kind]).sort()).toEqual([['alpha', 'removed'], ['beta', 'changed'], ['new-one', 'added']]);
    expect(committed.posts.find((p) => p.id === 'new-one')!.findings.map((f) => f.rule)).toEqual(['spacing']);
    const old = await oldWay(repo, 'change');
    expect(committed).toEqual(old.plan);
    for (const p of committed.posts) expect(p.findings).toEqual(old.findings(p.file));
  });

  it('gives the same plan from the parse cache as without it', async () => {
    const repo = calendar();
    repo.write('posts/2027/03/beta.yaml', post('2027-03-01 10:20', 'Beta: an afternoon post.'));
    const cold = await planChange({ root: repo.dir, base: 'main', now: NOW, cache: true });
    const warm = await planChange({ root: repo.dir, base: 'main', now: NOW, cache: true });
    expect(warm).toEqual(cold);
    expect(cold).toEqual(await planChange({ root: repo.dir, base: 'main', now: NOW }));
    expect(loadCalendar(repo.dir, { cache: true }).calendar!.posts.length).toBe(34);
  });

  it('judges an unchanged staggered neighbour at its later channel time', async () => {
    const repo = tempRepo();
    // Only spacing (60 minutes of reach): the neighbour's `at` is 5 hours before the edit, its
    // Mastodon channel 20 minutes before.
    repo.write('socialcal.yaml', CONFIG.replace(/  daily-limit.*\n  duplicate-text.*\n  content-mix.*\n/, '  daily-limit: off\n  duplicate-text: off\n  content-mix: off\n'));
    repo.write('posts/2027/04/early.yaml', postYaml({ at: '2027-04-01 08:00', channels: ['bluesky', 'mastodon'], stagger: { mastodon: '5h' }, text: 'Early, and later on Mastodon.' }));
    repo.write('posts/2027/04/late.yaml', postYaml({ at: '2027-04-01 18:00', channels: ['mastodon'], text: 'Late.' }));
    repo.commit('calendar');
    repo.write('posts/2027/04/late.yaml', postYaml({ at: '2027-04-01 13:20', channels: ['mastodon'], text: 'Late.' }));
    const plan = await planChange({ root: repo.dir, base: 'main', now: NOW });
    expect(plan.posts.map((p) => [p.id, p.findings.map((f) => f.rule)])).toEqual([['late', ['spacing']]]);
    const old = await oldWay(repo);
    expect(plan).toEqual(old.plan);
  });
});

// The head side of a posts-only plan loads only the unchanged posts a line scan cannot rule out
// (src/plan/scan.ts). Each neighbour below is one a scan that looked too narrowly would miss:
// each test asserts the finding it causes and the plan computed the old way, with and without
// the parse cache (which the scan reads instead of the file).
describe('the unchanged posts a posts-only plan loads', () => {
  // Spacing only (60 minutes of reach), so everything further than an hour is out of reach.
  const SPACING_ONLY = `${CONFIG.replace(/  daily-limit.*\n  duplicate-text.*\n  content-mix.*\n/, '  daily-limit: off\n  duplicate-text: off\n  content-mix: off\n')}queues:\n  tips:\n    slots:\n      - { days: [tue, thu], times: ["10:00"] }\n`;

  /** A repo with `files` committed on main, then `edits` written to the working tree. */
  function change(files: Record<string, string>, edits: Record<string, string>, config = SPACING_ONLY): TempRepo {
    const repo = tempRepo();
    repo.write('socialcal.yaml', config);
    repo.write('posts/2027/06/far-away.yaml', post('2027-06-01 12:00', 'Far away in June.'));
    for (const [path, text] of Object.entries(files)) repo.write(path, text);
    repo.commit('calendar');
    for (const [path, text] of Object.entries(edits)) repo.write(path, text);
    return repo;
  }

  /** The plan, held to the old way's and to the plan read through a cold and a warm parse cache. */
  async function planned(repo: TempRepo): Promise<Plan> {
    const plan = await planChange({ root: repo.dir, base: 'main', now: NOW });
    const old = await oldWay(repo);
    expect(plan).toEqual(old.plan);
    for (const p of plan.posts) expect(p.findings).toEqual(old.findings(p.file));
    expect(await planChange({ root: repo.dir, base: 'main', now: NOW, cache: true })).toEqual(plan);
    expect(await planChange({ root: repo.dir, base: 'main', now: NOW, cache: true })).toEqual(plan);
    return plan;
  }

  const messages = (plan: Plan, id: string) => plan.posts.find((p) => p.id === id)!.findings.map((f) => `${f.rule}: ${f.message}`);

  it('loads an unchanged post whose `at` is local time in a zone far from the calendar’s (both ends of the offsets)', async () => {
    const repo = change(
      {
        // 00:30 in Los Angeles (UTC-7) and 21:40 in Kiritimati (UTC+14) are 09:30 and 09:40 in Berlin:
        // written, their times are 9.5 hours before and 11.7 hours after the edit's.
        'posts/2027/01/west.yaml': postYaml({ at: '2027-04-01 00:30', timezone: 'America/Los_Angeles', channels: ['bluesky'], text: 'West.' }),
        'posts/2027/01/east.yaml': postYaml({ at: '2027-04-01 21:40', timezone: 'Pacific/Kiritimati', channels: ['mastodon'], text: 'East.' }),
        'posts/2027/04/edited.yaml': post('2027-04-03 10:00', 'Edited.', { channels: ['bluesky', 'mastodon'] }),
      },
      { 'posts/2027/04/edited.yaml': post('2027-04-01 10:00', 'Edited.', { channels: ['bluesky', 'mastodon'] }) },
    );
    const plan = await planned(repo);
    expect(messages(plan, 'edited')).toEqual([expect.stringMatching(/^spacing: 30 minutes after "west" on bluesky/), expect.stringMatching(/^spacing: 20 minutes after "east" on mastodon/)]);
  });

  it('loads an unchanged staggered post whose later channel is near the edit (a day after its `at`)', async () => {
    const repo = change(
      {
        // 08:00 in Los Angeles is 17:00 in Berlin; its Mastodon channel 20 hours later: 13:00 the next day.
        'posts/2027/04/early.yaml': postYaml({ at: '2027-04-01 08:00', timezone: 'America/Los_Angeles', channels: ['bluesky', 'mastodon'], stagger: { mastodon: '20h' }, text: 'Early, and much later on Mastodon.' }),
        'posts/2027/04/late.yaml': post('2027-04-09 12:00', 'Late.', { channels: ['mastodon'] }),
      },
      { 'posts/2027/04/late.yaml': post('2027-04-02 13:20', 'Late.', { channels: ['mastodon'] }) },
    );
    const plan = await planned(repo);
    expect(messages(plan, 'late')).toEqual([expect.stringMatching(/^spacing: 20 minutes after "early" on mastodon/)]);
  });

  it('loads the far-away file whose post has the id the change reuses, and reports the duplicate', async () => {
    const repo = change(
      { 'posts/2027/04/edited.yaml': post('2027-04-01 10:00', 'Edited.') },
      // A copy of far-away.yaml (June) with its id kept, put in December: the loader keeps the first by path.
      { 'posts/2027/12/copy.yaml': postYaml({ id: 'far-away', at: '2027-12-01 12:00', channels: ['bluesky'], text: 'A copy.' }) },
    );
    const plan = await planned(repo);
    expect(plan.invalid.map((f) => [f.file, f.problems.map((p) => p.code)])).toEqual([['posts/2027/12/copy.yaml', ['id-duplicate']]]);
    expect(plan.summary.errors).toBe(1);
  });

  it('loads both unchanged files that share an id, so the later one stays out of the neighbours as it does on the whole calendar', async () => {
    const repo = change(
      {
        'posts/2027/01/twin-a.yaml': postYaml({ id: 'twin', at: '2027-01-10 12:00', channels: ['bluesky'], text: 'Twin in January.' }),
        // Within the hour of the edit, but dropped by the loader (twin-a came first): no spacing finding.
        'posts/2027/04/twin-b.yaml': postYaml({ id: 'twin', at: '2027-04-01 09:40', channels: ['bluesky'], text: 'Twin in April.' }),
        'posts/2027/04/edited.yaml': post('2027-04-05 10:00', 'Edited.'),
      },
      { 'posts/2027/04/edited.yaml': post('2027-04-01 10:00', 'Edited.') },
    );
    const plan = await planned(repo);
    expect(messages(plan, 'edited')).toEqual([]);
  });

  it('loads an unchanged repeating or evergreen post whose occurrence is near the edit', async () => {
    const repo = change(
      {
        // Mondays at 10:00 from January; 2027-03-01 is a Monday.
        'posts/2027/01/weekly.yaml': postYaml({ at: '2027-01-04 10:00', repeat: { every: '1 week' }, channels: ['bluesky'], text: 'Weekly.' }),
        // Evergreen: out in March (history), now in July.
        'posts/2027/07/tip.yaml': postYaml({ at: '2027-07-06 10:00', queue: 'tips', evergreen: { every: '30 days', history: ['2027-03-02 10:00'] }, channels: ['mastodon'], text: 'A tip.' }),
        'posts/2027/03/edited.yaml': post('2027-03-20 10:00', 'Edited.'),
        'posts/2027/03/other.yaml': post('2027-03-20 16:00', 'Other.', { channels: ['mastodon'] }),
      },
      {
        'posts/2027/03/edited.yaml': post('2027-03-01 10:20', 'Edited.'),
        'posts/2027/03/other.yaml': post('2027-03-02 10:30', 'Other.', { channels: ['mastodon'] }),
      },
    );
    const plan = await planned(repo);
    expect(messages(plan, 'edited')).toEqual([expect.stringMatching(/^spacing: 20 minutes after "weekly@2027-03-01" on bluesky/)]);
    expect(messages(plan, 'other')).toEqual([expect.stringMatching(/^spacing: 30 minutes after "tip" on mastodon/)]);
  });

  it('loads a post further away than most rules reach when it may have a changed post’s text (duplicate text)', async () => {
    // CONFIG: duplicate text within 14 days; the other rules reach 8 days at most.
    const repo = change(
      {
        'posts/2027/01/old-news.yaml': post('2027-03-01 10:00', 'Our Changelog, week 9: faster builds https://acme.example/a'),
        'posts/2027/01/old-override.yaml': post('2027-03-02 10:00', 'Something else.', { overrides: { bluesky: { text: 'Meet us at the booth' } } }),
        // "\x4f" is "O": the file never spells "old".
        'posts/2027/01/old-escaped.yaml': `at: 2027-03-03 10:00\nchannels: [bluesky]\ntext: "\\x4fld news, again"\n`,
        'posts/2027/01/other-words.yaml': post('2027-03-04 10:00', 'Our changelog, week 10: faster tests'),
        'posts/2027/03/edited-0.yaml': post('2027-03-20 12:00', 'Edited 0.'),
        'posts/2027/03/edited-1.yaml': post('2027-03-21 12:00', 'Edited 1.'),
        'posts/2027/03/edited-2.yaml': post('2027-03-22 12:00', 'Edited 2.'),
      },
      {
        'posts/2027/03/edited-0.yaml': post('2027-03-13 10:00', 'our   changelog, WEEK 9: faster builds https://acme.example/b'),
        'posts/2027/03/edited-1.yaml': post('2027-03-14 10:00', 'Meet us at the booth'),
        'posts/2027/03/edited-2.yaml': post('2027-03-15 10:00', 'Old news, again'),
      },
      CONFIG,
    );
    const plan = await planned(repo);
    expect([0, 1, 2].map((i) => messages(plan, `edited-${i}`))).toEqual(
      ['old-news', 'old-override', 'old-escaped'].map((other) => [expect.stringMatching(new RegExp(`^duplicate-text: same text as "${other}" on bluesky 12 days earlier`))]),
    );
  });

  it('finds what an unchanged neighbour reached through a symlink causes, and reports a changed file too large', async () => {
    const repo = change(
      {
        'drafts/near.yaml': post('2027-04-01 09:40', 'Near, through a link.'),
        'posts/2027/04/edited.yaml': post('2027-04-20 10:00', 'Edited.'),
      },
      { 'posts/2027/04/edited.yaml': post('2027-04-01 10:00', 'Edited.') },
    );
    symlinkSync('../../../drafts/near.yaml', join(repo.dir, 'posts/2027/04/near.yaml'));
    expect(messages(await planned(repo), 'edited')).toEqual([expect.stringMatching(/^spacing: 20 minutes after "near" on bluesky/)]);
    rmSync(join(repo.dir, 'posts/2027/04/near.yaml'));
    repo.write('posts/2027/04/near.yaml', post('2027-04-01 09:50', 'Near, and large.', { notes: 'x'.repeat(1024 * 1024) }));
    const plan = await planned(repo);
    expect(plan.invalid).toEqual([{ file: 'posts/2027/04/near.yaml', problems: [expect.objectContaining({ code: 'file-too-large' })] }]);
  });

  it('loads every unchanged file the scan cannot read for certain', async () => {
    // Each 20 minutes before one of four edited posts (a day apart), written so no line scan can be sure of its time.
    const unsure = {
      folded: `at: >-\n  2027-04-01 09:40\nchannels: [bluesky]\ntext: Folded time.\n`,
      flow: `{ at: "2027-04-02 09:40", channels: [bluesky], text: A flow map. }\n`,
      offset: postYaml({ at: '2027-04-03T07:40:00Z', channels: ['bluesky'], text: 'UTC with an offset.' }),
      'quoted-key': `"at": 2027-04-04 09:40\nchannels: [bluesky]\ntext: A quoted key.\n`,
    };
    const files: Record<string, string> = {};
    const edits: Record<string, string> = {};
    Object.entries(unsure).forEach(([name, text], i) => {
      files[`posts/2027/01/${name}.yaml`] = text;
      files[`posts/2027/04/edited-${i}.yaml`] = post(`2027-04-${String(11 + i)} 10:00`, `Edited ${i}.`);
      edits[`posts/2027/04/edited-${i}.yaml`] = post(`2027-04-0${1 + i} 10:00`, `Edited ${i}.`);
    });
    const plan = await planned(change(files, edits));
    expect(Object.keys(unsure).map((_, i) => messages(plan, `edited-${i}`))).toEqual(Object.keys(unsure).map((name) => [expect.stringMatching(new RegExp(`^spacing: 20 minutes after "${name}" on bluesky`))]));
  });
});
