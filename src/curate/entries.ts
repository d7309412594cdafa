import { parseFeed } from '@rowanmanning/feed-parser';
import { XMLValidator } from 'fast-xml-parser';

// Feed text → entries with plain, single-purpose fields. Feed content is written by strangers:
// HTML is reduced to text, control characters are dropped, and lengths are bounded, so an entry
// can only ever become ordinary post text that the usual checks and output escaping handle.

export interface FeedEntry {
  /** GUID (RSS) or id (Atom), else the link: what dedup remembers. */
  key: string;
  title: string;
  link: string;
  summary: string;
  published?: Date;
}

export type ParsedFeed = { ok: true; entries: FeedEntry[] } | { ok: false; error: string };

const MAX_TITLE = 300;
const MAX_SUMMARY = 500;

export function parseEntries(xml: string, base: string): ParsedFeed {
  // The parser is lenient on purpose (real feeds are sloppy); XML that is not well-formed is
  // still refused, with where it breaks, rather than turned into half-read drafts.
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) return { ok: false, error: `not well-formed XML at line ${wellFormed.err.line}, column ${wellFormed.err.col}: ${firstLine(wellFormed.err.msg)}` };
  let feed: ReturnType<typeof parseFeed>;
  try {
    feed = parseFeed(xml);
  } catch (error) {
    return { ok: false, error: `not an RSS or Atom feed (${firstLine((error as Error).message)})` };
  }
  const entries: FeedEntry[] = [];
  for (const item of feed.items) {
    const link = safeLink(item.url, base);
    const key = plain(item.id ?? '', 500) || link;
    if (!key) continue;
    entries.push({
      key,
      title: plain(item.title ?? '', MAX_TITLE),
      link: link ?? '',
      summary: plain(htmlToText(item.description ?? item.content ?? ''), MAX_SUMMARY),
      published: item.published ?? item.updated ?? undefined,
    });
  }
  return { ok: true, entries };
}

function firstLine(text: string): string {
  return text.split('\n')[0].slice(0, 200);
}

/** Only http(s) links, made absolute against the feed's own address. */
function safeLink(url: string | null | undefined, base: string): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = /^https?:/i.test(base) ? new URL(url.trim(), base) : new URL(url.trim());
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.toString() : undefined;
  } catch {
    return undefined;
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<br\s*\/?>|<\/p>/gi, '\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' ';
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    });
}

/** One line of text: no control or bidi-override characters, whitespace collapsed, bounded length. */
export function plain(text: string, max: number): string {
  const cleaned = text
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned.length > max ? `${[...cleaned].slice(0, max - 1).join('').trimEnd()}…` : cleaned;
}
