import { afterEach, describe, expect, it } from 'vitest';
import { loadCalendar } from '../../src/calendar/load.js';
import { movePost } from '../../src/serve/move.js';
import { calendarDir, removeDir } from '../support/calendar-dir.js';

// Where a dragged post lands, in the words the file will hold.

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach(removeDir));

function calendarWith(post: string) {
  const dir = calendarDir({ 'posts/2027/03/p.yaml': post });
  dirs.push(dir);
  const { calendar, problems } = loadCalendar(dir);
  expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  return { calendar: calendar!, post: calendar!.postsById.get('p')! };
}

const plain = 'at: 2027-03-08 10:00\nchannels: [bluesky]\ntext: hi\n';

describe('movePost', () => {
  it('keeps the time of day when dropped on another day', () => {
    const { calendar, post } = calendarWith(plain);
    expect(movePost(calendar, post, { day: '2027-03-11' })).toEqual({ ok: true, at: '2027-03-11 10:00', local: '2027-03-11 10:00' });
  });

  it('takes the hour given by the week view', () => {
    const { calendar, post } = calendarWith(plain);
    expect(movePost(calendar, post, { day: '2027-03-09', time: '14:30' })).toMatchObject({ ok: true, at: '2027-03-09 14:30' });
  });

  it('refuses a time the clocks skip, with the message check gives', () => {
    const { calendar, post } = calendarWith(plain);
    expect(movePost(calendar, post, { day: '2027-03-28', time: '02:30' })).toEqual({
      ok: false,
      reason: 'time',
      message: '2027-03-28 02:30 does not exist in Europe/Berlin: the clocks skip it (daylight saving starts)',
      hint: 'use 2027-03-28 03:30 instead, or another time',
    });
  });

  it('refuses a time the clocks repeat', () => {
    const { calendar, post } = calendarWith(plain);
    const r = movePost(calendar, post, { day: '2027-10-31', time: '02:30' });
    expect(r).toMatchObject({ ok: false, reason: 'time' });
    expect(r.ok === false && r.message).toBe('2027-10-31 02:30 happens twice in Europe/Berlin (daylight saving ends)');
  });

  it('refuses a malformed day instead of writing it', () => {
    const { calendar, post } = calendarWith(plain);
    expect(movePost(calendar, post, { day: '2027-3-1' })).toMatchObject({ ok: false, reason: 'time' });
    expect(movePost(calendar, post, { day: '2027-03-01', time: '9:00' })).toMatchObject({ ok: false, reason: 'time' });
  });

  it('keeps a milestone-relative time relative when the move is whole days or hours', () => {
    const { calendar, post } = calendarWith('at: launch - 2d\ncampaign: spring\nchannels: [bluesky]\ntext: hi\n');
    expect(movePost(calendar, post, { day: '2027-03-07' })).toMatchObject({ ok: true, at: 'launch - 3d' });
    expect(movePost(calendar, post, { day: '2027-03-11' })).toMatchObject({ ok: true, at: 'launch + 1d' });
    expect(movePost(calendar, post, { day: '2027-03-10' })).toMatchObject({ ok: true, at: 'launch' });
    expect(movePost(calendar, post, { day: '2027-03-08', time: '14:00' })).toMatchObject({ ok: true, at: 'launch - 44h' });
  });

  it('asks before turning a relative time into a fixed one, and writes the fixed one when told', () => {
    const { calendar, post } = calendarWith('at: launch - 2d\ncampaign: spring\nchannels: [bluesky]\ntext: hi\n');
    const asked = movePost(calendar, post, { day: '2027-03-08', time: '10:30' });
    expect(asked).toMatchObject({ ok: false, reason: 'relative', milestone: 'launch', absolute: '2027-03-08 10:30' });
    expect(movePost(calendar, post, { day: '2027-03-08', time: '10:30', absolute: true })).toMatchObject({ ok: true, at: '2027-03-08 10:30' });
  });

  it('writes the time in the post\'s own zone when it differs from the calendar\'s', () => {
    const { calendar, post } = calendarWith('at: 2027-03-08 09:00\ntimezone: Europe/London\nchannels: [bluesky]\ntext: hi\n');
    // 09:00 London is 10:00 Berlin: dropped on the 9th at 15:00 Berlin time → 14:00 London.
    expect(movePost(calendar, post, { day: '2027-03-09', time: '15:00' })).toEqual({ ok: true, at: '2027-03-09 14:00', local: '2027-03-09 15:00' });
  });
});
