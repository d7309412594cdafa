// OAuth 1.0a request signing (RFC 5849, HMAC-SHA1), as X documents it for user-context calls.
// Pure: the nonce and timestamp are passed in, so the documented test vector can be checked.
import { createHmac } from 'node:crypto';

export interface OAuth1Keys {
  consumerKey: string;
  consumerSecret: string;
  token: string;
  tokenSecret: string;
}

/** RFC 3986 percent-encoding: everything but unreserved characters (RFC 5849 §3.6). */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The signature base string (§3.4.1): method, base URL without query, and every query and
 * form-body parameter plus the oauth_* ones, encoded, sorted and joined. JSON and multipart
 * bodies are not parameters and are not signed.
 */
export function signatureBase(method: string, url: string, params: [string, string][]): string {
  const u = new URL(url);
  const all: [string, string][] = [...u.searchParams.entries(), ...params].map(([k, v]) => [percentEncode(k), percentEncode(v)]);
  all.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  // URL already lower-cases scheme and host and drops a default port, as §3.4.1.2 asks.
  const baseUrl = `${u.protocol}//${u.host}${u.pathname}`;
  return [method.toUpperCase(), percentEncode(baseUrl), percentEncode(all.map(([k, v]) => `${k}=${v}`).join('&'))].join('&');
}

export function sign(base: string, consumerSecret: string, tokenSecret: string): string {
  return createHmac('sha1', `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`).update(base).digest('base64');
}

/** The `Authorization: OAuth …` header for one request. `form` holds x-www-form-urlencoded body fields, if any. */
export function authorization(
  method: string,
  url: string,
  keys: OAuth1Keys,
  opts: { nonce: string; timestamp: number; form?: Record<string, string> },
): string {
  const oauth: Record<string, string> = {
    oauth_consumer_key: keys.consumerKey,
    oauth_nonce: opts.nonce,
    oauth_signature_method: 'HMAC-SHA1',
    oauth_timestamp: String(opts.timestamp),
    oauth_token: keys.token,
    oauth_version: '1.0',
  };
  const base = signatureBase(method, url, [...Object.entries(oauth), ...Object.entries(opts.form ?? {})]);
  oauth.oauth_signature = sign(base, keys.consumerSecret, keys.tokenSecret);
  return 'OAuth ' + Object.entries(oauth).map(([k, v]) => `${percentEncode(k)}="${percentEncode(v)}"`).join(', ');
}
