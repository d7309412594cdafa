import { z } from 'zod';
import { baseOf, url } from './base.js';

export const settings = baseOf('bluesky')
  .extend({
    server: url.optional().describe('PDS URL (default https://bsky.social).'),
    appUrl: url.optional().describe('Web app for post links (default https://bsky.app).'),
    langs: z.union([z.string(), z.array(z.string()).max(3)]).optional().describe('Language codes of posts, e.g. [en] (at most 3).'),
    language: z.string().optional().describe('One language code; `langs` takes precedence.'),
  })
  .describe('A Bluesky account.');
