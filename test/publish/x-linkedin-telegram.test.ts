// The engine with the X, LinkedIn and Telegram adapters against the fake servers in
// test/support: two runs racing, answers lost after the platform accepted, and the rules that
// hold what a platform cannot take.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLedgerFile } from '../../src/publish/ledger.js';
import { publish, type PublishOptions } from '../../src/publish/runner.js';
import { startLinkedIn, type FakeLinkedIn } from '../support/fake-linkedin.js';
import { startTelegram, type FakeTelegram } from '../support/fake-telegram.js';
import { startX, X_KEYS, type FakeX } from '../support/fake-x.js';
import { showFile } from '../support/git.js';
import { calendarRepo, configYaml, load, type PostSpec } from './calendar.js';
import { startLossyProxy } from './lossy-proxy.js';

const NOW = new Date('2027-01-20T12:00:00Z');
const opts = (env: NodeJS.ProcessEnv, extra: Partial<PublishOptions> = {}): PublishOptions => ({ now: NOW, env, sleep: async () => undefined, ...extra });
const ledger = (remote: string, id: string) => parseLedgerFile(showFile(remote, 'socialcal-ledger', `published/${id}.yaml`), id);

describe('publishing to X, LinkedIn and Telegram fakes', () => {
  let x: FakeX;
  let li: FakeLinkedIn;
  let tg: FakeTelegram;
  const creds = () => ({ X_KEY: X_KEYS.consumerKey, X_SECRET: X_KEYS.consumerSecret, X_TOKEN: X_KEYS.token, X_TOKEN_SECRET: X_KEYS.tokenSecret, LI_TOKEN: li.token, TG_TOKEN: tg.token });
  const xAccount = (server: string) => `platform: x\nhandle: acme\nserver: ${server}\ncredentials: { apiKey: X_KEY, apiSecret: X_SECRET, accessToken: X_TOKEN, accessSecret: X_TOKEN_SECRET }`;
  const liAccount = (server: string) => `platform: linkedin\nauthor: urn:li:organization:2414183\nserver: ${server}\ncredentials: { token: LI_TOKEN }`;
  const tgAccount = (server: string) => `platform: telegram\nchat: "@acme_news"\nserver: ${server}\ncredentials: { token: TG_TOKEN }`;
  beforeAll(async () => {
    [x, li, tg] = await Promise.all([startX(), startLinkedIn(), startTelegram()]);
  });
  afterAll(async () => {
    await Promise.all([x.close(), li.close(), tg.close()]);
  });

  it('two clones publishing at once post each exactly once; X and Telegram threads are replies', async () => {
    const posts: PostSpec[] = Array.from({ length: 4 }, (_, i) => ({ id: `xlt-${i}`, at: '2027-01-20 11:00', channels: ['xa', 'li', 'tg'], text: `three platforms ${i}` }));
    posts.push({ id: 'xlt-thread', at: '2027-01-20 11:00', channels: ['xa', 'tg'], text: 'thread one', thread: ['thread two'] });
    const repo = calendarRepo(configYaml({ xa: xAccount(x.url), li: liAccount(li.url), tg: tgAccount(tg.url) }), posts);
    const runs = await Promise.all([repo.clone(), repo.clone(1)].map((dir) => {
      const { calendar, problems } = load(dir);
      return publish(calendar, problems, opts(creds()));
    }));
    for (let i = 0; i < 4; i++) {
      expect(x.tweets.filter((t) => t.posted === `three platforms ${i}`)).toHaveLength(1);
      expect(li.posts.filter((p) => p.commentary === `three platforms ${i}`)).toHaveLength(1);
      expect(tg.messages.filter((m) => m.text === `three platforms ${i}`)).toHaveLength(1);
    }
    expect(runs.flatMap((r) => r.pairs).filter((p) => p.state === 'published')).toHaveLength(14);
    const [one, two] = x.tweets.filter((t) => t.posted.startsWith('thread '));
    expect(two.in_reply_to_tweet_id).toBe(one.id);
    const [m1, m2] = tg.messages.filter((m) => m.text?.startsWith('thread '));
    expect(m2.reply_to_message_id).toBe(m1.message_id);
    const file = ledger(repo.remote, 'xlt-thread');
    expect(file.accounts.xa.items.map((i) => i.id)).toEqual([one.id, two.id]);
    expect(file.accounts.tg.items.map((i) => i.id)).toEqual([String(m1.message_id), String(m2.message_id)]);
    const text = showFile(repo.remote, 'socialcal-ledger', 'published/xlt-0.yaml');
    for (const secret of [X_KEYS.consumerSecret, X_KEYS.tokenSecret, X_KEYS.token, li.token, tg.token]) expect(text).not.toContain(secret);
  });

  it('an X answer lost after the post was created is found by lookup (window from the handle), not posted again', async () => {
    const proxy = await startLossyProxy(x.url);
    x.signedOrigin = proxy.url;
    try {
      const repo = calendarRepo(configYaml({ xa: xAccount(proxy.url) }), [{ id: 'x-lost', at: '2027-01-20 11:00', channels: ['xa'], text: 'X lost answer https://acme.example/x' }]);
      proxy.loseNext((m, p) => m === 'POST' && p === '/2/tweets', 'drop');
      const { calendar, problems } = load(repo.work);
      const report = await publish(calendar, problems, opts(creds()));
      expect(report.pairs.map((p) => p.state)).toEqual(['published']);
      const sent = x.tweets.filter((t) => t.posted.startsWith('X lost answer'));
      expect(sent).toHaveLength(1);
      expect(ledger(repo.remote, 'x-lost').accounts.xa.items[0].id).toBe(sent[0].id);
    } finally {
      x.signedOrigin = x.url;
      await proxy.close();
    }
  });

  it('a LinkedIn answer lost after the post was created is found by lookup, not posted again', async () => {
    const proxy = await startLossyProxy(li.url);
    try {
      const repo = calendarRepo(configYaml({ li: liAccount(proxy.url) }), [{ id: 'li-lost', at: '2027-01-20 11:00', channels: ['li'], text: 'LinkedIn lost answer (really) #launch' }]);
      proxy.loseNext((m, p) => m === 'POST' && p === '/rest/posts', 'drop');
      const { calendar, problems } = load(repo.work);
      const report = await publish(calendar, problems, opts(creds()));
      expect(report.pairs.map((p) => p.state)).toEqual(['published']);
      const sent = li.posts.filter((p) => p.commentary.startsWith('LinkedIn lost answer'));
      expect(sent).toHaveLength(1);
      expect(ledger(repo.remote, 'li-lost').accounts.li.items[0].id).toBe(sent[0].id);
    } finally {
      await proxy.close();
    }
  });

  it('a Telegram message whose answer was lost becomes unknown and is never re-sent', async () => {
    const proxy = await startLossyProxy(tg.url);
    try {
      const repo = calendarRepo(configYaml({ tg: tgAccount(proxy.url) }), [{ id: 'tg-lost', at: '2027-01-20 11:00', channels: ['tg'], text: 'Telegram lost answer' }]);
      proxy.loseNext((m, p) => m === 'POST' && p.endsWith('/sendMessage'), 'drop');
      const { calendar, problems } = load(repo.work);
      const first = await publish(calendar, problems, opts(creds()));
      expect(first.pairs[0]).toMatchObject({ state: 'unknown' });
      expect(first.pairs[0].error).not.toContain(tg.token);
      const second = await publish(calendar, problems, opts(creds()));
      expect(second.pairs.map((p) => p.state)).toEqual(['unknown']);
      expect(tg.messages.filter((m) => m.text === 'Telegram lost answer')).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });

  it('a post with a thread for a LinkedIn account is held by check (rule threads), never half-sent', async () => {
    const repo = calendarRepo(configYaml({ li: liAccount(li.url) }), [{ id: 'li-thread', at: '2027-01-20 11:00', channels: ['li'], text: 'LinkedIn thread head', thread: ['second'] }]);
    const { calendar, problems } = load(repo.work);
    const report = await publish(calendar, problems, opts(creds()));
    expect(report.pairs.map((p) => p.state)).not.toContain('published');
    expect(li.posts.filter((p) => p.commentary === 'LinkedIn thread head')).toHaveLength(0);
  });
});
