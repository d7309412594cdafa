// `inbox` on X against the fake X API (OAuth 1.0a checked on every request): mentions, replies and
// quotes grouped by our post; a reply post answers one and marks it answered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inbox } from '../../src/inbox/run.js';
import { publish } from '../../src/publish/runner.js';
import { calendarRepo, configYaml, load, postYaml } from '../publish/calendar.js';
import { startX, X_KEYS, type FakeX } from '../support/fake-x.js';
import { commitFiles } from '../support/git.js';

let x: FakeX;
beforeAll(async () => {
  x = await startX();
});
afterAll(async () => x.close());

const env = { X_KEY: X_KEYS.consumerKey, X_SECRET: X_KEYS.consumerSecret, X_TOKEN: X_KEYS.token, X_TOKEN_SECRET: X_KEYS.tokenSecret };
const noSleep = async () => undefined;

describe('socialcal inbox on X', () => {
  it('reads mentions since the last pull, groups replies and quotes under our post, and sees our answer', async () => {
    const now = new Date();
    const at = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ');
    const account = `platform: x\nhandle: acme\nserver: ${x.url}\ncredentials: { apiKey: X_KEY, apiSecret: X_SECRET, accessToken: X_TOKEN, accessSecret: X_TOKEN_SECRET }`;
    const repo = calendarRepo(configYaml({ xa: account }, ''), [{ id: 'launch', at: at(new Date(now.getTime() - 60_000)), channels: ['xa'], text: 'Acme 2.0 is here', extra: 'campaign: spring' }], {
      'campaigns/spring.yaml': 'name: Spring launch\n',
    });
    const first = load(repo.work);
    expect((await publish(first.calendar, first.problems, { env, sleep: noSleep })).pairs.map((p) => p.state)).toEqual(['published']);
    const ours = x.tweets[0];
    const reply = x.mention({ username: 'fan', text: '@acme does it run on ARM?', replyTo: ours.id, at: new Date(now.getTime() + 1000) });
    x.mention({ username: 'critic', text: '@acme we will see', quotes: ours.id, at: new Date(now.getTime() + 2000) });
    x.mention({ username: 'asker', text: '@acme hiring?', at: new Date(now.getTime() + 3000) });

    const report = await inbox(load(repo.work).calendar, { env, sleep: noSleep });
    expect(report.pulled).toEqual([{ account: 'xa', added: 3 }]);
    const request = x.requests.find((r) => r.path === `/2/users/${x.userId}/mentions`)!;
    expect(request.query).toMatchObject({ max_results: '100', expansions: 'author_id', 'tweet.fields': 'created_at,author_id,conversation_id,referenced_tweets' });
    expect(Date.parse(request.query.start_time)).toBeLessThan(now.getTime() - 13 * 86_400_000);
    const launch = report.conversations.find((c) => c.post?.id === 'launch')!;
    expect(launch.post).toMatchObject({ campaign: 'spring' });
    expect(launch.items.map((i) => [i.kind, i.author, i.url])).toEqual([
      ['reply', '@fan', `https://x.com/fan/status/${reply.id}`],
      ['quote', '@critic', expect.stringMatching(/^https:\/\/x\.com\/critic\/status\/\d+$/)],
    ]);
    expect(report.conversations.flatMap((c) => c.items).find((i) => i.kind === 'mention')).toMatchObject({ author: '@asker', text: '@acme hiring?' });

    commitFiles(repo.work, { 'posts/arm.yaml': postYaml({ id: 'arm', at: at(now), channels: ['xa'], text: 'Yes, ARM64 builds ship with 2.0.', extra: `reply_to: https://x.com/fan/status/${reply.id}` }) }, 'answer');
    const answering = load(repo.work);
    expect((await publish(answering.calendar, answering.problems, { env, sleep: noSleep })).pairs.map((p) => `${p.post}:${p.state}`)).toEqual(['arm:published']);
    expect(x.tweets.at(-1)).toMatchObject({ posted: 'Yes, ARM64 builds ship with 2.0.', in_reply_to_tweet_id: reply.id });

    const again = await inbox(load(repo.work).calendar, { env, sleep: noSleep });
    expect(again.pulled).toEqual([{ account: 'xa', added: 0 }]);
    expect(again.conversations.flatMap((c) => c.items).find((i) => i.author === '@fan')!.answeredBy).toBe('arm');
  }, 180_000);
});
