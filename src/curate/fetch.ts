import { request } from 'undici';
import { checkRepoPath, readRegularFile } from '../calendar/repo-path.js';
import { isFeedLocation } from '../calendar/feeds.js';

// Fetching a feed: one GET per hop, redirects followed by hand up to a bound, a deadline for the
// whole fetch (headers and body), and a size cap checked while the body streams in. A path
// instead of a URL reads a file inside the repository (fixtures, tests).

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
}

export const DEFAULT_LIMITS: FetchLimits = { timeoutMs: 20_000, maxBytes: 5 * 1024 * 1024, maxRedirects: 5 };

export type Fetched = { ok: true; text: string; url: string } | { ok: false; error: string };

export async function fetchFeed(location: string, root: string, limits: FetchLimits = DEFAULT_LIMITS): Promise<Fetched> {
  if (!isFeedLocation(location)) return { ok: false, error: `"${location}" is neither an http(s) URL nor a path inside the repository` };
  if (!/^https?:\/\//i.test(location)) return readLocal(location, root, limits);
  const deadline = AbortSignal.timeout(limits.timeoutMs);
  let url = new URL(location);
  try {
    for (let hop = 0; ; hop++) {
      const res = await request(url, {
        method: 'GET',
        signal: deadline,
        headers: { accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1', 'user-agent': 'socialcal-curate' },
      });
      if (res.statusCode >= 300 && res.statusCode < 400 && res.headers.location) {
        await res.body.dump();
        if (hop >= limits.maxRedirects) return { ok: false, error: `more than ${limits.maxRedirects} redirects` };
        const next = new URL(String(res.headers.location), url);
        if (next.protocol !== 'http:' && next.protocol !== 'https:') return { ok: false, error: `redirected to ${next.protocol} URL` };
        url = next;
        continue;
      }
      if (res.statusCode < 200 || res.statusCode >= 300) {
        await res.body.dump();
        return { ok: false, error: `HTTP ${res.statusCode}` };
      }
      const declared = Number(res.headers['content-length']);
      if (declared > limits.maxBytes) {
        res.body.destroy();
        return { ok: false, error: tooLarge(limits) };
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body) {
        size += (chunk as Buffer).length;
        if (size > limits.maxBytes) {
          res.body.destroy();
          return { ok: false, error: tooLarge(limits) };
        }
        chunks.push(chunk as Buffer);
      }
      return { ok: true, text: Buffer.concat(chunks).toString('utf8'), url: url.toString() };
    }
  } catch (error) {
    if (deadline.aborted) return { ok: false, error: `no answer within ${limits.timeoutMs / 1000} s` };
    return { ok: false, error: (error as Error).message };
  }
}

function tooLarge(limits: FetchLimits): string {
  return `larger than ${Math.round(limits.maxBytes / 1024 / 1024)} MB`;
}

function readLocal(path: string, root: string, limits: FetchLimits): Fetched {
  const checked = checkRepoPath(root, path);
  if (!checked.ok) return { ok: false, error: checked.reason === 'missing' ? `${path}: no such file in the repository` : `${path}: not a file inside the repository` };
  const read = readRegularFile(checked.abs, limits.maxBytes);
  if ('tooLarge' in read) return { ok: false, error: tooLarge(limits) };
  if (!('bytes' in read)) return { ok: false, error: `${path}: not a regular file` };
  return { ok: true, text: Buffer.from(read.bytes).toString('utf8'), url: path };
}
