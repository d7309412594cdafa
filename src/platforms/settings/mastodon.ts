import { z } from 'zod';
import { baseOf, url } from './base.js';

export const settings = baseOf('mastodon')
  .extend({
    server: url.describe('Instance URL, e.g. https://mastodon.social.'),
    visibility: z.enum(['public', 'unlisted', 'private', 'direct']).optional().describe('Who sees the statuses (default: the account\'s own default).'),
    language: z.string().optional().describe('Language code of statuses, e.g. en; a post\'s `langs` takes precedence.'),
  })
  .describe('A Mastodon account.');
