// Meta's Graph APIs (Threads, Instagram, Facebook Pages): one request at a time, the token as
// the documented `access_token` parameter (form body for POST, query for GET), errors from
// Meta's `{error: {code, error_subcode, message}}` shape, answers checked with zod.
import { z } from 'zod';
import { redact } from '../errors.js';
import { readBody, retryAfter, send } from './http.js';
import { PlatformError, type AdapterOptions, type PlatformErrorKind } from './types.js';

/** Graph error codes that mean "too many calls" (app, user, page, custom and BUC limits). */
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613, 80001, 80002, 80003, 80004, 80005, 80006, 80008, 80009, 80014]);
/** Token invalid or expired (190, subcodes 460/463/467), or an auth method error (102). */
const AUTH_CODES = new Set([102, 190]);
/** Permission missing: 10 and 200–299. */
const isPermissionCode = (code: number) => code === 10 || (code >= 200 && code <= 299);
/** Facebook refuses a page post identical to a recent one. */
const DUPLICATE_CODES = new Set([506]);
/** "An unknown error occurred" / "Service temporarily unavailable". */
const TRANSIENT_CODES = new Set([1, 2]);

const graphError = z.object({
  error: z.object({
    message: z.string().optional(),
    type: z.string().optional(),
    code: z.number().optional(),
    error_subcode: z.number().optional(),
    is_transient: z.boolean().optional(),
    error_user_msg: z.string().optional(),
  }),
});

export interface GraphClientOptions {
  /** "Threads (acme-threads)", for messages. */
  label: string;
  /** Base URL including the version: https://graph.threads.net/v1.0 */
  base: string;
  token: string;
  /** The variable the token came from, for hints. */
  tokenVar: string;
  /** What the token needs, for hints: "threads_basic and threads_content_publish". */
  scopes: string;
  adapter: AdapterOptions;
}

export type Params = Record<string, string | number | boolean | undefined>;

export class GraphClient {
  constructor(private readonly o: GraphClientOptions) {}

  get secrets(): string[] {
    return [this.o.token];
  }

  async get<S extends z.ZodType>(path: string, params: Params, schema: S, what: string, signal?: AbortSignal): Promise<z.output<S>> {
    const url = this.url(path);
    for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, String(v));
    url.searchParams.set('access_token', this.o.token);
    return this.call(url, { method: 'GET' }, schema, what, signal);
  }

  async post<S extends z.ZodType>(path: string, params: Params, schema: S, what: string, signal?: AbortSignal): Promise<z.output<S>> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined) body.set(k, String(v));
    body.set('access_token', this.o.token);
    return this.call(this.url(path), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }, schema, what, signal);
  }

  /** A multipart POST (file uploads); the token goes in as a form field too. */
  async postForm<S extends z.ZodType>(path: string, form: FormData, schema: S, what: string, signal?: AbortSignal): Promise<z.output<S>> {
    form.set('access_token', this.o.token);
    return this.call(this.url(path), { method: 'POST', body: form }, schema, what, signal);
  }

  private url(path: string): URL {
    return new URL(`${this.o.base}/${path.replace(/^\/+/, '')}`);
  }

  private async call<S extends z.ZodType>(url: URL, init: RequestInit, schema: S, what: string, signal?: AbortSignal): Promise<z.output<S>> {
    const opts = { what: `${this.o.label}: ${what}`, secrets: this.secrets, signal, timeoutMs: this.o.adapter.timeoutMs, onResponse: this.o.adapter.onResponse };
    const res = await send(url, init, opts);
    const body = await readBody(res, opts);
    if (!res.ok || (body && typeof body === 'object' && 'error' in body)) throw this.error(res, body, opts.what);
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      // The request may well have worked; an answer we cannot read is not proof either way.
      throw new PlatformError('transient', redact(`${opts.what}: unexpected answer (${issue.path.join('.') || 'body'}: ${issue.message})`, this.secrets), { status: res.status });
    }
    return parsed.data;
  }

  private error(res: Response, body: unknown, what: string): PlatformError {
    const parsed = graphError.safeParse(body);
    const e = parsed.success ? parsed.data.error : undefined;
    const code = e?.code;
    const kind = classify(res.status, e);
    const detail = [e?.message, code !== undefined ? `(code ${code}${e?.error_subcode ? `, subcode ${e.error_subcode}` : ''})` : undefined]
      .filter(Boolean)
      .join(' ') || (typeof body === 'string' ? body.slice(0, 300) : '');
    const wait = kind === 'rate-limit' ? rateLimitWait(res.headers) : undefined;
    let message = `${what}: HTTP ${res.status}${detail ? ` — ${detail}` : ''}`;
    if (kind === 'rate-limit') message += usageNote(res.headers) + (wait !== undefined ? `; retry in ${Math.ceil(wait / 1000)} s` : '');
    if (kind === 'auth') {
      message += code === 190
        ? `. The token in ${this.o.tokenVar} is invalid or expired: make a new long-lived token and update the CI secret.`
        : `. Check ${this.o.tokenVar}: it needs ${this.o.scopes}.`;
    }
    return new PlatformError(kind, redact(message, this.secrets), { status: res.status, retryAfterMs: wait });
  }
}

function classify(status: number, e: z.output<typeof graphError>['error'] | undefined): PlatformErrorKind {
  const code = e?.code;
  if (code !== undefined) {
    if (RATE_LIMIT_CODES.has(code)) return 'rate-limit';
    if (AUTH_CODES.has(code) || isPermissionCode(code)) return 'auth';
    if (DUPLICATE_CODES.has(code)) return 'duplicate';
    if (TRANSIENT_CODES.has(code) || e?.is_transient) return 'transient';
  }
  if (status === 429) return 'rate-limit';
  if (status === 401 || status === 403) return 'auth';
  if (status >= 500 || status === 408) return 'transient';
  return 'invalid';
}

const usageHeader = z.record(z.string(), z.array(z.object({ estimated_time_to_regain_access: z.number().optional() }).loose()));

/**
 * How long Meta says to wait: `X-Business-Use-Case-Usage`'s `estimated_time_to_regain_access`
 * (minutes), else `Retry-After`. `X-App-Usage` only gives percentages, so it adds no wait.
 */
export function rateLimitWait(headers: Headers): number | undefined {
  const buc = parseJson(headers.get('x-business-use-case-usage'));
  const parsed = usageHeader.safeParse(buc);
  if (parsed.success) {
    const minutes = Math.max(0, ...Object.values(parsed.data).flat().map((u) => u.estimated_time_to_regain_access ?? 0));
    if (minutes > 0) return minutes * 60_000;
  }
  return retryAfter(headers);
}

/** The highest usage percentage Meta reports, for the message: "app usage 100%". */
function usageNote(headers: Headers): string {
  const notes: string[] = [];
  for (const [name, label] of [['x-app-usage', 'app usage'], ['x-business-use-case-usage', 'business use case usage']] as const) {
    const json = parseJson(headers.get(name));
    if (!json) continue;
    const numbers = JSON.stringify(json).match(/"(?:call_count|total_cputime|total_time)":\s*(\d+)/g)?.map((m) => Number(m.split(':')[1])) ?? [];
    if (numbers.length) notes.push(`${label} ${Math.max(...numbers)}%`);
  }
  return notes.length ? ` (${notes.join(', ')})` : '';
}

function parseJson(text: string | null): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const debugToken = z.object({
  data: z.object({
    is_valid: z.boolean(),
    expires_at: z.number().optional(),
    data_access_expires_at: z.number().optional(),
    scopes: z.array(z.string()).optional(),
  }).loose(),
});

export interface TokenExpiry {
  /** ISO time the token (or its data access) stops working; absent for tokens that never expire. */
  expiresAt?: string;
  valid: boolean;
}

/**
 * When the token stops working, from `GET /debug_token?input_token=` (the token inspects itself).
 * `expires_at` 0 means never; the earlier of `expires_at` and `data_access_expires_at` counts.
 */
export async function tokenExpiry(client: GraphClient, token: string): Promise<TokenExpiry> {
  const { data } = await client.get('debug_token', { input_token: token }, debugToken, 'inspect the token');
  const times = [data.expires_at, data.data_access_expires_at].filter((t): t is number => typeof t === 'number' && t > 0);
  return { valid: data.is_valid, ...(times.length ? { expiresAt: new Date(Math.min(...times) * 1000).toISOString() } : {}) };
}

/** Text as compared by lookups: NFC, whitespace runs collapsed, trimmed. */
export function comparable(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** Joins the account's media base URL and a repository path: https://site/cal/ + media/a.jpg. */
export function publicMediaUrl(base: string, file: string): string {
  const root = base.endsWith('/') ? base : `${base}/`;
  return new URL(file.split('/').map(encodeURIComponent).join('/'), root).toString();
}
