// metrics import: GA4 and Plausible export shapes, the stored file, and the mistakes people make.
import { describe, expect, it } from 'vitest';
import { importWebAnalytics } from '../../src/analytics/import.js';
import { mergeWebRows, parseWebRows, serializeWebRows } from '../../src/analytics/web.js';

const GA4 = `# ----------------------------------------
# Traffic acquisition: Session campaign
# Account: Acme
# Property: acme.example
# ----------------------------------------
#
# Start date: 20270104
# End date: 20270117
Session campaign,Session source / medium,Session manual ad content,Sessions,Engaged sessions,Key events
winter-launch,bluesky / social,launch-day,"1,204",800,31
winter-launch,mastodon / social,launch-day,310,200,9
(not set),google / organic,(not set),5000,3000,12
(direct),(direct) / (none),(not set),900,400,2
meetups,linkedin / social,,120,90,
`;

const GA4_DAILY = `Date,Session campaign,Session source,Session medium,Sessions,Conversions
20270112,winter-launch,bluesky,social,40,3
20270113,winter-launch,bluesky,social,25,1
`;

const PLAUSIBLE = `date,source,referrer,utm_source,utm_medium,utm_campaign,utm_content,utm_term,pageviews,visitors,visits,visit_duration,bounces
2027-01-12,Bluesky,bsky.app,bluesky,social,winter-launch,launch-day,,90,40,45,3000,10
2027-01-12,Bluesky,go.bsky.app,bluesky,social,winter-launch,launch-day,,20,5,6,300,2
2027-01-12,Google,google.com,,,,,,500,300,320,9000,100
2027-01-13,Mastodon,fosstodon.org,mastodon,social,winter-launch,,,30,12,14,900,3
`;

describe('metrics import: GA4', () => {
  it('reads a report export: period from the header comments, source / medium split, key events', () => {
    const r = importWebAnalytics(GA4, 'ga4.csv');
    expect(r.tool).toBe('ga4');
    expect(r.skipped).toBe(2);
    expect(r.rows).toEqual([
      { from: '2027-01-04', to: '2027-01-17', tool: 'ga4', campaign: 'winter-launch', source: 'bluesky', medium: 'social', content: 'launch-day', sessions: 1204, conversions: 31 },
      { from: '2027-01-04', to: '2027-01-17', tool: 'ga4', campaign: 'winter-launch', source: 'mastodon', medium: 'social', content: 'launch-day', sessions: 310, conversions: 9 },
      { from: '2027-01-04', to: '2027-01-17', tool: 'ga4', campaign: 'meetups', source: 'linkedin', medium: 'social', sessions: 120 },
    ]);
  });

  it('reads daily rows from a Date column (YYYYMMDD) and the older "Conversions" name', () => {
    expect(importWebAnalytics(GA4_DAILY, 'daily.csv').rows).toEqual([
      { from: '2027-01-12', to: '2027-01-12', tool: 'ga4', campaign: 'winter-launch', source: 'bluesky', medium: 'social', sessions: 40, conversions: 3 },
      { from: '2027-01-13', to: '2027-01-13', tool: 'ga4', campaign: 'winter-launch', source: 'bluesky', medium: 'social', sessions: 25, conversions: 1 },
    ]);
  });

  it('names the row and column of a bad count', () => {
    const broken = GA4.replace('310,200,9', '31O,200,9');
    expect(() => importWebAnalytics(broken, 'ga4.csv')).toThrow('ga4.csv:row 11, column "Sessions": "31O" is not a count');
  });

  it('names a bad date', () => {
    expect(() => importWebAnalytics(GA4_DAILY.replace('20270113', '20270231'), 'daily.csv')).toThrow('daily.csv:row 3, column "Date": "20270231" is not a date');
  });

  it('asks for the period when the header comments were cut off and there is no Date column', () => {
    const cut = GA4.split('\n').filter((l) => !l.startsWith('#')).join('\n');
    expect(() => importWebAnalytics(cut, 'ga4.csv')).toThrow(/ga4.csv: no period/);
  });

  it('asks for the campaign dimension when a GA4 export lacks it', () => {
    expect(() => importWebAnalytics('Session source,Sessions\nbluesky,3\n', 'x.csv')).toThrow('x.csv: a GA4 export without a campaign column');
  });
});

describe('metrics import: Plausible', () => {
  it('reads the site export\'s imported_sources: visits as sessions, referrers added up, no campaign skipped', () => {
    const r = importWebAnalytics(PLAUSIBLE, 'imported_sources_20270101_20270131.csv');
    expect(r.tool).toBe('plausible');
    expect(r.skipped).toBe(1);
    expect(r.rows).toEqual([
      { from: '2027-01-12', to: '2027-01-12', tool: 'plausible', campaign: 'winter-launch', source: 'bluesky', medium: 'social', content: 'launch-day', sessions: 51 },
      { from: '2027-01-13', to: '2027-01-13', tool: 'plausible', campaign: 'winter-launch', source: 'mastodon', medium: 'social', sessions: 14 },
    ]);
  });

  it('names the row of a bad visits count', () => {
    expect(() => importWebAnalytics(PLAUSIBLE.replace(',45,3000', ',-4,3000'), 'p.csv')).toThrow('p.csv:row 2, column "visits": "-4" is not a count');
  });

  it('refuses a dashboard breakdown (name, visitors) and says which export to use', () => {
    expect(() => importWebAnalytics('name,visitors,bounce_rate\nwinter-launch,40,20\n', 'utm_campaigns.csv')).toThrow(/Plausible dashboard breakdown/);
  });
});

describe('metrics import: the wrong file', () => {
  it('recognises a bulk-upload file of posts and points at `socialcal import`', () => {
    try {
      importWebAnalytics('Text,Image URL,Posting Time\nhello,,2027-01-01 10:00\n', 'buffer.csv');
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toBe('buffer.csv: this looks like a bulk-upload file of posts, not web analytics');
      expect((error as { hint: string }).hint).toMatch(/socialcal import/);
    }
  });

  it('lists the columns it found for any other CSV', () => {
    try {
      importWebAnalytics('a,b\n1,2\n', 'other.csv');
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toBe('other.csv: not a GA4 or Plausible export');
      expect((error as { hint: string }).hint).toContain('columns found: a, b');
    }
  });

  it('says an empty file has no rows', () => {
    expect(() => importWebAnalytics('', 'empty.csv')).toThrow('empty.csv: no rows');
  });
});

describe('analytics/web.csv', () => {
  const rows = importWebAnalytics(GA4, 'ga4.csv').rows;

  it('round-trips through its CSV form', () => {
    expect(parseWebRows(serializeWebRows(rows), 'analytics/web.csv')).toEqual(rows);
  });

  it('replaces rows with the same period and keys: importing twice changes nothing', () => {
    const once = mergeWebRows([], rows);
    expect(mergeWebRows(once, rows)).toEqual(once);
    const updated = mergeWebRows(once, [{ ...rows[0], sessions: 2000 }]);
    expect(updated).toHaveLength(3);
    expect(updated.find((r) => r.source === 'bluesky')?.sessions).toBe(2000);
  });

  it('locates a value damaged by hand', () => {
    const text = serializeWebRows(rows).replace('1204', 'many');
    expect(() => parseWebRows(text, 'analytics/web.csv')).toThrow('analytics/web.csv:row 2, column "sessions": "many" is not valid');
  });
});
