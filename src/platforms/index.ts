// The one way to get an adapter: only the account's platform module is loaded.
import type { Account, PlatformId } from '../calendar/model.js';
import type { Adapter, AdapterOptions } from './types.js';

export { credentialStatus, credentialVars, CREDENTIAL_KEYS, type CredentialStatus } from './credentials.js';
export { LIMITS, measureText, mimeOf, type PlatformLimits } from './limits.js';
export * from './types.js';

type AdapterClass = new (account: Account, env: NodeJS.ProcessEnv, opts?: AdapterOptions) => Adapter;

/** Every platform has its adapter (the type says so): there is no "not supported" left. */
const ADAPTERS: Record<PlatformId, () => Promise<AdapterClass>> = {
  bluesky: async () => (await import('./bluesky.js')).BlueskyAdapter,
  discord: async () => (await import('./discord.js')).DiscordAdapter,
  facebook: async () => (await import('./facebook.js')).FacebookAdapter,
  instagram: async () => (await import('./instagram.js')).InstagramAdapter,
  linkedin: async () => (await import('./linkedin.js')).LinkedInAdapter,
  mastodon: async () => (await import('./mastodon.js')).MastodonAdapter,
  slack: async () => (await import('./slack.js')).SlackAdapter,
  telegram: async () => (await import('./telegram.js')).TelegramAdapter,
  threads: async () => (await import('./threads.js')).ThreadsAdapter,
  x: async () => (await import('./x.js')).XAdapter,
};

/** Creates the adapter for an account; missing credentials throw a `config` PlatformError naming the variable. */
export async function createAdapter(account: Account, env: NodeJS.ProcessEnv, opts: AdapterOptions = {}): Promise<Adapter> {
  const AdapterClass = await ADAPTERS[account.platform]();
  return new AdapterClass(account, env, opts);
}
