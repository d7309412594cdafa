import { z } from 'zod';
import { baseOf, url } from './base.js';

export const settings = baseOf('discord')
  .extend({
    username: z.string().optional().describe('Name the webhook posts under.'),
    avatarUrl: url.optional().describe('Avatar image URL the webhook posts with.'),
    mentions: z
      .union([z.enum(['users', 'roles', 'everyone']), z.array(z.enum(['users', 'roles', 'everyone']))])
      .optional()
      .describe('Which mentions may ping (default none).'),
  })
  .describe('A Discord channel, through a webhook.');
