import { afterAll, describe, expect, it } from 'vitest';
import { calendarDir, removeDir } from '../support/calendar-dir.js';
import { plan } from './support.js';

// The calendar: Europe/Berlin; accounts bluesky (acme.bsky.social), mastodon, linkedin; campaign spring.
const root = calendarDir({ 'media/a.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) });
afterAll(() => removeDir(root));

describe('import csv: Hootsuite bulk CSV (headerless: date, message, link)', () => {
  it('reads day/month order from --date-order, adds the link to the text and takes channels from --channels', () => {
    const result = plan(root, '05/04/2027 10:00,Spring is here,https://acme.example/spring\n06/04/2027 14:30,"Two lines\nof text",\n', { dateOrder: 'dmy', channels: ['bluesky', 'mastodon'] });
    expect(result.errors).toEqual([]);
    expect(result.shape).toBe('hootsuite');
    expect(result.posts).toEqual([
      { id: 'spring-is-here', path: 'posts/2027/04/spring-is-here.yaml', rows: [1], data: { at: '2027-04-05 10:00', channels: ['bluesky', 'mastodon'], text: 'Spring is here https://acme.example/spring', status: 'draft' } },
      { id: 'two-lines-of-text', path: 'posts/2027/04/two-lines-of-text.yaml', rows: [2], data: { at: '2027-04-06 14:30', channels: ['bluesky', 'mastodon'], text: 'Two lines\nof text', status: 'draft' } },
    ]);
  });

  it('refuses dates that could be either order without --date-order, and infers it when one date shows it', () => {
    const ambiguous = plan(root, '05/04/2027 10:00,One\n06/04/2027 10:00,Two\n', { channels: ['bluesky'] });
    expect(ambiguous.posts).toEqual([]);
    expect(ambiguous.errors[0]).toEqual({ row: 1, column: 'date', message: '"05/04/2027 10:00" could be day/month or month/day', hint: 'say which with --date-order dmy (20/01/2027) or --date-order mdy (01/20/2027)' });
    const shown = plan(root, '05/04/2027 10:00,One\n25/04/2027 10:00,Two\n', { channels: ['bluesky'] });
    expect(shown.errors).toEqual([]);
    expect(shown.posts.map((p) => p.data.at)).toEqual(['2027-04-05 10:00', '2027-04-25 10:00']);
  });

  it('a date in the wrong order for --date-order is a located error that suggests the other order', () => {
    const result = plan(root, '04/05/2027 10:00,One\n04/25/2027 10:00,Two\n', { dateOrder: 'dmy', channels: ['bluesky'] });
    expect(result.errors).toEqual([{ row: 2, column: 'date', message: '"04/25/2027 10:00" is not a date in day/month/year order', hint: 'is the sheet in the other order? try --date-order mdy' }]);
    expect(result.invalidRows).toEqual([2]);
    expect(result.posts).toHaveLength(1);
  });

  it('without a channel column or --channels every row is an error', () => {
    const result = plan(root, '2027-04-05 10:00,One\n');
    expect(result.errors).toEqual([{ row: 1, message: 'no channel for this row', hint: 'fill the channel column, or give --channels <accounts> for rows without one' }]);
  });
});

describe('import csv: named columns (Buffer / Later style)', () => {
  it('maps the documented aliases; handles stand for accounts; repo paths become media, web addresses go to notes', () => {
    const csv = [
      'Caption;Posting Time;Profile;Labels;Image URL;Alt text;Campaign;Pillar',
      'Hello from the sheet;2027-03-09 09:00;@acme.bsky.social, mastodon;tips, product;media/a.png;A chart;spring;education',
      'With a remote image;2027-03-09 12:00;linkedin;;https://cdn.example/x.png;;;',
    ].join('\r\n');
    const result = plan(root, csv);
    expect(result.errors).toEqual([]);
    expect(result.shape).toBe('columns');
    expect(result.posts.map((p) => p.data)).toEqual([
      { at: '2027-03-09 09:00', channels: ['bluesky', 'mastodon'], campaign: 'spring', pillar: 'education', tags: ['tips', 'product'], text: 'Hello from the sheet', media: [{ file: 'media/a.png', alt: 'A chart' }], status: 'draft' },
      { at: '2027-03-09 12:00', channels: ['linkedin'], text: 'With a remote image', status: 'draft', notes: 'Media from the sheet (download into media/ and list it under media:):\n- https://cdn.example/x.png' },
    ]);
  });

  it('separate date and time columns, Excel serial dates and the sheet zone (--zone)', () => {
    const result = plan(root, 'text,date,time,channel\nSplit,2027-03-09,09:00,bluesky\nSerial,46457.75,,bluesky\n', { zone: 'America/New_York' });
    expect(result.errors).toEqual([]);
    expect(result.posts.map((p) => [p.data.at, p.data.timezone])).toEqual([
      ['2027-03-09 09:00', 'America/New_York'],
      ['2027-03-11 18:00', 'America/New_York'],
    ]);
  });

  it('a header typo stops the import with a did-you-mean, before any row is read', () => {
    const result = plan(root, 'txet,date,chanel\nHello,2027-03-09 09:00,bluesky\n');
    expect(result.posts).toEqual([]);
    expect(result.errors).toEqual([
      { row: 1, column: 'txet', message: 'unknown column "txet" (did you mean "text"?)', hint: 'rename it to one of the columns in docs/import.md, or delete the column' },
      { row: 1, column: 'chanel', message: 'unknown column "chanel" (did you mean "channel"?)', hint: 'rename it to one of the columns in docs/import.md, or delete the column' },
      { row: 1, message: 'no text column', hint: 'name the post text column text, message, caption or content' },
    ]);
  });

  it('a wrong separator shows as one column holding all names', () => {
    const result = plan(root, 'text|date|channel\nHello|2027-03-09 09:00|bluesky\n');
    expect(result.errors[0]).toMatchObject({ row: 1, column: 'text|date|channel', message: 'unknown column "text|date|channel"' });
    expect(result.errors[0].hint).toMatch(/several column names in one/);
  });

  it('an unknown account gets the loader\'s did-you-mean, located at the channel column', () => {
    const result = plan(root, 'text,date,channel\nHello,2027-03-09 09:00,blueksy\n');
    expect(result.posts).toEqual([]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ row: 2, column: 'channel' });
    expect(result.errors[0].message).toMatch(/blueksy/);
    expect(`${result.errors[0].message} ${result.errors[0].hint}`).toMatch(/did you mean "bluesky"/);
  });

  it('a time in the DST gap is refused as everywhere else; the repeated hour needs an offset', () => {
    const result = plan(root, 'text,date,channel\nGap,2027-03-28 02:30,bluesky\nOverlap,2027-10-31 02:30,bluesky\nFine,2027-10-31 02:30+01:00,bluesky\n');
    expect(result.errors.map((e) => [e.row, e.column])).toEqual([
      [2, 'date'],
      [3, 'date'],
    ]);
    expect(result.errors[0].message).toMatch(/does not exist/);
    expect(result.errors[1].message).toMatch(/ambiguous|twice/);
    expect(result.posts.map((p) => p.id)).toEqual(['fine']);
  });

  it('rules run on the would-be posts: a text too long for Bluesky is an error at the text column', () => {
    const result = plan(root, `text,date,channel\n"${'x'.repeat(301)}",2027-03-09 09:00,bluesky\n`);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ row: 2, column: 'text' });
    expect(result.errors[0].message).toMatch(/rule max-length/);
  });

  it('ids come from the text, deterministically; repeats and existing posts get -2, -3', () => {
    const csv = 'text,date,channel\nSmall news from the sheet today,2027-03-09 09:00,bluesky\nTeaser!,2027-03-09 12:00,bluesky\nTeaser?,2027-03-09 15:00,bluesky\n';
    const first = plan(root, csv);
    expect(first.errors).toEqual([]);
    expect(first.posts.map((p) => p.path)).toEqual(['posts/2027/03/small-news-from-the-sheet.yaml', 'posts/2027/03/teaser-2.yaml', 'posts/2027/03/teaser-3.yaml']);
    expect(plan(root, csv).posts).toEqual(first.posts);
  });

  it('an id column that repeats within the sheet is refused, never overwritten', () => {
    const result = plan(root, 'id,text,date,channel\nsame,One,2027-03-09 09:00,bluesky\nsame,Two,2027-03-09 12:00,bluesky\nteaser,Three,2027-03-09 15:00,bluesky\n');
    expect(result.errors.map((e) => [e.row, e.column, e.message])).toEqual([
      [3, 'id', 'id "same" is used twice in this import'],
      [4, 'id', 'a post with id "teaser" exists: posts/2027/03/teaser.yaml'],
    ]);
  });
});
