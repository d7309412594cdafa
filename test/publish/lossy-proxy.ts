// A proxy on 127.0.0.1 in front of a fake platform that can lose the answer to a request the
// platform already accepted: drop the connection, hold it open (until the client is killed), or
// answer 200 with something else (a proxy's HTML page, the wrong JSON).
import { createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Loss = 'drop' | 'hold' | { body: string; type: string };

export interface LossyProxy {
  url: string;
  /** The next request matching `when` reaches the platform, then its answer is lost this way. */
  loseNext(when: (method: string, path: string) => boolean, how: Loss): void;
  /** Every request that came through, in order. */
  requests: { method: string; path: string }[];
  /** Forgets the losses not used yet. */
  reset(): void;
  /** Resolves when a lost answer's request has been accepted upstream. */
  accepted(): Promise<void>;
  close(): Promise<void>;
}

export async function startLossyProxy(target: string): Promise<LossyProxy> {
  const upstream = new URL(target);
  const plans: { when: (m: string, p: string) => boolean; how: Loss }[] = [];
  const requests: { method: string; path: string }[] = [];
  let signal: () => void = () => undefined;
  let acceptedPromise = new Promise<void>((r) => (signal = r));
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push({ method: req.method ?? 'GET', path: new URL(path, 'http://x').pathname });
    const i = plans.findIndex((p) => p.when(req.method ?? 'GET', new URL(path, 'http://x').pathname));
    const plan = i === -1 ? undefined : plans.splice(i, 1)[0];
    const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path, headers: { ...req.headers, host: upstream.host } }, (answer: IncomingMessage) => {
      const chunks: Buffer[] = [];
      answer.on('data', (c: Buffer) => chunks.push(c));
      answer.on('end', () => {
        if (plan) {
          signal();
          if (plan.how === 'drop') req.socket.destroy();
          else if (plan.how !== 'hold') res.writeHead(200, { 'content-type': plan.how.type }).end(plan.how.body);
          return; // 'hold': never answer
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        res.end(Buffer.concat(chunks));
      });
    });
    out.on('error', () => req.socket.destroy());
    req.pipe(out);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    loseNext(when, how) {
      plans.push({ when, how });
      acceptedPromise = new Promise<void>((r) => (signal = r));
    },
    reset: () => void plans.splice(0),
    accepted: () => acceptedPromise,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
