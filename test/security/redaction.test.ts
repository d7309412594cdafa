// Issue 11 item 14: secrets are hidden in every form they can take — raw, URL-encoded,
// form-encoded, JSON- and HTML-escaped, and a webhook URL's parts — in every output: adapter
// errors, the ledger entry (what `publish --json` prints and commits), and `doctor`.
import { describe, expect, it } from 'vitest';
import type { Account } from '../../src/calendar/model.js';
import { redact, secretForms } from '../../src/errors.js';
import { checkAccounts } from '../../src/platforms/doctor.js';
import { errorFromResponse, send } from '../../src/platforms/http.js';
import { SlackAdapter } from '../../src/platforms/slack.js';
import { DEFAULT_RETRY } from '../../src/publish/retry.js';
import { errorText, sendPair } from '../../src/publish/send.js';
import { claim } from '../../src/publish/states.js';
import { startRecordingServer } from '../support/http-server.js';

const PASSWORD = 'p@ss/w"rd\\x+y z&<1>';
const forms = {
  raw: PASSWORD,
  'URL-encoded': encodeURIComponent(PASSWORD),
  'URL-encoded, lower-case hex': encodeURIComponent(PASSWORD).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
  'form-encoded': encodeURIComponent(PASSWORD).replace(/%20/g, '+'),
  'JSON-escaped': JSON.stringify(PASSWORD).slice(1, -1),
  'JSON-escaped with \\/': JSON.stringify(PASSWORD).slice(1, -1).replace(/\//g, '\\/'),
  'HTML-escaped': PASSWORD.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'),
};

const HOOK_TOKEN = 'Xq7TzK91bWcA0pLm';
const HOOK_KEY = 'AIzaSyD-k3y-9f8e7d';
const HOOK = `https://bot:hunter2pw@hooks.example.com/services/T0001/B0001/${HOOK_TOKEN}?key=${HOOK_KEY}&wait=true#frag-${HOOK_TOKEN}`;

describe('redact', () => {
  it.each(Object.entries(forms))('hides the password %s', (_name, form) => {
    const text = `server said: bad credentials (${form}) for user`;
    expect(redact(text, [PASSWORD])).toBe('server said: bad credentials ([redacted]) for user');
  });

  it.each([
    ['the whole URL', HOOK],
    ['the URL without its query', HOOK.split('?')[0]],
    ['the path token', `/services/T0001/B0001/${HOOK_TOKEN}`],
    ['the query value', `key=${HOOK_KEY}`],
    ['the query value URL-encoded inside another URL', `?next=${encodeURIComponent(HOOK)}`],
    ['the userinfo password', 'password hunter2pw was refused'],
    ['the webhook URL JSON-escaped', JSON.stringify({ url: HOOK })],
  ])('hides a webhook URL: %s', (_name, text) => {
    const out = redact(text, [HOOK]);
    for (const secret of [HOOK_TOKEN, HOOK_KEY, 'hunter2pw']) expect(out).not.toContain(secret);
  });

  it('removes credentials from any URL, known or not', () => {
    expect(redact('fetch https://ci:ghp_abcdef123@github.com/acme/cal.git failed', [])).toBe('fetch https://[redacted]@github.com/acme/cal.git failed');
  });

  it('leaves ordinary text alone: short values and short URL parts are not secrets', () => {
    expect(redact('wait=true api ok', ['abc', 'https://x.example/api?wait=true'])).toBe('wait=true api ok');
    expect(secretForms('abc')).toEqual([]);
  });
});

describe('secrets in every output', () => {
  const account = (server: string): Account => ({ name: 'team', platform: 'slack', credentials: { webhook: 'SLACK_HOOK' }, settings: {} });

  it('an error body echoing the webhook URL JSON-escaped, cut at 300 characters, shows no part of it', async () => {
    const server = await startRecordingServer(() => ({ status: 400, body: `${'x'.repeat(280)} invalid webhook ${JSON.stringify(HOOK)}`, headers: { 'content-type': 'text/plain' } }));
    try {
      const res = await fetch(server.url);
      const error = await errorFromResponse(res, { what: 'Slack (team): post message', secrets: [HOOK] });
      for (const secret of [HOOK_TOKEN, HOOK_KEY, 'hunter2pw', HOOK_TOKEN.slice(0, 6)]) expect(error.message).not.toContain(secret);
    } finally {
      await server.close();
    }
  });

  it('a network error quoting the URL (credentials in it) never shows the URL', async () => {
    const error = await send(HOOK.replace('hooks.example.com', '127.0.0.1:9'), { method: 'POST' }, { what: 'Slack (team): post message', secrets: [HOOK] }).catch((e) => e);
    expect(error.kind).toBe('transient');
    for (const secret of [HOOK_TOKEN, HOOK_KEY, 'hunter2pw']) expect(error.message).not.toContain(secret);
  });

  it('the ledger entry (published with --json and committed) holds no form of the secret', async () => {
    const server = await startRecordingServer((req) => ({ status: 400, body: { error: `invalid_token: ${JSON.stringify(req.query)} ${PASSWORD}` } }));
    const url = `${server.url}/services/T0001/B0001/${HOOK_TOKEN}?key=${HOOK_KEY}`;
    try {
      const adapter = new SlackAdapter(account(server.url), { SLACK_HOOK: url });
      const start = claim(undefined, { run: 'r', at: new Date(0), items: 1, newHandle: () => 'h' });
      const entry = await sendPair(adapter, [{ text: 'hi', media: [] }], start, { policy: DEFAULT_RETRY, sleep: async () => {}, now: () => new Date(0), secrets: [url, PASSWORD] });
      expect(entry.state).toBe('failed');
      const stored = JSON.stringify(entry);
      for (const form of [HOOK_TOKEN, HOOK_KEY, ...Object.values(forms)]) expect(stored).not.toContain(form);
      expect(stored).toContain('[redacted]');
      expect(errorText(new Error(`echo ${encodeURIComponent(PASSWORD)}`), [PASSWORD])).toBe('echo [redacted]');
    } finally {
      await server.close();
    }
  });

  it('doctor\'s report (text and --json) holds no form of any account\'s secret', async () => {
    // A webhook that refuses and echoes what it was sent, in several encodings.
    const server = await startRecordingServer((req) => ({ status: 403, headers: { 'content-type': 'text/plain' }, body: `invalid_token for ${req.path}?${new URLSearchParams(req.query)} ${JSON.stringify(HOOK_KEY)}` }));
    const url = `${server.url}/services/T0001/B0001/${HOOK_TOKEN}?key=${HOOK_KEY}`;
    try {
      const report = await checkAccounts([account(server.url)], { SLACK_HOOK: url }, { timeoutMs: 5_000 });
      const text = JSON.stringify(report);
      expect(report.accounts[0].verified?.ok).toBe(false);
      expect(report.accounts[0].verified?.detail).toMatch(/HTTP 403/);
      for (const secret of [HOOK_TOKEN, HOOK_KEY, encodeURIComponent(HOOK_KEY)]) expect(text).not.toContain(secret);
    } finally {
      await server.close();
    }
  });
});
