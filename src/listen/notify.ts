// Telling a team channel about a spike: a Slack or Discord webhook whose URL comes from an
// environment variable named in `listening.notify`. A failed message is reported, not fatal:
// the exit code and the CI annotation still say there was a spike.
import { redact } from '../errors.js';
import { errorFromResponse, send } from '../platforms/http.js';

export async function notifyWebhooks(notify: { slack?: string; discord?: string }, env: NodeJS.ProcessEnv, text: string): Promise<string[]> {
  const problems: string[] = [];
  const targets: [string, string, unknown][] = [];
  // Slack reads <…> as links and pings (<!channel>): escape as its docs say.
  if (notify.slack) targets.push(['Slack', notify.slack, { text: text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') }]);
  if (notify.discord) targets.push(['Discord', notify.discord, { content: text.slice(0, 2000), allowed_mentions: { parse: [] } }]);
  for (const [name, variable, body] of targets) {
    const url = env[variable]?.trim();
    if (!url) {
      problems.push(`${name} webhook: ${variable} is not set; set it in the CI job's env from a secret`);
      continue;
    }
    const opts = { what: `${name} webhook (${variable})`, secrets: [url] };
    try {
      const res = await send(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }, opts);
      if (!res.ok) throw await errorFromResponse(res, opts);
    } catch (error) {
      problems.push(redact((error as Error).message, [url]));
    }
  }
  return problems;
}
