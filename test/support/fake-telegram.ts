// A local server that behaves like the documented Telegram Bot API for what socialcal uses:
// /bot<token>/<method>, {ok, result} answers, {ok:false, error_code, description, parameters}
// errors, sendMessage / sendPhoto / sendMediaGroup with their limits, reply_parameters.
import { startRecordingServer, type RecordedFile, type RecordedRequest, type Reply } from './http-server.js';

export interface FakeTelegramMessage {
  message_id: number;
  date: number;
  chat: { id: number; type: string; title: string; username?: string };
  text?: string;
  caption?: string;
  photo?: RecordedFile;
  media_group_id?: string;
  reply_to_message_id?: number;
  silent: boolean;
}

export interface FakeTelegram {
  url: string;
  token: string;
  requests: RecordedRequest[];
  messages: FakeTelegramMessage[];
  failNext(status: number, headers?: Record<string, string>, body?: unknown): void;
  close(): Promise<void>;
}

export const CHAT = { id: -1001234567890, type: 'channel', title: 'Acme News', username: 'acme_news' };

const bad = (error_code: number, description: string, parameters?: Record<string, number>): Reply => ({ status: error_code, body: { ok: false, error_code, description, ...(parameters ? { parameters } : {}) } });

export async function startTelegram(opts: { token?: string } = {}): Promise<FakeTelegram> {
  const token = opts.token ?? '123456789:AAH-test-telegram-bot-token_xyz';
  const messages: FakeTelegramMessage[] = [];
  let nextId = 100;
  let group = 0;

  const params = (req: RecordedRequest): Record<string, unknown> => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const out: Record<string, unknown> = { ...req.query, ...body };
    // Multipart and form fields carry objects as JSON strings.
    for (const key of ['reply_parameters', 'media']) if (typeof out[key] === 'string') out[key] = JSON.parse(out[key] as string);
    return out;
  };

  const handle = (req: RecordedRequest): Reply => {
    const m = /^\/bot([^/]+)\/(\w+)$/.exec(req.path);
    if (!m) return { status: 404, body: { ok: false, error_code: 404, description: 'Not Found' } };
    if (m[1] !== token) return bad(401, 'Unauthorized');
    const method = m[2];
    const p = params(req);
    if (method === 'getMe') return { status: 200, body: { ok: true, result: { id: 123456789, is_bot: true, first_name: 'Acme', username: 'acme_bot' } } };
    const chatId = String(p.chat_id ?? '');
    if (!chatId) return bad(400, 'Bad Request: chat_id is empty');
    if (chatId !== String(CHAT.id) && chatId !== `@${CHAT.username}`) return bad(400, 'Bad Request: chat not found');
    if (method === 'getChat') return { status: 200, body: { ok: true, result: CHAT } };

    const reply = p.reply_parameters as { message_id?: number } | undefined;
    if (reply && !messages.some((x) => x.message_id === reply.message_id)) return bad(400, 'Bad Request: message to be replied not found');
    const base = () => ({ message_id: nextId++, date: Math.floor(Date.now() / 1000), chat: CHAT, silent: p.disable_notification === true || p.disable_notification === 'true', ...(reply ? { reply_to_message_id: reply.message_id } : {}) });
    const wire = (x: FakeTelegramMessage) => {
      const { silent: _s, photo, reply_to_message_id, ...rest } = x;
      return { ...rest, ...(photo ? { photo: [{ file_id: `file-${x.message_id}`, file_unique_id: `u${x.message_id}`, width: 1, height: 1, file_size: photo.size }] } : {}), ...(reply_to_message_id ? { reply_to_message: { message_id: reply_to_message_id, chat: CHAT, date: 0 } } : {}) };
    };

    if (method === 'sendMessage') {
      const text = typeof p.text === 'string' ? p.text : '';
      if (!text.trim()) return bad(400, 'Bad Request: message text is empty');
      if (text.length > 4096) return bad(400, 'Bad Request: message is too long');
      if (p.parse_mode !== undefined) return bad(400, 'fake Telegram: socialcal sends plain text, without parse_mode');
      const msg: FakeTelegramMessage = { ...base(), text };
      messages.push(msg);
      return { status: 200, body: { ok: true, result: wire(msg) } };
    }
    if (method === 'sendPhoto') {
      const photo = p.photo as RecordedFile | undefined;
      if (!photo || typeof photo !== 'object') return bad(400, 'Bad Request: there is no photo in the request');
      const caption = typeof p.caption === 'string' ? p.caption : undefined;
      if (caption && caption.length > 1024) return bad(400, 'Bad Request: message caption is too long');
      const msg: FakeTelegramMessage = { ...base(), photo, ...(caption ? { caption } : {}) };
      messages.push(msg);
      return { status: 200, body: { ok: true, result: wire(msg) } };
    }
    if (method === 'sendMediaGroup') {
      const media = p.media as { type: string; media: string; caption?: string }[] | undefined;
      if (!Array.isArray(media) || media.length < 2 || media.length > 10) return bad(400, 'Bad Request: wrong number of media in the group (2-10)');
      const files = media.map((x) => p[x.media.replace(/^attach:\/\//, '')] as RecordedFile | undefined);
      if (files.some((f) => !f || typeof f !== 'object') || media.some((x) => x.type !== 'photo')) return bad(400, 'Bad Request: wrong file identifier/HTTP URL specified');
      if (media.some((x) => (x.caption?.length ?? 0) > 1024)) return bad(400, 'Bad Request: message caption is too long');
      const id = String(++group);
      const sent = media.map((x, i): FakeTelegramMessage => ({ ...base(), photo: files[i]!, media_group_id: id, ...(x.caption ? { caption: x.caption } : {}) }));
      messages.push(...sent);
      return { status: 200, body: { ok: true, result: sent.map(wire) } };
    }
    return bad(404, 'Not Found: method not found');
  };

  const server = await startRecordingServer(handle);
  return { url: server.url, token, requests: server.requests, messages, failNext: server.failNext, close: server.close };
}
