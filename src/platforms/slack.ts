// Slack through an incoming webhook. It answers "ok" and nothing else, so there is no id to
// keep and no way to ask later whether a post went out: an uncertain outcome stays 'unknown'.
import { randomUUID } from 'node:crypto';
import type { Account } from '../calendar/model.js';
import { redact } from '../errors.js';
import { z } from 'zod';
import { errorFromResponse, readAnswer, send, type RequestOptions } from './http.js';
import { LIMITS, type PlatformLimits } from './limits.js';
import { PlatformError, type Adapter, type AdapterOptions, type OutgoingItem, type PostContext, type PostedItem } from './types.js';
import { readWebhook, type Webhook } from './webhook.js';

const SLACK_OK = z.string().refine((text) => text.trim() === 'ok', 'Slack answers "ok"');

/** Slack's limit for the text of one section block. */
const SECTION_MAX = 3000;

export class SlackAdapter implements Adapter {
  readonly platform = 'slack' as const;
  readonly account: string;
  private readonly webhook: Webhook;
  private readonly mediaBaseUrl?: string;

  constructor(account: Account, env: NodeJS.ProcessEnv, private readonly opts: AdapterOptions = {}) {
    this.account = account.name;
    this.webhook = readWebhook(account, env);
    const base = account.settings.mediaBaseUrl;
    this.mediaBaseUrl = typeof base === 'string' ? base.replace(/\/+$/, '') : undefined;
  }

  async limits(): Promise<PlatformLimits> {
    return LIMITS.slack;
  }

  newHandle(): string {
    return randomUUID();
  }

  async post(item: OutgoingItem, ctx: PostContext): Promise<PostedItem> {
    const text = escapeMrkdwn(item.text);
    const body: Record<string, unknown> = { text };
    if (item.media.length) {
      // Slack shows images only from a public URL; it cannot take the file itself.
      if (!this.mediaBaseUrl) {
        throw new PlatformError(
          'invalid',
          `Slack (${this.account}): the post has images, but a Slack webhook can only show images by public URL. ` +
            `Set accounts.${this.account}.settings.mediaBaseUrl to where the repo's media is published (e.g. https://acme.example/social), or remove slack from the post's channels.`,
        );
      }
      if (text.length > SECTION_MAX) {
        throw new PlatformError('invalid', `Slack (${this.account}): text with images must fit one section block (${SECTION_MAX} characters); it has ${text.length}`);
      }
      body.blocks = [
        ...(text ? [{ type: 'section', text: { type: 'mrkdwn', text } }] : []),
        ...item.media.map((m) => ({ type: 'image', image_url: `${this.mediaBaseUrl}/${m.file.split('/').map(encodeURIComponent).join('/')}`, alt_text: m.alt || m.file })),
      ];
    }
    const opts = this.request('post message', ctx.signal);
    const res = await send(this.webhook.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }, opts);
    if (!res.ok) throw await this.error(res, opts);
    // Slack answers exactly "ok"; a page from a proxy with 200 posted nothing we can be sure of.
    await readAnswer(res, SLACK_OK, opts);
    // No id comes back; the claim's handle is the only name this post will ever have.
    return { id: ctx.handle };
  }

  async lookup(): Promise<'unknown'> {
    return 'unknown';
  }

  /**
   * Incoming webhooks have no read endpoint. An empty payload is refused with 400 `no_text`
   * by a live webhook (nothing is posted), and with 403/404/410 by a revoked one.
   */
  async verify(): Promise<{ ok: boolean; detail: string }> {
    const opts = this.request('check webhook');
    try {
      const res = await send(this.webhook.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }, opts);
      const answer = (await res.text()).trim();
      if (res.status === 400 && (answer === 'no_text' || answer === 'invalid_payload' || answer === 'missing_text_or_fallback_or_attachments')) {
        return { ok: true, detail: 'webhook is live (checked with an empty message, which Slack refuses without posting)' };
      }
      if (res.ok && answer === 'ok') return { ok: true, detail: 'webhook is live' };
      if (res.ok) return { ok: false, detail: redact(`${opts.what}: HTTP ${res.status}, but the answer is not Slack's ("${answer.replace(/\s+/g, ' ').slice(0, 60)}")`, this.webhook.secrets) };
      return { ok: false, detail: this.errorFromText(res.status, answer, opts).message };
    } catch (error) {
      return { ok: false, detail: error instanceof Error ? error.message : String(error) };
    }
  }

  private async error(res: Response, opts: RequestOptions): Promise<PlatformError> {
    if (res.status === 429 || res.status >= 500) return errorFromResponse(res, opts);
    return this.errorFromText(res.status, (await res.text()).trim(), opts);
  }

  /** Slack answers with a bare error code; a revoked or archived webhook is an auth problem. */
  private errorFromText(status: number, answer: string, opts: RequestOptions): PlatformError {
    const gone = status === 403 || status === 404 || status === 410;
    const message = `${opts.what}: HTTP ${status} — ${answer || 'no answer'}` + (gone ? `. The webhook in ${this.webhook.variable} was revoked or its channel archived; create a new incoming webhook.` : '');
    return new PlatformError(gone || status === 401 ? 'auth' : 'invalid', redact(message, this.webhook.secrets), { status });
  }

  private request(what: string, signal?: AbortSignal): RequestOptions {
    return { what: `Slack (${this.account}): ${what}`, secrets: this.webhook.secrets, signal, timeoutMs: this.opts.timeoutMs };
  }
}

/** Slack mrkdwn needs &, < and > escaped; everything else is shown as written. */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
