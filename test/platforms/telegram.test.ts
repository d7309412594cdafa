// Telegram adapter against a local server that behaves like the documented Bot API.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Account } from '../../src/calendar/model.js';
import { createAdapter } from '../../src/platforms/index.js';
import { TelegramAdapter } from '../../src/platforms/telegram.js';
import type { OutgoingItem } from '../../src/platforms/types.js';
import { CHAT, startTelegram, type FakeTelegram } from '../support/fake-telegram.js';
import { png, tempFiles } from '../support/images.js';

let fake: FakeTelegram;
const env = () => ({ TG_TOKEN: fake.token });
const account = (overrides: Partial<Account> = {}): Account => ({ name: 'acme-tg', platform: 'telegram', server: fake.url, credentials: { token: 'TG_TOKEN' }, settings: { chat: '@acme_news' }, ...overrides });
const item = (text: string, extra: Partial<OutgoingItem> = {}): OutgoingItem => ({ text, media: [], ...extra });
const adapter = (acc?: Partial<Account>) => new TelegramAdapter(account(acc), env());

beforeEach(async () => {
  fake = await startTelegram();
});
afterEach(async () => {
  await fake.close();
});

describe('Telegram adapter', () => {
  it('sends a message as plain text (no parse_mode), with the exact request the Bot API documents', async () => {
    const a = adapter();
    const text = 'Launch *today* _maybe_ <b>not bold</b> [link](x) & more';
    const posted = await a.post(item(text), { handle: a.newHandle() });
    expect(posted).toEqual({ id: '100', url: 'https://t.me/acme_news/100', ref: { chat: String(CHAT.id) } });
    const req = fake.requests[0];
    expect([req.method, req.path, req.headers['content-type']]).toEqual(['POST', `/bot${fake.token}/sendMessage`, 'application/json']);
    expect(req.body).toEqual({ chat_id: '@acme_news', text });
    expect(fake.messages[0].text).toBe(text);
  });

  it('replies with reply_parameters, and sends silently when asked', async () => {
    const a = adapter({ settings: { chat: CHAT.id, silent: true } });
    const root = await a.post(item('1/2'), { handle: a.newHandle() });
    await a.post(item('2/2'), { handle: a.newHandle(), replyTo: root, root });
    expect(fake.requests[1].body).toEqual({ chat_id: String(CHAT.id), text: '2/2', reply_parameters: { message_id: 100 }, disable_notification: true });
    expect(fake.messages[1]).toMatchObject({ reply_to_message_id: 100, silent: true });
  });

  it('one image is sendPhoto with the text as caption; several are an album with the caption on the first', async () => {
    const dir = tempFiles({ 'a.png': png(4, 3), 'b.png': png(2, 2) });
    const a = adapter();
    const one = await a.post(item('one photo', { media: [{ file: 'media/a.png', absPath: join(dir, 'a.png'), alt: 'dropped: Telegram has no alt text', mime: 'image/png' }] }), { handle: a.newHandle() });
    const photo = fake.requests[0];
    expect(photo.path).toBe(`/bot${fake.token}/sendPhoto`);
    expect(photo.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(photo.body).toMatchObject({ chat_id: '@acme_news', caption: 'one photo', photo: { name: 'a.png', type: 'image/png' } });
    expect(photo.body.photo.bytes).toEqual(png(4, 3));
    const album = await a.post(
      item('two photos', { media: [{ file: 'media/a.png', absPath: join(dir, 'a.png'), mime: 'image/png' }, { file: 'media/b.png', absPath: join(dir, 'b.png'), mime: 'image/png' }] }),
      { handle: a.newHandle(), replyTo: one, root: one },
    );
    const group = fake.requests[1];
    expect(group.path).toBe(`/bot${fake.token}/sendMediaGroup`);
    expect(JSON.parse(group.body.media)).toEqual([
      { type: 'photo', media: 'attach://photo0', caption: 'two photos' },
      { type: 'photo', media: 'attach://photo1' },
    ]);
    expect(JSON.parse(group.body.reply_parameters)).toEqual({ message_id: Number(one.id) });
    expect(group.body.photo1.bytes).toEqual(png(2, 2));
    expect(album).toEqual({ id: '101', url: 'https://t.me/acme_news/101', ref: { chat: String(CHAT.id), messages: '101,102' } });
    expect(fake.messages.filter((m) => m.media_group_id)).toHaveLength(2);
  });

  it('refuses a caption over 1024 before sending anything', async () => {
    const dir = tempFiles({ 'a.png': png(1, 1) });
    const a = adapter();
    const error = await a.post(item('x'.repeat(1025), { media: [{ file: 'media/a.png', absPath: join(dir, 'a.png'), mime: 'image/png' }] }), { handle: a.newHandle() }).catch((e) => e);
    expect(error).toMatchObject({ kind: 'invalid', message: expect.stringContaining('at most 1024') });
    expect(fake.requests).toHaveLength(0);
  });

  it('429 waits parameters.retry_after; 400 chat not found says where to fix it; a bad token is auth and never shown', async () => {
    const a = adapter();
    fake.failNext(429, {}, { ok: false, error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } });
    await expect(a.post(item('x'), { handle: a.newHandle() })).rejects.toMatchObject({ kind: 'rate-limit', status: 429, retryAfterMs: 7000 });

    const lost = adapter({ settings: { chat: '@acme_nwes' } });
    const error = await lost.post(item('x'), { handle: lost.newHandle() }).catch((e) => e);
    expect(error).toMatchObject({ kind: 'invalid', status: 400 });
    expect(error.message).toContain('chat not found. Check accounts.acme-tg.chat in socialcal.yaml');

    const wrong = new TelegramAdapter(account(), { TG_TOKEN: '999:wrong-bot-token-value' });
    const auth = await wrong.post(item('x'), { handle: wrong.newHandle() }).catch((e) => e);
    expect(auth).toMatchObject({ kind: 'auth', status: 401 });
    expect(auth.message).toContain('TG_TOKEN');
    expect(auth.message).not.toContain('wrong-bot-token-value');
    expect(fake.messages).toHaveLength(0);
  });

  it('a connection lost mid-request is transient and never shows the token (it is in the URL path)', async () => {
    const a = adapter();
    await fake.close();
    const error = await a.post(item('x'), { handle: a.newHandle() }).catch((e) => e);
    expect(error).toMatchObject({ kind: 'transient' });
    expect(error.message).not.toContain(fake.token);
    fake = await startTelegram();
  });

  it("has no lookup: an uncertain outcome is 'unknown', and asking sends nothing", async () => {
    const a = adapter();
    await a.post(item('sent'), { handle: a.newHandle() });
    expect(await a.lookup()).toBe('unknown');
    expect(fake.requests).toHaveLength(1);
  });

  it('verifies the token and that the bot can see the chat', async () => {
    expect(await adapter().verify()).toEqual({ ok: true, detail: 'bot @acme_bot can see Acme News (channel)' });
    const lost = await adapter({ settings: { chat: '-100999' } }).verify();
    expect(lost.ok).toBe(false);
    expect(lost.detail).toContain('chat not found');
  });

  it('checks the token variable and the chat setting in the constructor', async () => {
    await expect(createAdapter(account(), {})).rejects.toMatchObject({ kind: 'config', message: expect.stringContaining('TG_TOKEN') });
    await expect(createAdapter(account({ credentials: {} }), {})).rejects.toMatchObject({ message: expect.stringContaining('SOCIALCAL_ACME_TG_BOT_TOKEN') });
    await expect(createAdapter(account({ settings: {} }), env())).rejects.toMatchObject({ kind: 'config', message: expect.stringContaining('no chat set') });
  });
});
