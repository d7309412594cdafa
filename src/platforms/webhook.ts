// Shared by webhook platforms (Discord, Slack): the URL is the secret.
import type { Account } from '../calendar/model.js';
import { credentialVars, readCredentials } from './credentials.js';
import { PlatformError } from './types.js';

export interface Webhook {
  url: URL;
  /** Kept out of messages; `redact` also hides the URL's parts (path tokens, query, userinfo). */
  secrets: string[];
  /** For messages: the variable the URL came from. */
  variable: string;
}

export function readWebhook(account: Account, env: NodeJS.ProcessEnv): Webhook {
  const raw = readCredentials(account, env).webhook;
  const variable = credentialVars(account).webhook;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new PlatformError('config', `account "${account.name}" (${account.platform}): ${variable} does not hold a URL; paste the whole webhook URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new PlatformError('config', `account "${account.name}" (${account.platform}): ${variable} must be an https:// webhook URL`);
  }
  return { url, secrets: [raw], variable };
}
