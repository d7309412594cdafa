// Which environment variables hold each account's secrets. Files name variables, never values.
import type { Account, PlatformId } from '../calendar/model.js';
import { PlatformError } from './types.js';

interface CredentialSpec {
  key: string;
  /** Suffix of the default variable name: SOCIALCAL_<ACCOUNT>_<suffix>. */
  suffix: string;
  /** What the variable holds, for messages and docs. */
  describe: string;
  /** A public account setting that stands in when the variable is not set. */
  fallback?: (account: Account) => string | undefined;
  /** Not needed to publish; enables an extra check (LinkedIn: token expiry in doctor). */
  optional?: true;
}

/** Credential keys per platform, as written under `credentials:` in socialcal.yaml. */
export const CREDENTIAL_KEYS: Record<PlatformId, CredentialSpec[]> = {
  bluesky: [
    { key: 'identifier', suffix: 'IDENTIFIER', describe: 'Bluesky handle or DID to sign in as (default: the account\'s handle)', fallback: (a) => a.handle },
    { key: 'password', suffix: 'APP_PASSWORD', describe: 'Bluesky app password (Settings → Privacy and security → App passwords)' },
  ],
  mastodon: [{ key: 'token', suffix: 'TOKEN', describe: 'Mastodon access token with write:statuses write:media read:statuses' }],
  x: [
    { key: 'apiKey', suffix: 'API_KEY', describe: 'X API key (consumer key)' },
    { key: 'apiSecret', suffix: 'API_SECRET', describe: 'X API key secret' },
    { key: 'accessToken', suffix: 'ACCESS_TOKEN', describe: 'X access token (user context)' },
    { key: 'accessSecret', suffix: 'ACCESS_SECRET', describe: 'X access token secret' },
  ],
  linkedin: [
    { key: 'token', suffix: 'TOKEN', describe: 'LinkedIn OAuth2 token with w_member_social or w_organization_social (and r_member_social or r_organization_social to look up posts)' },
    { key: 'clientId', suffix: 'CLIENT_ID', describe: 'client id of the LinkedIn app that issued the token (optional: lets doctor read when the token expires)', optional: true },
    { key: 'clientSecret', suffix: 'CLIENT_SECRET', describe: 'client secret of that LinkedIn app (optional, with the client id)', optional: true },
  ],
  threads: [{ key: 'token', suffix: 'TOKEN', describe: 'Threads long-lived user access token (threads_basic, threads_content_publish)' }],
  facebook: [{ key: 'token', suffix: 'PAGE_TOKEN', describe: 'Facebook Page access token (pages_manage_posts, pages_read_engagement)' }],
  instagram: [{ key: 'token', suffix: 'TOKEN', describe: 'Instagram Graph API access token (instagram_basic, instagram_content_publish)' }],
  discord: [{ key: 'webhook', suffix: 'WEBHOOK_URL', describe: 'Discord webhook URL (Channel settings → Integrations → Webhooks)' }],
  slack: [{ key: 'webhook', suffix: 'WEBHOOK_URL', describe: 'Slack incoming webhook URL' }],
  telegram: [{ key: 'token', suffix: 'BOT_TOKEN', describe: 'Telegram bot token from @BotFather' }],
};

/** `acme-bsky` → `ACME_BSKY`. */
export function envSegment(accountName: string): string {
  return accountName.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}

/**
 * The effective environment variable name for each credential key of an account: the name
 * given under `credentials:` in socialcal.yaml, else `SOCIALCAL_<ACCOUNT>_<SUFFIX>`.
 */
export function credentialVars(account: Pick<Account, 'name' | 'platform' | 'credentials'>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const spec of CREDENTIAL_KEYS[account.platform]) {
    out[spec.key] = account.credentials[spec.key] ?? `SOCIALCAL_${envSegment(account.name)}_${spec.suffix}`;
  }
  return out;
}

export interface CredentialStatus {
  key: string;
  var: string;
  set: boolean;
  /** Set when the variable is missing but a public setting stands in (Bluesky: the handle). */
  fallback?: string;
  /** Not needed to publish. */
  optional?: boolean;
  describe: string;
}

/** Which credentials of an account are available, without revealing values. */
export function credentialStatus(account: Account, env: NodeJS.ProcessEnv): CredentialStatus[] {
  const vars = credentialVars(account);
  return CREDENTIAL_KEYS[account.platform].map((spec) => {
    const set = Boolean(env[vars[spec.key]]?.trim());
    const fallback = set ? undefined : spec.fallback?.(account);
    return { key: spec.key, var: vars[spec.key], set, describe: spec.describe, ...(fallback ? { fallback } : {}), ...(spec.optional ? { optional: true } : {}) };
  });
}

/** Reads every credential of an account; a missing one is a `config` error naming the variable (never a value). */
export function readCredentials(account: Account, env: NodeJS.ProcessEnv): Record<string, string> {
  const values: Record<string, string> = {};
  const missing: string[] = [];
  for (const status of credentialStatus(account, env)) {
    if (status.set) values[status.key] = env[status.var]!.trim();
    else if (status.fallback) values[status.key] = status.fallback;
    else if (!status.optional) missing.push(`${status.var} (${status.describe})`);
  }
  if (missing.length) {
    throw new PlatformError(
      'config',
      `account "${account.name}" (${account.platform}): environment variable${missing.length > 1 ? 's' : ''} not set: ${missing.join(', ')}. ` +
        `Set ${missing.length > 1 ? 'them' : 'it'} in the CI secrets, or name other variables under accounts.${account.name}.credentials in socialcal.yaml.`,
    );
  }
  return values;
}

/** The values of every credential variable the accounts name, for `redact`. */
export function accountSecrets(accounts: Iterable<Account>, env: NodeJS.ProcessEnv): string[] {
  const out: string[] = [];
  for (const account of accounts) {
    for (const name of Object.values(credentialVars(account))) {
      const value = env[name]?.trim();
      if (value) out.push(value);
    }
  }
  return out;
}
