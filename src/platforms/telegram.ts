// Telegram through the Bot API: sendMessage, sendPhoto and sendMediaGroup to one chat, replies
// by reply_parameters. Text goes out without parse_mode, so it shows exactly as written (no
// markup to escape). A bot cannot read a chat's history, so an uncertain outcome is 'unknown'.
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { z } from 'zod';
import type { Account } from '../calendar/model.js';
import { redact } from '../errors.js';
import { credentialVars, readCredentials } from './credentials.js';
import { kindOfStatus, readBody, retryAfter, send, type RequestOptions } from './http.js';
import { LIMITS, type PlatformLimits } from './limits.js';
import { readMedia } from './media.js';
import { checkAnswer } from './response.js';
import { PlatformError, type Adapter, type AdapterOptions, type OutgoingItem, type PostContext, type PostedItem } from './types.js';

export const DEFAULT_SERVER = 'https://api.telegram.org';

const chatSchema = z.object({ id: z.number(), type: z.string(), title: z.string().optional(), username: z.string().optional() });
const messageSchema = z.object({ message_id: z.number(), date: z.number(), chat: chatSchema });
type Message = z.infer<typeof messageSchema>;
const answer = <T extends z.ZodType>(result: T) => z.object({ ok: z.literal(true), result });
const failure = z.object({ ok: z.literal(false), error_code: z.number().optional(), description: z.string().optional(), parameters: z.object({ retry_after: z.number().optional(), migrate_to_chat_id: z.number().optional() }).optional() });

export class TelegramAdapter implements Adapter {
  readonly platform = 'telegram' as const;
  readonly account: string;
  private readonly token: string;
  private readonly tokenVar: string;
  private readonly server: string;
  private readonly chat: string;
  private readonly silent: boolean;

  constructor(account: Account, env: NodeJS.ProcessEnv, private readonly opts: AdapterOptions = {}) {
    this.account = account.name;
    this.token = readCredentials(account, env).token;
    this.tokenVar = credentialVars(account).token;
    this.server = (account.server ?? DEFAULT_SERVER).replace(/\/+$/, '');
    const chat = account.settings.chat;
    if (typeof chat !== 'string' && typeof chat !== 'number') {
      throw new PlatformError('config', `account "${account.name}" (telegram): no chat set; add chat: "@yourchannel" or the numeric chat id under accounts.${account.name} in socialcal.yaml`);
    }
    this.chat = String(chat);
    this.silent = account.settings.silent === true;
  }

  async limits(): Promise<PlatformLimits> {
    return LIMITS.telegram;
  }

  newHandle(): string {
    return randomUUID();
  }

  async post(item: OutgoingItem, ctx: PostContext): Promise<PostedItem> {
    const limits = LIMITS.telegram;
    if (item.media.length > limits.maxMedia) {
      throw new PlatformError('invalid', `Telegram (${this.account}): ${item.media.length} images; a message holds at most ${limits.maxMedia}`);
    }
    if (item.media.length && item.text.length > limits.captionMaxLength!) {
      throw new PlatformError('invalid', `Telegram (${this.account}): text with images is a caption, at most ${limits.captionMaxLength} characters; it has ${item.text.length}. Shorten it, or post the images in a thread item of their own.`);
    }
    const fields: Record<string, unknown> = { chat_id: this.chat };
    if (ctx.replyTo) fields.reply_parameters = { message_id: Number(ctx.replyTo.id) };
    if (this.silent) fields.disable_notification = true;

    if (item.media.length === 0) {
      const sent = await this.call('sendMessage', { json: { ...fields, text: item.text } }, messageSchema, 'send message', ctx.signal);
      return this.posted([sent]);
    }
    const form = new FormData();
    // Multipart fields are strings; objects go as JSON, as the Bot API documents.
    for (const [k, v] of Object.entries(fields)) form.set(k, typeof v === 'string' ? v : JSON.stringify(v));
    const files = await Promise.all(item.media.map((m) => readMedia(m.file, m.absPath, this.opts.root)));
    if (item.media.length === 1) {
      form.set('photo', new Blob([files[0] as Uint8Array<ArrayBuffer>], { type: item.media[0].mime }), basename(item.media[0].file));
      if (item.text) form.set('caption', item.text);
      const sent = await this.call('sendPhoto', { form }, messageSchema, `send photo ${item.media[0].file}`, ctx.signal);
      return this.posted([sent]);
    }
    // An album: the caption on the first photo is the album's caption.
    const media = item.media.map((m, i) => ({ type: 'photo', media: `attach://photo${i}`, ...(i === 0 && item.text ? { caption: item.text } : {}) }));
    form.set('media', JSON.stringify(media));
    item.media.forEach((m, i) => form.set(`photo${i}`, new Blob([files[i] as Uint8Array<ArrayBuffer>], { type: m.mime }), basename(m.file)));
    const sent = await this.call('sendMediaGroup', { form }, z.array(messageSchema).min(1), `send ${item.media.length} photos`, ctx.signal);
    return this.posted(sent);
  }

  /** The Bot API cannot read a chat's earlier messages. */
  async lookup(): Promise<'unknown'> {
    return 'unknown';
  }

  /** getMe (the token works), then getChat (the bot can see the chat). */
  async verify(): Promise<{ ok: boolean; detail: string }> {
    try {
      const bot = await this.call('getMe', {}, z.object({ username: z.string().optional(), is_bot: z.boolean() }), 'check token');
      const chat = await this.call('getChat', { json: { chat_id: this.chat } }, chatSchema, `check chat ${this.chat}`);
      return { ok: true, detail: `bot @${bot.username ?? '?'} can see ${chat.title ?? chat.username ?? chat.id} (${chat.type})` };
    } catch (error) {
      return { ok: false, detail: error instanceof Error ? error.message : String(error) };
    }
  }

  private posted(messages: Message[]): PostedItem {
    const first = messages[0];
    const ref: Record<string, string> = { chat: String(first.chat.id) };
    if (messages.length > 1) ref.messages = messages.map((m) => m.message_id).join(',');
    return { id: String(first.message_id), ...(messageUrl(first) ? { url: messageUrl(first) } : {}), ref };
  }

  private async call<T>(method: string, body: { json?: unknown; form?: FormData }, result: z.ZodType<T>, what: string, signal?: AbortSignal): Promise<T> {
    const init: RequestInit = { method: 'POST' };
    if (body.json !== undefined) {
      init.headers = { 'content-type': 'application/json' };
      init.body = JSON.stringify(body.json);
    } else if (body.form) init.body = body.form;
    const opts = this.request(what, signal);
    const res = await send(`${this.server}/bot${this.token}/${method}`, init, opts);
    const parsed = await readBody(res, opts);
    if (!res.ok) throw this.error(res, parsed, opts);
    return checkAnswer(parsed, answer(result), res.status, opts).result as T;
  }

  private error(res: Response, body: unknown, opts: RequestOptions): PlatformError {
    const f = failure.safeParse(body);
    const detail = f.success ? (f.data.description ?? '') : String(body ?? '').slice(0, 300);
    let kind = kindOfStatus(res.status);
    let hint = '';
    if (res.status === 401 || res.status === 404) {
      // The Bot API answers 404 for a malformed token path.
      kind = 'auth';
      hint = `. Check ${this.tokenVar}: the bot token from @BotFather`;
    } else if (res.status === 403) hint = `. Add the bot to ${this.chat} as an administrator allowed to post messages`;
    else if (/chat not found/i.test(detail)) hint = `. Check accounts.${this.account}.chat in socialcal.yaml, and that the bot was added to the chat`;
    const migrated = f.success ? f.data.parameters?.migrate_to_chat_id : undefined;
    if (migrated) hint = `. The group became a supergroup: set chat: ${migrated} under accounts.${this.account} in socialcal.yaml`;
    const wait = kind === 'rate-limit' ? retryAfter(res.headers, body) : undefined;
    const message = `${opts.what}: HTTP ${res.status}${detail ? ` — ${detail}` : ''}${wait !== undefined ? `; retry in ${Math.ceil(wait / 1000)} s` : ''}${hint}`;
    return new PlatformError(kind, redact(message, [this.token]), { status: res.status, ...(wait !== undefined ? { retryAfterMs: wait } : {}) });
  }

  private request(what: string, signal?: AbortSignal): RequestOptions {
    return { what: `Telegram (${this.account}): ${what}`, secrets: [this.token], signal, timeoutMs: this.opts.timeoutMs };
  }
}

/** Public chats link by username; private channels and supergroups by their id without -100. */
function messageUrl(m: Message): string | undefined {
  if (m.chat.username) return `https://t.me/${m.chat.username}/${m.message_id}`;
  const id = String(m.chat.id);
  return id.startsWith('-100') ? `https://t.me/c/${id.slice(4)}/${m.message_id}` : undefined;
}
