import { z } from 'zod';
import { baseOf, url } from './base.js';

export const settings = baseOf('linkedin')
  .extend({
    author: z
      .string()
      .regex(/^urn:li:(person|organization):[A-Za-z0-9_-]+$/, 'expected urn:li:person:<id> or urn:li:organization:<id>')
      .describe('Who posts: urn:li:person:<id> (a member) or urn:li:organization:<id> (a company page).'),
    visibility: z.enum(['PUBLIC', 'CONNECTIONS']).optional().describe('PUBLIC (default) or CONNECTIONS (members only).'),
    version: z
      .string()
      .regex(/^\d{6}$/, 'expected YYYYMM, e.g. 202511')
      .optional()
      .describe('LinkedIn-Version header (YYYYMM) of the Marketing API to use; defaults to the version socialcal was tested with.'),
    server: url.optional().describe('API base URL (default https://api.linkedin.com); set only for a proxy or a test server.'),
  })
  .describe('A LinkedIn member or organization page.');
