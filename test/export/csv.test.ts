import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, toCsv } from '../../src/export/csv.js';
import { CAMPAIGN, ledger, memoryCalendar, post } from '../views/support/calendar.js';

function fixture() {
  return memoryCalendar(
    {
      'campaigns/spring.yaml': CAMPAIGN,
      'posts/a.yaml': post(
        '2027-03-28 10:00',
        'campaign: spring\ntags: [product, promotional]\npillar: education\nmedia:\n  - file: media/a.png\n    alt: "A chart, rising"\nthread:\n  - text: more\noverrides:\n  mastodon:\n    text: "Quote \\"this\\", then a comma, and a newline\\nhere"\n',
      ),
      'posts/b.yaml': post('2027-03-29 09:30', 'channels: [linkedin]\n'),
    },
    { 'media/a.png': 10 },
  );
}

/** A small RFC 4180 reader, independent of the writer: quoted fields, doubled quotes, newlines. */
function parse(text: string, _opts: { columns: true }): Record<string, string>[] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') record.push(field), (field = '');
    else if (c === '\n') record.push(field), records.push(record), (record = []), (field = '');
    else if (c !== '\r') field += c;
  }
  if (field || record.length) record.push(field), records.push(record);
  const [header, ...rows] = records;
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

describe('export csv', () => {
  it('writes one row per (post, account) with the documented columns, quoted where needed', () => {
    const view = ledger({ 'a/bluesky': { state: 'published', url: 'https://bsky.app/p/1' } });
    const text = toCsv(fixture(), { ledger: view });
    const [header] = text.split('\n');
    expect(header).toBe(CSV_COLUMNS.join(','));
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.post_id, r.account])).toEqual([
      ['a', 'bluesky'],
      ['a', 'mastodon'],
      ['b', 'linkedin'],
    ]);
    const [bluesky, mastodon, linkedin] = rows;
    expect(bluesky).toMatchObject({
      platform: 'bluesky',
      handle: 'acme.bsky.social',
      at_utc: '2027-03-28T08:00:00.000Z',
      local_time: '2027-03-28 10:00',
      timezone: 'Europe/Berlin',
      campaign: 'spring',
      status: 'ready',
      tags: 'product;promotional',
      pillar: 'education',
      limit: '300',
      over_limit: 'no',
      thread_items: '1',
      media: 'media/a.png',
      alt_text: 'A chart, rising',
      publish_state: 'published',
      publish_url: 'https://bsky.app/p/1',
      file: 'posts/a.yaml',
      thread: '[{"text":"more"}]',
    });
    expect(bluesky.text).toContain('https://acme.example/x?utm_source=bluesky');
    expect(Number(bluesky.length)).toBe(bluesky.text.length);
    expect(mastodon.text).toBe('Quote "this", then a comma, and a newline\nhere');
    expect(mastodon.publish_state).toBe('');
    expect(linkedin).toMatchObject({ local_time: '2027-03-29 09:30', campaign: '', media: '', limit: '3000', thread: '' });
  });

  it('filters by account to the matching rows only', () => {
    const rows = parse(toCsv(fixture(), { filter: { accounts: ['mastodon'] } }), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.account)).toEqual(['mastodon']);
  });
});
