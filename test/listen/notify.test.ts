// Spike messages to the Slack and Discord webhook fakes: the URL only from the environment,
// user text unable to ping a channel, and a failed message reported without its URL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifyWebhooks } from '../../src/listen/notify.js';
import { startDiscord, startSlack, type DiscordMessage, type FakeWebhook, type SlackMessage } from '../support/fake-webhooks.js';

let slack: FakeWebhook<SlackMessage>;
let discord: FakeWebhook<DiscordMessage>;
beforeAll(async () => {
  slack = await startSlack();
  discord = await startDiscord();
});
afterAll(async () => {
  await slack.close();
  await discord.close();
});

describe('notifyWebhooks', () => {
  it('posts to both; Slack text is escaped so <!channel> in a sampled post cannot ping anyone', async () => {
    const text = 'Spike in "outage": 12 mentions\n• @x: <!channel> acme is down & out';
    const problems = await notifyWebhooks({ slack: 'SLACK_URL', discord: 'DISCORD_URL' }, { SLACK_URL: slack.url, DISCORD_URL: discord.url }, text);
    expect(problems).toEqual([]);
    expect(slack.statuses.at(-1)!.text).toBe('Spike in "outage": 12 mentions\n• @x: &lt;!channel&gt; acme is down &amp; out');
    expect(discord.statuses.at(-1)).toMatchObject({ content: text, allowed_mentions: { parse: [] } });
  });

  it('a missing variable or a refused webhook is a problem to report, never the URL', async () => {
    const refused = slack.url.replace('slack-webhook-secret', 'revoked-secret');
    const problems = await notifyWebhooks({ slack: 'SLACK_URL', discord: 'NOT_SET' }, { SLACK_URL: refused }, 'Spike');
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^Slack webhook \(SLACK_URL\): HTTP 404/);
    expect(problems.join('\n')).not.toContain('revoked-secret');
    expect(problems[1]).toBe('Discord webhook: NOT_SET is not set; set it in the CI job\'s env from a secret');
  });
});
