import { baseOf, url } from './base.js';

export const settings = baseOf('slack')
  .extend({
    mediaBaseUrl: url.optional().describe('Where the repo\'s media is published (e.g. by `export html`); Slack shows images only by public URL.'),
  })
  .describe('A Slack channel, through an incoming webhook.');
