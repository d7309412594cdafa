import { z } from 'zod';
import { baseOf, url } from './base.js';

export const settings = baseOf('telegram')
  .extend({
    chat: z
      .union([z.string().regex(/^(-?\d+|@[A-Za-z][A-Za-z0-9_]{3,})$/, 'expected a numeric chat id such as -1001234567890 or a @channelusername'), z.number().int()])
      .describe('The chat the bot posts to: a numeric id (-100… for channels and supergroups) or @channelusername.'),
    silent: z.boolean().optional().describe('Send without a notification sound (disable_notification).'),
    server: url.optional().describe('Bot API server (default https://api.telegram.org); a local Bot API server works too.'),
  })
  .describe('A Telegram channel or group, posting as a bot.');
