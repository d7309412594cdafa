// A tiny recording HTTP server on 127.0.0.1 for fakes of platform APIs.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Every value of each query parameter, for repeated ones (`uris=a&uris=b`, `id[]=1&id[]=2`). */
  queryAll: Record<string, string[]>;
  headers: Record<string, string>;
  /** Parsed JSON, multipart fields (files as { name, type, size, bytes }), or raw text. */
  body: any;
  /** The body as sent, for binary uploads. */
  raw: Buffer;
}

export interface RecordedFile {
  name: string;
  type: string;
  size: number;
  bytes: Buffer;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface Failure {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

export interface RecordingServer {
  url: string;
  requests: RecordedRequest[];
  /** The next request (whatever it is) gets this answer instead of the normal one. */
  failNext(status: number, headers?: Record<string, string>, body?: unknown): void;
  /** The next request gets its normal answer with these headers added (rate-limit quotas). */
  headersNext(headers: Record<string, string>): void;
  close(): Promise<void>;
}

export async function startRecordingServer(handle: (req: RecordedRequest) => Reply | Promise<Reply>): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  const failures: Failure[] = [];
  const extraHeaders: Record<string, string>[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const recorded = await record(req);
      requests.push(recorded);
      const failure = failures.shift();
      const reply = failure ?? (await handle(recorded));
      const extra = failure ? undefined : extraHeaders.shift();
      respond(res, extra ? { ...reply, headers: { ...reply.headers, ...extra } } : reply);
    })().catch((error) => respond(res, { status: 500, body: { error: `fake server: ${String(error)}` } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    headersNext(headers) {
      extraHeaders.push(headers);
    },
    failNext(status, headers = {}, body) {
      failures.push({ status, headers, body: body ?? { error: `injected failure ${status}` } });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function record(req: IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
  const type = headers['content-type'] ?? '';
  let body: unknown = raw.length ? raw.toString('utf8') : undefined;
  if (type.startsWith('application/json') && raw.length) body = JSON.parse(raw.toString('utf8'));
  else if (type.startsWith('multipart/form-data')) body = await multipart(raw, type);
  else if (type.startsWith('application/x-www-form-urlencoded')) body = Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
  const queryAll: Record<string, string[]> = {};
  for (const [k, v] of url.searchParams) (queryAll[k] ??= []).push(v);
  return { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), queryAll, headers, body, raw };
}

/** Multipart fields by name; repeated names become arrays. Parsed by the platform's own Request. */
async function multipart(raw: Buffer, type: string): Promise<Record<string, unknown>> {
  const form = await new Request('http://127.0.0.1/', { method: 'POST', headers: { 'content-type': type }, body: raw }).formData();
  const out: Record<string, unknown> = {};
  for (const [name, value] of form.entries()) {
    const v = typeof value === 'string' ? value : ({ name: value.name, type: value.type, size: value.size, bytes: Buffer.from(await value.arrayBuffer()) } satisfies RecordedFile);
    out[name] = name in out ? [...([] as unknown[]).concat(out[name]), v] : v;
  }
  return out;
}

function respond(res: ServerResponse, reply: Reply): void {
  const headers = { ...reply.headers };
  let payload: string | Buffer | undefined;
  if (reply.body !== undefined) {
    if (typeof reply.body === 'string' || Buffer.isBuffer(reply.body)) payload = reply.body;
    else {
      payload = JSON.stringify(reply.body);
      headers['content-type'] ??= 'application/json; charset=utf-8';
    }
  }
  res.writeHead(reply.status, headers);
  res.end(payload);
}

/**
 * `handle` with `keys` of the fake's `state` as live properties: a test sets one (a token's
 * expiry, a missing scope) and the fake's next answer follows it.
 */
export function withLiveState<T extends object, S extends object, K extends keyof S>(handle: T, state: S, keys: K[]): T & Pick<S, K> {
  for (const key of keys) {
    Object.defineProperty(handle, key, { get: () => state[key], set: (value: S[K]) => (state[key] = value), enumerable: true });
  }
  return handle as T & Pick<S, K>;
}
