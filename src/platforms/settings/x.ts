import { baseOf, url } from './base.js';

export const settings = baseOf('x')
  .extend({
    server: url.optional().describe('API base URL (default https://api.x.com); set only for a proxy or a test server.'),
  })
  .describe('An X (Twitter) account, posting with OAuth 1.0a user context.');
