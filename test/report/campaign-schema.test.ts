// The campaign's KPI and budget fields: what loads, and located errors for the usual mistakes.
import { describe, expect, it } from 'vitest';
import { buildCalendar } from '../../src/calendar/load.js';
import { memoryFiles } from '../plan/memory-files.js';
import { FILES } from './fixture.js';

function problems(campaign: string) {
  return buildCalendar(memoryFiles({ ...FILES, 'campaigns/launch.yaml': campaign })).problems.filter((p) => p.severity === 'error');
}

const HEAD = 'name: Launch\nstarts: 2027-01-04\nends: 2027-01-14\n';

describe('campaign KPIs and budget', () => {
  it('loads metric, target, budget and boosts; a KPI\'s name defaults to its metric', () => {
    const { calendar } = buildCalendar(memoryFiles(FILES));
    const c = calendar!.campaigns.get('launch')!;
    expect(c.kpis[0]).toEqual({ name: 'engagements', metric: 'engagements', target: 100 });
    expect(c.kpis[3]).toEqual({ name: 'sign-ups', metric: 'conversions', target: 20 });
    expect(c.budget).toEqual({ amount: 50, currency: 'EUR', boosts: [{ post: 'a', account: 'bluesky', amount: 20 }] });
  });

  it('keeps older KPIs with only a name (listed, not measured)', () => {
    expect(problems(`${HEAD}kpis:\n  - { name: RSVPs, target: 300 }\n`)).toEqual([]);
  });

  it('suggests the metric meant by a typo, at its line', () => {
    const [p] = problems(`${HEAD}kpis:\n  - metric: engagement\n    target: 10\n`);
    expect(p).toMatchObject({ file: 'campaigns/launch.yaml', line: 5, path: 'kpis[0].metric' });
    expect(p.hint).toContain('did you mean "engagements"?');
  });

  it('refuses a KPI with neither name nor metric', () => {
    const [p] = problems(`${HEAD}kpis:\n  - target: 10\n`);
    expect(p).toMatchObject({ code: 'kpi-unnamed', line: 5, path: 'kpis[0]' });
  });

  it('refuses a negative target and an unknown budget field', () => {
    expect(problems(`${HEAD}kpis:\n  - { metric: posts, target: -1 }\n`)[0]).toMatchObject({ path: 'kpis[0].target' });
    expect(problems(`${HEAD}budget:\n  amout: 10\n`)[0]).toMatchObject({ path: 'budget.amout', line: 5 });
  });

  it('names a boosted post that does not exist, with a did-you-mean', () => {
    const [p] = problems(`${HEAD}budget:\n  boosts:\n    - { post: bb, amount: 5 }\n`);
    expect(p).toMatchObject({ code: 'ref-post', file: 'campaigns/launch.yaml', line: 6, path: 'budget.boosts[0].post' });
    expect(p.message).toBe('unknown post "bb" (did you mean "b"?)');
  });

  it('names a boost on an account the post does not go to', () => {
    const [p] = problems(`${HEAD}budget:\n  boosts:\n    - { post: b, account: mastodon, amount: 5 }\n`);
    expect(p).toMatchObject({ code: 'boost-account', path: 'budget.boosts[0].account' });
    expect(p.message).toBe('post "b" is not published to "mastodon"');
    expect(p.hint).toBe('use one of the post\'s channels: bluesky');
  });
});

describe('utm content {post}', () => {
  it('puts the post id into utm_content, so web visits can be attributed to the post', async () => {
    const { renderPost } = await import('../../src/calendar/render.js');
    const files = { ...FILES, 'campaigns/launch.yaml': `${HEAD}utm:\n  content: "{post}"\n` };
    const { calendar } = buildCalendar(memoryFiles(files));
    const [bluesky] = renderPost(calendar!.postsById.get('b')!, calendar!);
    expect(bluesky.items[0].text).toBe('Read https://acme.example/b?utm_source=bluesky&utm_medium=social&utm_campaign=launch&utm_content=b');
  });
});
