import { describe, expect, it } from 'vitest';
import { formatDay } from '../../src/calendar/time.js';
import { zoneOffsets } from '../../src/export/html/data.js';

// The site tells today's date from the offsets the export wrote: they must give the same civil
// day as the calendar's own time handling, across every change in the span.

const dayFrom = (table: ReturnType<typeof zoneOffsets>, instant: number) => {
  let offset = table.changes[0][1];
  for (const [from, o] of table.changes) if (from <= instant) offset = o;
  return new Date(instant + offset).toISOString().slice(0, 10);
};

describe('zoneOffsets', () => {
  for (const zone of ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'UTC']) {
    it(`gives the civil day in ${zone} at every quarter hour around its changes`, () => {
      const from = Date.parse('2026-06-01T00:00:00Z');
      const until = Date.parse('2029-06-01T00:00:00Z');
      const table = zoneOffsets(zone, from, until);
      expect(table.until).toBe(until);
      // Zones with daylight saving change twice a year: about six changes in three years.
      expect(table.changes.length).toBe(zone === 'UTC' || zone === 'Asia/Kathmandu' ? 1 : 7);
      for (const [at] of table.changes.slice(1)) {
        for (let t = at - 3 * 3_600_000; t < at + 3 * 3_600_000; t += 900_000) expect(dayFrom(table, t)).toBe(formatDay(new Date(t), zone));
      }
      for (let t = from; t < until; t += 7 * 3_600_000 + 13 * 60_000) expect(dayFrom(table, t)).toBe(formatDay(new Date(t), zone));
    });
  }
});
