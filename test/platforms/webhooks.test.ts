// Discord and Slack adapters against local servers that behave like their webhooks.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Account } from '../../src/calendar/model.js';
import { DiscordAdapter } from '../../src/platforms/discord.js';
import { createAdapter } from '../../src/platforms/index.js';
import { SlackAdapter } from '../../src/platforms/slack.js';
import { PlatformError, type OutgoingItem } from '../../src/platforms/types.js';
import { startDiscord, startSlack, type DiscordMessage, type FakeWebhook, type SlackMessage } from '../support/fake-webhooks.js';
import { png, tempFiles } from '../support/images.js';

const item = (text: string, extra: Partial<OutgoingItem> = {}): OutgoingItem => ({ text, media: [], ...extra });

describe('Discord adapter', () => {
  let fake: FakeWebhook<DiscordMessage>;
  const account = (settings: Record<string, unknown> = {}): Account => ({ name: 'community', platform: 'discord', credentials: { webhook: 'DISCORD_WEBHOOK_URL' }, settings });
  const adapter = (settings?: Record<string, unknown>) => new DiscordAdapter(account(settings), { DISCORD_WEBHOOK_URL: fake.url });

  beforeEach(async () => {
    fake = await startDiscord();
  });
  afterEach(async () => {
    await fake.close();
  });

  it('posts JSON content with wait=true and returns the message id', async () => {
    const a = adapter({ username: 'Acme' });
    const posted = await a.post(item('Hello @everyone 👋'), { handle: a.newHandle() });
    expect(posted.id).toBe(fake.statuses[0].id);
    const [req] = fake.requests;
    expect(req.method).toBe('POST');
    expect(req.path).toBe(new URL(fake.url).pathname);
    expect(req.query).toEqual({ wait: 'true' });
    expect(req.headers['content-type']).toBe('application/json');
    // Pings are off unless the account opts in.
    expect(req.body).toEqual({ content: 'Hello @everyone 👋', allowed_mentions: { parse: [] }, username: 'Acme' });
  });

  it('sends files as multipart with payload_json and alt text as attachment descriptions', async () => {
    const dir = tempFiles({ 'a.png': png(2, 2), 'b.png': png(3, 3) });
    const a = adapter({ mentions: ['users'] });
    await a.post(
      item('two files', {
        media: [
          { file: 'media/a.png', absPath: join(dir, 'a.png'), alt: 'First', mime: 'image/png' },
          { file: 'media/b.png', absPath: join(dir, 'b.png'), mime: 'image/png' },
        ],
      }),
      { handle: a.newHandle() },
    );
    const [req] = fake.requests;
    expect(req.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(JSON.parse(req.body.payload_json)).toEqual({
      content: 'two files',
      allowed_mentions: { parse: ['users'] },
      attachments: [{ id: 0, filename: 'a.png', description: 'First' }, { id: 1, filename: 'b.png' }],
    });
    expect(req.body['files[0]']).toMatchObject({ name: 'a.png', type: 'image/png' });
    expect(req.body['files[1]'].bytes).toEqual(png(3, 3));
    expect(fake.statuses[0].attachments.map((x) => x.description)).toEqual(['First', undefined]);
  });

  it('posts thread items one after another (webhooks cannot reply)', async () => {
    const a = adapter();
    const first = await a.post(item('1/2'), { handle: a.newHandle() });
    await a.post(item('2/2'), { handle: a.newHandle(), replyTo: first, root: first });
    expect(fake.statuses.map((m) => m.content)).toEqual(['1/2', '2/2']);
  });

  it('classifies errors: 429 with JSON retry_after, 400 invalid form body, 404 unknown webhook as auth', async () => {
    const a = adapter();
    fake.failNext(429, { 'Retry-After': '3' }, { message: 'You are being rate limited.', retry_after: 2.5, global: false });
    const limited = await a.post(item('x'), { handle: a.newHandle() }).catch((e) => e);
    expect(limited).toMatchObject({ kind: 'rate-limit', status: 429, retryAfterMs: 3000 });

    fake.failNext(429, {}, { message: 'You are being rate limited.', retry_after: 2.5, global: false });
    expect(await a.post(item('x'), { handle: a.newHandle() }).catch((e) => e)).toMatchObject({ retryAfterMs: 2500 });

    const long = await a.post(item('a'.repeat(2001)), { handle: a.newHandle() }).catch((e) => e);
    expect(long).toMatchObject({ kind: 'invalid', status: 400 });
    expect(long.message).toContain('Invalid Form Body');

    const gone = new DiscordAdapter(account(), { DISCORD_WEBHOOK_URL: fake.url.replace('/1234567890/', '/999/') });
    const error = await gone.post(item('x'), { handle: gone.newHandle() }).catch((e) => e);
    expect(error).toMatchObject({ kind: 'auth', status: 404 });
    expect(error.message).toContain('DISCORD_WEBHOOK_URL');
    expect(error.message).not.toContain('discord-webhook-token-abc');
  });

  it('keeps the webhook token out of network error messages', async () => {
    const a = adapter();
    await fake.close();
    const error = await a.post(item('x'), { handle: a.newHandle() }).catch((e) => e);
    expect(error).toMatchObject({ kind: 'transient' });
    expect(error.message).not.toContain('discord-webhook-token-abc');
    fake = await startDiscord();
  });

  it("answers lookup with 'unknown' and verifies with GET on the webhook", async () => {
    const a = adapter();
    expect(await a.lookup()).toBe('unknown');
    expect(await a.verify()).toEqual({ ok: true, detail: 'webhook "socialcal" posts to channel 555' });
    expect(fake.requests.at(-1)).toMatchObject({ method: 'GET', path: new URL(fake.url).pathname });
    const bad = new DiscordAdapter(account(), { DISCORD_WEBHOOK_URL: fake.url.replace('token-abc', 'token-xyz') });
    const check = await bad.verify();
    expect(check.ok).toBe(false);
    expect(check.detail).toContain('Invalid Webhook Token');
    expect(check.detail).not.toContain('token-xyz');
  });

  it('checks the webhook variable and settings when created', async () => {
    await expect(createAdapter(account(), {})).rejects.toMatchObject({ kind: 'config', message: expect.stringContaining('DISCORD_WEBHOOK_URL') });
    await expect(createAdapter(account(), { DISCORD_WEBHOOK_URL: 'not a url' })).rejects.toMatchObject({ kind: 'config' });
    await expect(createAdapter(account({ mentions: ['here'] }), { DISCORD_WEBHOOK_URL: fake.url })).rejects.toMatchObject({ kind: 'config' });
  });
});

describe('Slack adapter', () => {
  let fake: FakeWebhook<SlackMessage>;
  const account = (settings: Record<string, unknown> = {}): Account => ({ name: 'team-slack', platform: 'slack', credentials: {}, settings });
  const env = () => ({ SOCIALCAL_TEAM_SLACK_WEBHOOK_URL: fake.url });

  beforeEach(async () => {
    fake = await startSlack();
  });
  afterEach(async () => {
    await fake.close();
  });

  it('posts {text} with mrkdwn escaping; no id comes back, so the handle is the id', async () => {
    const a = new SlackAdapter(account(), env());
    const handle = a.newHandle();
    expect(await a.post(item('Q&A <today> → https://acme.example'), { handle })).toEqual({ id: handle });
    const [req] = fake.requests;
    expect(req).toMatchObject({ method: 'POST', path: new URL(fake.url).pathname, headers: { 'content-type': 'application/json' } });
    expect(req.body).toEqual({ text: 'Q&amp;A &lt;today&gt; → https://acme.example' });
    expect(await a.lookup()).toBe('unknown');
  });

  it('refuses media without a mediaBaseUrl, as invalid with a clear message', async () => {
    const a = new SlackAdapter(account(), env());
    const error = await a.post(item('pic', { media: [{ file: 'media/a.png', absPath: '/nowhere/a.png', mime: 'image/png', alt: 'A' }] }), { handle: a.newHandle() }).catch((e) => e);
    expect(error).toBeInstanceOf(PlatformError);
    expect(error.kind).toBe('invalid');
    expect(error.message).toContain('settings.mediaBaseUrl');
    expect(fake.requests).toHaveLength(0);
  });

  it('shows images from mediaBaseUrl as image blocks with alt text', async () => {
    const a = new SlackAdapter(account({ mediaBaseUrl: 'https://cdn.acme.example/social/' }), env());
    await a.post(item('pic', { media: [{ file: 'media/launch day.png', absPath: '/x', mime: 'image/png', alt: 'A box' }] }), { handle: a.newHandle() });
    expect(fake.requests[0].body).toEqual({
      text: 'pic',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: 'pic' } },
        { type: 'image', image_url: 'https://cdn.acme.example/social/media/launch%20day.png', alt_text: 'A box' },
      ],
    });
  });

  it('classifies errors and keeps the webhook URL out of messages', async () => {
    const a = new SlackAdapter(account(), env());
    fake.failNext(429, { 'Retry-After': '30' }, 'rate_limited');
    expect(await a.post(item('x'), { handle: a.newHandle() }).catch((e) => e)).toMatchObject({ kind: 'rate-limit', retryAfterMs: 30_000 });
    fake.failNext(500, {}, 'internal_error');
    expect(await a.post(item('x'), { handle: a.newHandle() }).catch((e) => e)).toMatchObject({ kind: 'transient', status: 500 });
    const revoked = new SlackAdapter(account(), { SOCIALCAL_TEAM_SLACK_WEBHOOK_URL: fake.url.replace('slack-webhook-secret', 'revoked-secret-123') });
    const error = await revoked.post(item('x'), { handle: revoked.newHandle() }).catch((e) => e);
    expect(error).toMatchObject({ kind: 'auth', status: 404 });
    expect(error.message).toContain('no_service');
    expect(error.message).toContain('SOCIALCAL_TEAM_SLACK_WEBHOOK_URL');
    expect(error.message).not.toContain('revoked-secret-123');
  });

  it('verifies with an empty payload that Slack refuses without posting', async () => {
    const a = new SlackAdapter(account(), env());
    expect((await a.verify()).ok).toBe(true);
    expect(fake.statuses).toHaveLength(0);
    const revoked = new SlackAdapter(account(), { SOCIALCAL_TEAM_SLACK_WEBHOOK_URL: `${fake.url}x` });
    expect(await revoked.verify()).toMatchObject({ ok: false, detail: expect.stringContaining('no_service') });
  });
});
