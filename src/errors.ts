// Typed errors. Only src/main.ts turns them into exit codes; everything else throws.

export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

/** An error the user can cause and fix: printed as message + hint, never with a stack. */
export class SocialcalError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode: number = EXIT.usage,
  ) {
    super(message);
    this.name = 'SocialcalError';
  }
}

/** Bad flags or arguments. */
export class UsageError extends SocialcalError {
  constructor(message: string, hint?: string) {
    super(message, hint, EXIT.usage);
    this.name = 'UsageError';
  }
}

/** Something outside the calendar is wrong: missing credentials, no git, unreachable remote. */
export class EnvironmentError extends SocialcalError {
  constructor(message: string, hint?: string) {
    super(message, hint, EXIT.usage);
    this.name = 'EnvironmentError';
  }
}

/**
 * Hides secret values (from environment variables) in any text about to be shown or stored:
 * each secret as written, URL-encoded, form-encoded, JSON- and HTML-escaped, and for a URL
 * (a webhook) also its parts — userinfo, query values, fragment and token-like path segments —
 * so a server echoing a password in JSON or a network error quoting a URL gives nothing away.
 * Credentials in any URL (`https://user:pass@host`) are removed whether or not they are known.
 */
export function redact(text: string, secrets: Iterable<string | undefined>): string {
  let out = text;
  const forms = new Set<string>();
  for (const secret of secrets) if (secret) for (const form of secretForms(secret)) forms.add(form);
  for (const form of [...forms].sort((a, b) => b.length - a.length)) out = out.split(form).join('[redacted]');
  return out.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@'"<>]+@/gi, '$1[redacted]@');
}

/** Shorter values would redact ordinary words. */
const MIN_SECRET = 4;
/** URL parts shorter than this are not treated as secret on their own (`wait=true`, `api`). */
const MIN_URL_PART = 8;

/** Every way `secret` can appear in a message, a JSON body or a URL. */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>();
  const add = (value: string, min = MIN_SECRET) => {
    if (value.length < min) return;
    const json = JSON.stringify(value).slice(1, -1);
    const encoded = encodeURIComponent(value);
    for (const form of [
      value,
      json,
      json.replace(/\//g, '\\/'),
      encoded,
      encoded.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
      encoded.replace(/%20/g, '+'),
      encodeURI(value),
      value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'),
    ]) {
      forms.add(form);
    }
  };
  add(secret.trim());
  const url = parseUrl(secret.trim());
  if (url) {
    add(url.href);
    add(url.origin + url.pathname);
    for (const part of [url.username, url.password]) {
      add(part);
      add(safeDecode(part));
    }
    for (const value of url.searchParams.values()) add(value, MIN_URL_PART);
    add(url.hash.slice(1), MIN_URL_PART);
    for (const segment of url.pathname.split('/')) {
      add(segment, MIN_URL_PART);
      add(safeDecode(segment), MIN_URL_PART);
    }
  }
  return [...forms];
}

function parseUrl(text: string): URL | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return undefined;
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
