import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCalendarFiles } from '../../src/calendar/files.js';
import { loadCalendar } from '../../src/calendar/load.js';
import { parseEntries } from '../../src/curate/entries.js';
import { DEFAULT_LIMITS, fetchFeed } from '../../src/curate/fetch.js';
import { curate } from '../../src/curate/run.js';
import { calendarDir, removeDir } from '../support/calendar-dir.js';
import { startRecordingServer, type RecordingServer, type Reply } from '../support/http-server.js';
import { atom, rss } from './feeds.js';

const NOW = new Date('2027-03-01T08:00:00Z');
const RSS = rss([
  { title: 'Older post', link: 'https://acme.example/blog/older', guid: 'post-1', date: 'Mon, 01 Feb 2027 09:00:00 GMT' },
  { title: 'Newer post', link: 'https://acme.example/blog/newer', guid: 'post-2', date: 'Mon, 15 Feb 2027 09:00:00 GMT', description: '&lt;p&gt;Read &lt;b&gt;this&lt;/b&gt; &amp;amp; that&lt;/p&gt;' },
]);
const ATOM = atom([{ title: 'Acme 2.1 released', href: '/releases/2.1', id: 'urn:acme:release:2.1', updated: '2027-02-20T10:00:00Z', summary: 'Faster &lt;i&gt;everything&lt;/i&gt;' }]);

let server: RecordingServer;
beforeAll(async () => {
  server = await startRecordingServer((req): Reply | Promise<Reply> => {
    if (req.path === '/rss.xml') return { status: 200, headers: { 'content-type': 'application/rss+xml' }, body: RSS };
    if (req.path === '/atom.xml') return { status: 200, headers: { 'content-type': 'application/atom+xml' }, body: ATOM };
    if (req.path === '/broken.xml') return { status: 200, body: '<rss version="2.0"><channel><title>x</title>\n<item><title>a</title></channel>\n</rss>' };
    if (req.path === '/page.html') return { status: 200, headers: { 'content-type': 'text/html' }, body: '<html><body><p>Not a feed</p></body></html>' };
    if (req.path === '/moved') return { status: 301, headers: { location: '/rss.xml' } };
    if (req.path === '/loop') return { status: 302, headers: { location: '/loop' } };
    if (req.path === '/slow.xml') return new Promise(() => {});
    return { status: 404, body: 'not here' };
  });
});
afterAll(() => server.close());

function setup(feeds: string) {
  const root = calendarDir({ 'socialcal.yaml': `timezone: Europe/Berlin
accounts:
  bluesky: { platform: bluesky, handle: acme.bsky.social }
  mastodon: { platform: mastodon, server: https://fosstodon.org }
pillars: [education]
feeds:
${feeds}` });
  const { calendar, problems } = loadCalendar(root);
  if (!calendar) throw new Error(problems.map((p) => p.message).join('; '));
  return { root, calendar, problems, files: readCalendarFiles(root) };
}

describe('curate: feeds into drafts', () => {
  it('RSS 2.0 and Atom: entries become status: draft posts with the template filled, UTM on the link and the source in notes', async () => {
    const { root, calendar, files } = setup(`  blog:
    url: ${server.url}/rss.xml
    text: "New: {title} — {summary} {link}"
    channels: [bluesky, mastodon]
    tags: [curated]
    pillar: education
    utm: { source: socialcal, medium: social }
  releases:
    url: ${server.url}/atom.xml
    channels: [mastodon]
`);
    try {
      const [blog, releases] = await curate(calendar, files, {}, { now: NOW, limits: DEFAULT_LIMITS });
      expect(blog.error).toBeUndefined();
      expect(blog.entries).toBe(2);
      // Newest first, timed the next day at 10:00 local, two hours apart.
      expect(blog.drafts.map((d) => [d.path, d.data.at])).toEqual([
        ['posts/2027/03/blog-newer-post.yaml', '2027-03-02 10:00'],
        ['posts/2027/03/blog-older-post.yaml', '2027-03-02 12:00'],
      ]);
      expect(blog.drafts[0].data).toEqual({
        at: '2027-03-02 10:00',
        channels: ['bluesky', 'mastodon'],
        tags: ['curated'],
        pillar: 'education',
        text: 'New: Newer post — Read this & that https://acme.example/blog/newer?utm_source=socialcal&utm_medium=social',
        status: 'draft',
        notes: 'Curated from feed "blog": Newer post\nhttps://acme.example/blog/newer\n',
      });
      expect(blog.drafts[0].entry.key).toBe('post-2');
      // Atom: the relative link is resolved against the feed's address; the default template.
      expect(releases.drafts.map((d) => d.data.text)).toEqual([`Acme 2.1 released ${server.url}/releases/2.1`]);
      expect(releases.drafts[0].entry.key).toBe('urn:acme:release:2.1');
      expect(server.requests.some((r) => r.path === '/rss.xml' && /rss\+xml/.test(r.headers.accept))).toBe(true);
    } finally {
      removeDir(root);
    }
  });

  it('a malformed feed, a missing one and one that times out are located errors; the other feeds are still curated', async () => {
    const { root, calendar, files } = setup(`  broken:
    url: ${server.url}/broken.xml
    channels: [bluesky]
  page:
    url: ${server.url}/page.html
    channels: [bluesky]
  gone:
    url: ${server.url}/gone.xml
    channels: [bluesky]
  slow:
    url: ${server.url}/slow.xml
    channels: [bluesky]
  blog:
    url: ${server.url}/rss.xml
    channels: [bluesky]
`);
    try {
      const started = Date.now();
      const outcomes = await curate(calendar, files, {}, { now: NOW, limits: { ...DEFAULT_LIMITS, timeoutMs: 1000 } });
      expect(Date.now() - started).toBeLessThan(10_000);
      const byName = Object.fromEntries(outcomes.map((o) => [o.feed, o]));
      expect(byName.broken.error).toBe("not well-formed XML at line 2, column 23: Expected closing tag 'item' (opened in line 2, col 1) instead of closing tag 'channel'.");
      expect(byName.page.error).toMatch(/^not an RSS or Atom feed/);
      expect(byName.gone.error).toBe('HTTP 404');
      expect(byName.slow.error).toBe('no answer within 1 s');
      expect(byName.blog.drafts).toHaveLength(2);
    } finally {
      removeDir(root);
    }
  });

  it('dedup across runs: entries remembered in the state are skipped; the limit keeps the newest', async () => {
    const { root, calendar, files } = setup(`  blog:
    url: ${server.url}/rss.xml
    channels: [bluesky]
    limit: 1
`);
    try {
      const [first] = await curate(calendar, files, {}, { now: NOW, limits: DEFAULT_LIMITS });
      expect(first.drafts.map((d) => d.entry.key)).toEqual(['post-2']);
      const state = { blog: [{ key: 'post-2', post: first.drafts[0].id, at: NOW.toISOString() }] };
      const [second] = await curate(calendar, files, state, { now: NOW, limits: DEFAULT_LIMITS });
      expect(second.drafts.map((d) => d.entry.key)).toEqual(['post-1']);
      const [third] = await curate(calendar, files, { blog: [...state.blog, { key: 'post-1', post: 'x', at: '' }] }, { now: NOW, limits: DEFAULT_LIMITS });
      expect(third.drafts).toEqual([]);
    } finally {
      removeDir(root);
    }
  });
});

describe('fetchFeed limits', () => {
  let huge: Server;
  let hugeUrl: string;
  beforeAll(async () => {
    // 2 MB streamed in chunks without a Content-Length, so only the running count can stop it.
    huge = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let sent = 0;
      const more = () => {
        while (sent < 32) {
          sent++;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end();
      };
      more();
    });
    await new Promise<void>((resolve) => huge.listen(0, '127.0.0.1', resolve));
    hugeUrl = `http://127.0.0.1:${(huge.address() as AddressInfo).port}/huge.xml`;
  });
  afterAll(() => new Promise<void>((resolve) => (huge.closeAllConnections(), huge.close(() => resolve()))));

  it('stops a body past the size cap, declared or streamed', async () => {
    expect(await fetchFeed(hugeUrl, '/', { ...DEFAULT_LIMITS, maxBytes: 1024 * 1024 })).toEqual({ ok: false, error: 'larger than 1 MB' });
    expect(await fetchFeed(`${server.url}/rss.xml`, '/', { ...DEFAULT_LIMITS, maxBytes: 100 })).toEqual({ ok: false, error: 'larger than 0 MB' });
    expect((await fetchFeed(hugeUrl, '/', DEFAULT_LIMITS)).ok).toBe(true);
  });

  it('follows redirects up to the bound', async () => {
    expect(await fetchFeed(`${server.url}/moved`, '/', DEFAULT_LIMITS)).toMatchObject({ ok: true, url: `${server.url}/rss.xml` });
    expect(await fetchFeed(`${server.url}/loop`, '/', DEFAULT_LIMITS)).toEqual({ ok: false, error: 'more than 5 redirects' });
  });

  it('reads a path inside the repository, never one outside it', async () => {
    const root = calendarDir({ 'feeds/blog.xml': RSS });
    try {
      expect(await fetchFeed('feeds/blog.xml', root, DEFAULT_LIMITS)).toMatchObject({ ok: true });
      expect(await fetchFeed('../etc/passwd', root, DEFAULT_LIMITS)).toMatchObject({ ok: false });
      expect(await fetchFeed('/etc/passwd', root, DEFAULT_LIMITS)).toMatchObject({ ok: false });
      expect(await fetchFeed('file:///etc/passwd', root, DEFAULT_LIMITS)).toMatchObject({ ok: false });
    } finally {
      removeDir(root);
    }
  });
});

describe('feed entries are untrusted text', () => {
  it('HTML, control and bidi characters, line breaks and workflow-command lines become one plain line', () => {
    const parsed = parseEntries(
      rss([{ title: '::error::pwned\u0007 [click](javascript:alert(1))', link: 'javascript:alert(1)', guid: 'g', description: '&lt;script&gt;alert(1)&lt;/script&gt;line one\n::warning file=x::two\u202e' }]),
      'https://acme.example/feed.xml',
    );
    expect(parsed.ok && parsed.entries[0]).toEqual({ key: 'g', title: '::error::pwned [click](javascript:alert(1))', link: '', summary: 'line one ::warning file=x::two', published: undefined });
  });
});
