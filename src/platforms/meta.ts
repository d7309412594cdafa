// What the three Meta adapters share beyond the Graph client: typed settings, the client's setup and `verify`.
import { z } from 'zod';
import type { Account } from '../calendar/model.js';
import { credentialVars, readCredentials } from './credentials.js';
import { GraphClient, publicMediaUrl, tokenExpiry, type TokenExpiry } from './graph.js';
import { PlatformError, type AdapterOptions, type OutgoingMedia } from './types.js';

/** One Meta API as an adapter sees it: its settings schema and defaults, and what a token needs. */
export interface GraphApi<S extends z.ZodType<{ server?: string; apiVersion?: string }>> {
  /** "Threads", for messages. */
  label: string;
  settings: S;
  server: string;
  version: string;
  /** What the token needs, for hints. */
  scopes: string;
}

export interface GraphAccount<T> {
  settings: T;
  token: string;
  client: GraphClient;
}

/** How every Meta adapter starts: the account's settings, its token, and a client at its server and API version. */
export function graphAccount<S extends z.ZodType<{ server?: string; apiVersion?: string }>>(account: Account, env: NodeJS.ProcessEnv, opts: AdapterOptions, api: GraphApi<S>): GraphAccount<z.output<S>> {
  const settings = accountSettings(account, api.settings);
  const token = readCredentials(account, env).token;
  const base = `${(settings.server ?? api.server).replace(/\/+$/, '')}/${settings.apiVersion ?? api.version}`;
  const client = new GraphClient({ label: `${api.label} (${account.name})`, base, token, tokenVar: credentialVars(account).token, scopes: api.scopes, adapter: opts });
  return { settings, token, client };
}

/** The account's settings, parsed by the platform's schema; `check` reports the same problems with a line. */
export function accountSettings<S extends z.ZodType>(account: Account, schema: S): z.output<S> {
  const { name: _name, settings, ...fields } = account;
  const input = Object.fromEntries(Object.entries({ ...fields, ...settings }).filter(([k, v]) => v !== undefined && !(k === 'credentials' && Object.keys(v as object).length === 0)));
  const result = schema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`).join('; ');
    throw new PlatformError('config', `account "${account.name}" (${account.platform}): ${problems}. Fix accounts.${account.name} in socialcal.yaml (\`socialcal check\` shows where).`);
  }
  return result.data;
}

export interface Verified {
  ok: boolean;
  detail: string;
  /** When the token stops working, where the platform says. */
  expiresAt?: string;
}

/** A profile read proves the token works; debug_token says until when (a failure there only loses the date). */
export async function verifyGraphAccount(
  client: GraphClient,
  token: string,
  profile: () => Promise<string>,
  expiry: (client: GraphClient, token: string) => Promise<TokenExpiry>,
): Promise<Verified> {
  let detail: string;
  try {
    detail = await profile();
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
  const token_ = await expiry(client, token).catch(() => undefined);
  if (!token_?.expiresAt) return { ok: true, detail: token_ ? `${detail}; the token does not expire` : detail };
  return { ok: true, detail: `${detail}; the token expires ${token_.expiresAt.slice(0, 10)}`, expiresAt: token_.expiresAt };
}

const profile = z.object({ id: z.string(), username: z.string().optional() });

/** `verify` for an account with a username (Threads, Instagram): "token works for Threads user @acme". */
export function verifyUsername(client: GraphClient, token: string, userId: string, what: string, noun: string): Promise<Verified> {
  return verifyGraphAccount(client, token, async () => {
    const me = await client.get(userId, { fields: 'id,username' }, profile, what);
    return `token works for ${noun} ${me.username ? `@${me.username}` : me.id}`;
  }, tokenExpiry);
}

/** Where Meta downloads an image from: the account's mediaBaseUrl + the file's repository path. */
export function publicImageUrl(account: string, platform: string, mediaBaseUrl: string | undefined, media: OutgoingMedia): string {
  if (!mediaBaseUrl) {
    throw new PlatformError('config', `account "${account}" (${platform}): ${media.file} needs a public URL; set mediaBaseUrl under accounts.${account} in socialcal.yaml (e.g. the site \`socialcal export html\` publishes)`);
  }
  return publicMediaUrl(mediaBaseUrl, media.file);
}
