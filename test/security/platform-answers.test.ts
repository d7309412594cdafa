// Issue 11 item 20: a platform (or a proxy in front of it) answering 200 with an HTML page.
// Every adapter checks the shape of what it reads; a wrong shape is an `unexpected` error,
// which the engine treats like a failure after sending: look up first, `unknown` if it cannot.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Account } from '../../src/calendar/model.js';
import { DiscordAdapter } from '../../src/platforms/discord.js';
import { MastodonAdapter } from '../../src/platforms/mastodon.js';
import { SlackAdapter } from '../../src/platforms/slack.js';
import { PlatformError, type Adapter, type OutgoingItem } from '../../src/platforms/types.js';
import { DEFAULT_RETRY, mayHaveBeenAccepted } from '../../src/publish/retry.js';
import { sendPair } from '../../src/publish/send.js';
import { claim } from '../../src/publish/states.js';
import { start, type FakeMastodon } from '../support/fake-mastodon.js';
import { startDiscord, startSlack } from '../support/fake-webhooks.js';
import { png, tempFiles } from '../support/images.js';

const HTML = '<!DOCTYPE html><html><head><title>Service unavailable</title></head><body>Try again later</body></html>';
const html = { 'content-type': 'text/html; charset=utf-8' };
const item = (text: string, extra: Partial<OutgoingItem> = {}): OutgoingItem => ({ text, media: [], ...extra });
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

function entryFor(adapter: Adapter, items = 1) {
  return claim(undefined, { run: 'run-1', at: new Date('2027-01-01T00:00:00Z'), items, newHandle: () => adapter.newHandle() });
}
const deps = { policy: { ...DEFAULT_RETRY, attempts: 2 }, sleep: async () => {}, now: () => new Date('2027-01-01T00:00:01Z'), secrets: [] };

describe('Slack', () => {
  const account: Account = { name: 'team', platform: 'slack', credentials: { webhook: 'SLACK_WEBHOOK_URL' }, settings: {} };

  it('an HTML page with 200 is an unexpected answer, not a post', async () => {
    const fake = await startSlack();
    closers.push(fake.close);
    const a = new SlackAdapter(account, { SLACK_WEBHOOK_URL: fake.url });
    fake.failNext(200, html, HTML);
    const error = await a.post(item('Hello'), { handle: a.newHandle() }).catch((e) => e);
    expect(error).toBeInstanceOf(PlatformError);
    expect(error.kind).toBe('unexpected');
    expect(error.message).toContain('Slack (team): post message: HTTP 200, but the answer is not what the API sends (text starting "<!DOCTYPE html>');
    expect(error.message).not.toContain(fake.url);
    expect(mayHaveBeenAccepted(error)).toBe(true);
  });

  it('the engine records it unknown (Slack cannot be asked), never published', async () => {
    const fake = await startSlack();
    closers.push(fake.close);
    const a = new SlackAdapter(account, { SLACK_WEBHOOK_URL: fake.url });
    fake.failNext(200, html, HTML);
    const entry = await sendPair(a, [item('Hello')], entryFor(a), deps);
    expect(entry.state).toBe('unknown');
    expect(entry.error).toMatch(/unexpected: Slack \(team\): post message: HTTP 200, but the answer is not what the API sends/);
    expect(fake.requests).toHaveLength(1); // never sent twice
  });

  it('still takes Slack\'s real "ok"', async () => {
    const fake = await startSlack();
    closers.push(fake.close);
    const a = new SlackAdapter(account, { SLACK_WEBHOOK_URL: fake.url });
    const entry = await sendPair(a, [item('Hello')], entryFor(a), deps);
    expect(entry.state).toBe('published');
    expect(fake.statuses).toHaveLength(1);
  });
});

describe('Discord', () => {
  const account: Account = { name: 'community', platform: 'discord', credentials: { webhook: 'DISCORD_WEBHOOK_URL' }, settings: {} };

  it.each([
    ['an HTML page', 200, html, HTML, /text starting "<!DOCTYPE html>/],
    ['a message without an id', 200, {}, { channel_id: '555' }, /a JSON object: "id" /],
    ['no body at all (204)', 204, {}, undefined, /an empty body/],
  ])('%s is unexpected, and the engine records unknown instead of posting again', async (_name, status, headers, body, detail) => {
    const fake = await startDiscord();
    closers.push(fake.close);
    const a = new DiscordAdapter(account, { DISCORD_WEBHOOK_URL: fake.url });
    if (status === 204) fake.failNext(204, headers);
    else fake.failNext(status, headers, body);
    // failNext sends `{error}` when no body is given; a 204 sends none.
    const entry = await sendPair(a, [item('Hello')], entryFor(a), deps);
    expect(entry.state).toBe('unknown');
    expect(entry.error).toMatch(detail);
    expect(fake.requests).toHaveLength(1);
  });
});

describe('Mastodon', () => {
  let fake: FakeMastodon;
  const env = { MASTODON_TOKEN: 'test-mastodon-token' };
  const account = (): Account => ({ name: 'acme-masto', platform: 'mastodon', server: fake.url, credentials: { token: 'MASTODON_TOKEN' }, settings: {} });
  const adapter = () => new MastodonAdapter(account(), env, { mediaPoll: { intervalMs: 1, attempts: 60 } });

  it('an HTML page for a media upload stops at once: no polling of /api/v1/media/undefined', async () => {
    fake = await start({ mediaPolls: 2 });
    closers.push(fake.close);
    const dir = tempFiles({ 'a.png': png(2, 2) });
    const a = adapter();
    fake.failNext(200, html, HTML);
    const error = await a.post(item('pic', { media: [{ file: 'media/a.png', absPath: join(dir, 'a.png'), mime: 'image/png', alt: 'A' }] }), { handle: a.newHandle() }).catch((e) => e);
    expect(error.kind).toBe('unexpected');
    expect(error.message).toMatch(/upload media\/a.png: HTTP 200, but the answer is not what the API sends/);
    expect(fake.requests.filter((r) => r.path.includes('undefined'))).toEqual([]);
    expect(fake.requests).toHaveLength(1);
  });

  it('an HTML page for the status: the engine looks it up, finds nothing, and posts once', async () => {
    fake = await start();
    closers.push(fake.close);
    const a = adapter();
    fake.failNext(200, html, HTML);
    const entry = await sendPair(a, [item('Launch day')], entryFor(a), deps);
    expect(entry.state).toBe('published');
    expect(fake.statuses.map((s) => s.content)).toHaveLength(1);
    const paths = fake.requests.map((r) => `${r.method} ${r.path}`);
    expect(paths[0]).toBe('POST /api/v1/statuses');
    expect(paths).toContain('GET /api/v1/accounts/verify_credentials'); // the lookup ran before posting again
    expect(paths.filter((p) => p === 'POST /api/v1/statuses')).toHaveLength(2);
  });

  it('a status answer missing its id is unexpected too', async () => {
    fake = await start();
    closers.push(fake.close);
    const a = adapter();
    fake.failNext(200, {}, { uri: 'x', content: '' });
    const error = await a.post(item('x'), { handle: a.newHandle() }).catch((e) => e);
    expect(error.kind).toBe('unexpected');
    expect(error.message).toMatch(/a JSON object: "id" /);
  });

  it('an HTML instance page falls back to the default limits instead of reading garbage', async () => {
    fake = await start();
    closers.push(fake.close);
    fake.failNext(200, html, HTML);
    const limits = await adapter().limits();
    expect(limits.maxLength).toBe(500);
  });
});
