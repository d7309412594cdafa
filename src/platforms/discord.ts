// Discord through a channel webhook. `?wait=true` makes Discord answer with the message (and
// its id); webhooks cannot reply to messages, so thread items go out one after another.
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { Account } from '../calendar/model.js';
import { z } from 'zod';
import { errorFromResponse, readAnswer, send, type RequestOptions } from './http.js';
import { LIMITS, type PlatformLimits } from './limits.js';
import { readMedia } from './media.js';
import { PlatformError, type Adapter, type AdapterOptions, type OutgoingItem, type PostContext, type PostedItem } from './types.js';
import { readWebhook, type Webhook } from './webhook.js';

const MENTION_KINDS = ['users', 'roles', 'everyone'];

// The fields socialcal reads from Discord's answers (the message with ?wait=true, the webhook).
const Message = z.looseObject({ id: z.string().min(1), channel_id: z.string().min(1), guild_id: z.string().nullish() });
const WebhookInfo = z.looseObject({ name: z.string().nullish(), channel_id: z.string().min(1) });

export class DiscordAdapter implements Adapter {
  readonly platform = 'discord' as const;
  readonly account: string;
  private readonly webhook: Webhook;
  private readonly username?: string;
  private readonly avatarUrl?: string;
  private readonly mentions: string[];

  constructor(account: Account, env: NodeJS.ProcessEnv, private readonly opts: AdapterOptions = {}) {
    this.account = account.name;
    this.webhook = readWebhook(account, env);
    const s = account.settings;
    this.username = typeof s.username === 'string' ? s.username : undefined;
    this.avatarUrl = typeof s.avatarUrl === 'string' ? s.avatarUrl : undefined;
    // No pings unless the account opts in: a scheduled post should not wake up @everyone by accident.
    const mentions = s.mentions === undefined ? [] : Array.isArray(s.mentions) ? s.mentions.map(String) : [String(s.mentions)];
    const unknown = mentions.filter((m) => !MENTION_KINDS.includes(m));
    if (unknown.length) {
      throw new PlatformError('config', `account "${account.name}": settings.mentions may list ${MENTION_KINDS.join(', ')}; not ${unknown.join(', ')}`);
    }
    this.mentions = mentions;
  }

  async limits(): Promise<PlatformLimits> {
    return LIMITS.discord;
  }

  newHandle(): string {
    return randomUUID();
  }

  async post(item: OutgoingItem, ctx: PostContext): Promise<PostedItem> {
    const url = new URL(this.webhook.url);
    url.searchParams.set('wait', 'true');
    const payload: Record<string, unknown> = { content: item.text, allowed_mentions: { parse: this.mentions } };
    if (this.username) payload.username = this.username;
    if (this.avatarUrl) payload.avatar_url = this.avatarUrl;

    let init: RequestInit;
    if (item.media.length) {
      const form = new FormData();
      payload.attachments = item.media.map((m, id) => ({ id, filename: basename(m.file), ...(m.alt ? { description: m.alt } : {}) }));
      form.set('payload_json', JSON.stringify(payload));
      for (const [i, m] of item.media.entries()) {
        const bytes = await readMedia(m.file, m.absPath, this.opts.root);
        form.set(`files[${i}]`, new Blob([bytes as Uint8Array<ArrayBuffer>], { type: m.mime }), basename(m.file));
      }
      init = { method: 'POST', body: form };
    } else {
      init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) };
    }
    const opts = this.request('post message', ctx.signal);
    const res = await send(url, init, opts);
    if (!res.ok) throw await this.error(res, opts);
    // Without ?wait=true's message (204, or a page from a proxy) there is no id: `unexpected`.
    const message = await readAnswer(res, Message, opts);
    return {
      id: message.id,
      ...(message.guild_id ? { url: `https://discord.com/channels/${message.guild_id}/${message.channel_id}/${message.id}` } : {}),
      ref: { channel: message.channel_id },
    };
  }

  /** A webhook can fetch a message only by its id, which is what was lost: cannot tell. */
  async lookup(): Promise<'unknown'> {
    return 'unknown';
  }

  async verify(): Promise<{ ok: boolean; detail: string }> {
    const opts = this.request('check webhook');
    try {
      const res = await send(this.webhook.url, {}, opts);
      if (!res.ok) throw await this.error(res, opts);
      const hook = await readAnswer(res, WebhookInfo, opts);
      return { ok: true, detail: `webhook "${hook.name ?? '?'}" posts to channel ${hook.channel_id}` };
    } catch (error) {
      return { ok: false, detail: error instanceof Error ? error.message : String(error) };
    }
  }

  /** A deleted webhook answers 404 "Unknown Webhook": that is a credentials problem, not bad input. */
  private async error(res: Response, opts: RequestOptions): Promise<PlatformError> {
    const error = await errorFromResponse(res, opts, res.status === 404 ? 'auth' : undefined);
    if (error.kind !== 'auth') return error;
    return new PlatformError('auth', `${error.message}. The webhook in ${this.webhook.variable} was deleted or is wrong; create a new one under Channel settings → Integrations → Webhooks.`, { status: error.status });
  }

  private request(what: string, signal?: AbortSignal): RequestOptions {
    return { what: `Discord (${this.account}): ${what}`, secrets: this.webhook.secrets, signal, timeoutMs: this.opts.timeoutMs };
  }
}
