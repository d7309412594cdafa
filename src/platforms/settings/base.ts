// What every account has, whatever its platform. Each platform's settings file extends this
// with its own fields, so `check` knows every key an account may have.
import { z } from 'zod';
import type { PlatformId } from '../../calendar/model.js';
import { CREDENTIAL_KEYS } from '../credentials.js';

/** `credentials:` for one platform: its own keys only, each naming an environment variable. */
export function credentialsOf(platform: PlatformId) {
  const shape = Object.fromEntries(
    CREDENTIAL_KEYS[platform].map((spec) => [spec.key, z.string().min(1).optional().describe(`Variable holding the ${spec.describe}. Default SOCIALCAL_<ACCOUNT>_${spec.suffix}.`)]),
  );
  return z
    .strictObject(shape)
    .describe('Names of environment variables holding secrets (never the secrets themselves).');
}

/** An http(s) URL, as written by a person (a missing scheme means https). */
export const url = z.string().regex(/^(https?:\/\/)?[^\s/]+(\/\S*)?$/, 'expected a URL such as https://example.com');

export const base = z.strictObject({
  platform: z.string().describe('Which platform this account is on.'),
  handle: z.string().optional().describe('Public handle, for display.'),
  credentials: z.record(z.string(), z.string()).optional(),
  color: z
    .string()
    .regex(/^(#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|[a-zA-Z]{3,20})$/, 'not a colour: write a colour name (blue) or a hex colour (#3b5bdb)')
    .optional()
    .describe('Colour in calendar views: a colour name (blue) or a hex colour (#3b5bdb).'),
});

/** The base schema for `platform`, with its own credential keys. */
export function baseOf<P extends PlatformId>(platform: P) {
  return base.extend({
    platform: z.literal(platform).describe('Which platform this account is on.'),
    credentials: credentialsOf(platform).optional(),
  });
}
