// HTTP for adapters: one request, no retries, every failure turned into a PlatformError
// with secrets removed from its message.
import type { z } from 'zod';
import { redact } from '../errors.js';
import { checkAnswer } from './response.js';
import { PlatformError, type PlatformErrorKind } from './types.js';

/** Abandon a request that hangs; the publish engine decides whether to try again. */
export const REQUEST_TIMEOUT_MS = 30_000;

export interface RequestOptions {
  /** What is being done, for messages: "Mastodon: post status". */
  what: string;
  /** Values to keep out of messages (tokens, webhook URLs). */
  secrets: string[];
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Sees every answer's headers (AdapterOptions.onResponse). */
  onResponse?: (headers: Headers) => void;
}

/** Sends one request. Network failures and timeouts are `transient`; HTTP statuses are left to the caller. */
export async function send(url: string | URL, init: RequestInit, opts: RequestOptions): Promise<Response> {
  const timeout = AbortSignal.timeout(opts.timeoutMs ?? REQUEST_TIMEOUT_MS);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  try {
    const res = await fetch(url, { ...init, signal });
    opts.onResponse?.(res.headers);
    return res;
  } catch (error) {
    const reason = describeNetworkError(error);
    throw new PlatformError('transient', redact(`${opts.what}: ${reason}`, opts.secrets));
  }
}

/**
 * Sends and returns the body of a 2xx answer, checked against `schema` (an answer of another
 * shape is an `unexpected` error); anything else throws a classified error.
 */
export async function sendJson<S extends z.ZodType>(url: string | URL, init: RequestInit, opts: RequestOptions, schema: S): Promise<z.output<S>> {
  const res = await send(url, init, opts);
  if (!res.ok) throw await errorFromResponse(res, opts);
  return readAnswer(res, schema, opts);
}

/** The body of `res` (JSON when it parses, else text), checked against `schema`. */
export async function readAnswer<S extends z.ZodType>(res: Response, schema: S, opts: RequestOptions): Promise<z.output<S>> {
  return checkAnswer(await readBody(res, opts), schema, res.status, opts);
}

export async function readBody(res: Response, opts: RequestOptions): Promise<unknown> {
  let text: string;
  try {
    text = await res.text();
  } catch (error) {
    throw new PlatformError('transient', redact(`${opts.what}: the answer broke off (${describeNetworkError(error)})`, opts.secrets), { status: res.status });
  }
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Classifies a non-2xx response by status, with the platform's own error text and any wait time. */
export async function errorFromResponse(res: Response, opts: RequestOptions, kindOverride?: PlatformErrorKind): Promise<PlatformError> {
  const body = await res.text().catch(() => '');
  let json: unknown;
  try {
    json = body ? JSON.parse(body) : undefined;
  } catch {
    json = undefined;
  }
  const kind = kindOverride ?? kindOfStatus(res.status);
  // Redacted before it is cut short, so a cut can never leave half a secret showing.
  const detail = platformMessage(json) ?? redact(body, opts.secrets).slice(0, 300).trim();
  const retryAfterMs = kind === 'rate-limit' || res.status === 503 ? retryAfter(res.headers, json) : undefined;
  const wait = retryAfterMs !== undefined ? `; retry in ${Math.ceil(retryAfterMs / 1000)} s` : '';
  const message = `${opts.what}: HTTP ${res.status}${detail ? ` — ${detail}` : ''}${wait}`;
  return new PlatformError(kind, redact(message, opts.secrets), { status: res.status, retryAfterMs });
}

export function kindOfStatus(status: number): PlatformErrorKind {
  if (status === 429) return 'rate-limit';
  if (status === 401 || status === 403) return 'auth';
  if (status >= 500 || status === 408) return 'transient';
  return 'invalid';
}

/** Pulls a human message out of the error shapes platforms use. */
function platformMessage(json: unknown): string | undefined {
  if (!json || typeof json !== 'object') return undefined;
  const o = json as Record<string, unknown>;
  const parts = [o.error, o.message, o.error_description].filter((v): v is string => typeof v === 'string' && v.length > 0);
  return parts.length ? [...new Set(parts)].join(': ') : undefined;
}

/**
 * How long to wait before trying again, from (in order): `Retry-After` (seconds or HTTP date),
 * a JSON `retry_after` (Discord: seconds; Telegram: `parameters.retry_after`), `RateLimit-Reset`
 * and `X-RateLimit-Reset` (epoch seconds, delta seconds, or an ISO time as Mastodon sends).
 */
export function retryAfter(headers: Headers, json?: unknown, now: number = Date.now()): number | undefined {
  const header = headers.get('retry-after');
  if (header) {
    const ms = resetToMs(header, now, true);
    if (ms !== undefined) return ms;
  }
  if (json && typeof json === 'object') {
    const o = json as { retry_after?: unknown; parameters?: { retry_after?: unknown } };
    const seconds = typeof o.retry_after === 'number' ? o.retry_after : o.parameters?.retry_after;
    if (typeof seconds === 'number' && Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds * 1000));
  }
  for (const name of ['ratelimit-reset', 'x-ratelimit-reset', 'x-rate-limit-reset']) {
    const value = headers.get(name);
    const ms = value ? resetToMs(value, now, false) : undefined;
    if (ms !== undefined) return ms;
  }
  return undefined;
}

/**
 * An answer that says no requests are left in the window (`RateLimit-Remaining`,
 * `X-RateLimit-Remaining` or `x-rate-limit-remaining` at 0): how long until it resets, so the
 * caller waits instead of running into a 429. Undefined while requests are left or no reset is given.
 */
export function quotaWait(headers: Headers, now: number = Date.now()): number | undefined {
  for (const name of ['ratelimit-remaining', 'x-ratelimit-remaining', 'x-rate-limit-remaining']) {
    const left = headers.get(name);
    if (left !== null && left.trim() !== '' && Number(left) <= 0) return retryAfter(headers, undefined, now);
  }
  return undefined;
}

// Numbers above this are epoch seconds (2001 onwards); below, a delta in seconds.
const EPOCH_THRESHOLD = 1_000_000_000;

function resetToMs(value: string, now: number, httpDate: boolean): number | undefined {
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    const n = Number(trimmed);
    return Math.max(0, Math.ceil(n >= EPOCH_THRESHOLD ? n * 1000 - now : n * 1000));
  }
  const at = Date.parse(trimmed);
  if (Number.isNaN(at) || (!httpDate && !/\d{4}-\d{2}-\d{2}/.test(trimmed))) return undefined;
  return Math.max(0, at - now);
}

function describeNetworkError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'no answer in time (timed out)';
    if (error.name === 'AbortError') return 'cancelled';
    const cause = (error as { cause?: unknown }).cause;
    const code = cause && typeof cause === 'object' && 'code' in cause ? String((cause as { code: unknown }).code) : undefined;
    const causeMessage = cause instanceof Error ? cause.message : undefined;
    return [error.message, code, causeMessage].filter(Boolean).join(' — ');
  }
  return String(error);
}

/** Waits between polls of a platform's processing; cancelling is `transient` (the next attempt carries on). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new PlatformError('transient', 'cancelled while waiting for media processing'));
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new PlatformError('transient', 'cancelled while waiting for media processing'));
    }, { once: true });
  });
}
