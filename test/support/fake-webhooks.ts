// Local servers that behave like Discord and Slack incoming webhooks, for what socialcal uses.
import { startRecordingServer, type RecordedFile, type RecordedRequest, type Reply } from './http-server.js';

export interface FakeWebhook<M> {
  /** The full webhook URL (what a user puts in the env var). */
  url: string;
  requests: RecordedRequest[];
  /** Messages the webhook accepted, in order. */
  statuses: M[];
  failNext(status: number, headers?: Record<string, string>, body?: unknown): void;
  close(): Promise<void>;
}

export interface DiscordMessage {
  id: string;
  channel_id: string;
  guild_id?: string;
  webhook_id: string;
  content: string;
  username?: string;
  allowed_mentions?: unknown;
  attachments: { id: string; filename: string; description?: string; size: number; content_type: string; bytes: Buffer }[];
}

const DISCORD = { id: '1234567890', token: 'discord-webhook-token-abc', channel: '555', guild: '777' };

export async function startDiscord(): Promise<FakeWebhook<DiscordMessage>> {
  const statuses: DiscordMessage[] = [];
  let nextId = 1_100_000_000_000_000_000n;
  const invalidForm = (field: string, message: string): Reply => ({
    status: 400,
    body: { code: 50035, errors: { [field]: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message }] } }, message: 'Invalid Form Body' },
  });

  const handle = (req: RecordedRequest): Reply => {
    const m = /^\/api\/webhooks\/(\d+)\/([\w-]+)$/.exec(req.path);
    if (!m || m[1] !== DISCORD.id) return { status: 404, body: { message: 'Unknown Webhook', code: 10015 } };
    if (m[2] !== DISCORD.token) return { status: 401, body: { message: 'Invalid Webhook Token', code: 50027 } };
    if (req.method === 'GET') {
      return { status: 200, body: { type: 1, id: DISCORD.id, name: 'socialcal', channel_id: DISCORD.channel, guild_id: DISCORD.guild, token: DISCORD.token } };
    }
    if (req.method !== 'POST') return { status: 405, body: { message: '405: Method Not Allowed', code: 0 } };

    let payload: { content?: string; username?: string; allowed_mentions?: unknown; attachments?: { id: number | string; filename?: string; description?: string }[] };
    const files: RecordedFile[] = [];
    if (req.headers['content-type']?.startsWith('multipart/form-data')) {
      payload = JSON.parse(String(req.body.payload_json ?? '{}'));
      for (const [name, value] of Object.entries(req.body as Record<string, unknown>)) {
        const index = /^files\[(\d+)\]$/.exec(name);
        if (index) files[Number(index[1])] = value as RecordedFile;
      }
    } else {
      payload = req.body ?? {};
    }
    const content = payload.content ?? '';
    if ([...content].length > 2000) return invalidForm('content', 'Must be 2000 or fewer in length.');
    if (!content && !files.length) return { status: 400, body: { message: 'Cannot send an empty message', code: 50006 } };
    for (const a of payload.attachments ?? []) {
      if ((a.description ?? '').length > 1024) return invalidForm('attachments', 'description must be 1024 or fewer in length.');
      if (!files[Number(a.id)]) return invalidForm('attachments', `attachment ${a.id} has no file`);
    }
    const message: DiscordMessage = {
      id: String(nextId++),
      channel_id: DISCORD.channel,
      webhook_id: DISCORD.id,
      content,
      username: payload.username,
      allowed_mentions: payload.allowed_mentions,
      attachments: files.map((f, i) => {
        const described = payload.attachments?.find((a) => Number(a.id) === i);
        return { id: String(nextId++), filename: described?.filename ?? f.name, description: described?.description, size: f.size, content_type: f.type, bytes: f.bytes };
      }),
    };
    statuses.push(message);
    if (req.query.wait !== 'true') return { status: 204 };
    const { attachments, ...rest } = message;
    return { status: 200, body: { ...rest, attachments: attachments.map(({ bytes: _bytes, ...a }) => a) } };
  };

  const server = await startRecordingServer(handle);
  return { ...server, url: `${server.url}/api/webhooks/${DISCORD.id}/${DISCORD.token}`, statuses };
}

export interface SlackMessage {
  text?: string;
  blocks?: unknown[];
}

const SLACK_PATH = '/services/T0001/B0001/slack-webhook-secret';

export async function startSlack(): Promise<FakeWebhook<SlackMessage>> {
  const statuses: SlackMessage[] = [];
  const text = (status: number, body: string): Reply => ({ status, headers: { 'content-type': 'text/html' }, body });
  const handle = (req: RecordedRequest): Reply => {
    if (req.path !== SLACK_PATH) return text(404, 'no_service');
    if (req.method !== 'POST') return text(405, 'invalid_method');
    if (!req.body || typeof req.body !== 'object') return text(400, 'invalid_payload');
    const message = req.body as SlackMessage;
    if (!message.text && !message.blocks?.length) return text(400, 'no_text');
    statuses.push(message);
    return text(200, 'ok');
  };
  const server = await startRecordingServer(handle);
  return { ...server, url: `${server.url}${SLACK_PATH}`, statuses };
}
