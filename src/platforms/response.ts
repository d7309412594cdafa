// Checking that a platform's answer has the shape its API documents. A proxy, captive portal
// or maintenance page can answer 200 with HTML: that is not a success, and since the request
// went out, whether the platform acted on it is unknown — the engine looks it up (or records
// `unknown`) before ever sending again. Adapters validate every answer they read through here
// (http.ts: sendJson and readAnswer take the schema).
import type { z } from 'zod';
import { redact } from '../errors.js';
import { PlatformError } from './types.js';

/** `body` checked against `schema`; a mismatch is an `unexpected` PlatformError saying what came instead. */
export function checkAnswer<S extends z.ZodType>(body: unknown, schema: S, status: number, opts: { what: string; secrets: string[] }): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? `"${issue.path.join('.')}" ` : '';
  const message =
    `${opts.what}: HTTP ${status}, but the answer is not what the API sends (${describeBody(body)}${typeof body === 'object' && body !== null ? `: ${where}${issue?.message ?? 'wrong shape'}` : ''}); ` +
    'a proxy or maintenance page may have answered, so it is unknown whether the platform acted on the request';
  throw new PlatformError('unexpected', redact(message, opts.secrets), { status });
}

/** A short, one-line description of what came back, for the message. */
function describeBody(body: unknown): string {
  if (body === undefined) return 'an empty body';
  if (typeof body === 'string') {
    const start = body.replace(/\s+/g, ' ').trim().slice(0, 60);
    return `text starting "${start}${body.length > 60 ? '…' : ''}"`;
  }
  if (Array.isArray(body)) return 'a JSON list';
  return body === null ? 'JSON null' : `a JSON ${typeof body}`;
}
