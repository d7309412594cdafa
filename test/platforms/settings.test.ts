import { afterAll, describe, expect, it } from 'vitest';
import { loadCalendar } from '../../src/calendar/load.js';
import { settings as facebook } from '../../src/platforms/settings/facebook.js';
import { settings as instagram } from '../../src/platforms/settings/instagram.js';
import { settings as threads } from '../../src/platforms/settings/threads.js';
import { calendarDir, removeDir } from '../support/calendar-dir.js';

// Typed account settings of the Meta platforms: a missing or wrong setting is reported by
// `check` at socialcal.yaml:line with the field path, not by the first publish run.

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

function configProblems(accounts: string) {
  const dir = calendarDir({ 'socialcal.yaml': `timezone: Europe/Berlin\naccounts:\n${accounts}` }, { base: false });
  dirs.push(dir);
  return loadCalendar(dir).problems.map((p) => ({ code: p.code, line: p.line, path: p.path, message: p.message }));
}

describe('Meta account settings schemas', () => {
  it('accept complete settings and turn numeric ids into strings', () => {
    expect(threads.parse({ platform: 'threads', userId: 1789, mediaBaseUrl: 'https://acme.example/cal/' }).userId).toBe('1789');
    expect(instagram.parse({ platform: 'instagram', userId: '1784', handle: 'acme' }).userId).toBe('1784');
    expect(facebook.parse({ platform: 'facebook', pageId: '1045', apiVersion: 'v23.0' }).pageId).toBe('1045');
  });

  it.each([
    ['threads without userId', threads, { platform: 'threads' }, 'userId'],
    ['instagram with a handle as userId', instagram, { platform: 'instagram', userId: '@acme' }, 'userId'],
    ['facebook without pageId', facebook, { platform: 'facebook', page: '1045' }, 'pageId'],
    ['a relative mediaBaseUrl', threads, { platform: 'threads', userId: '1', mediaBaseUrl: 'media/' }, 'mediaBaseUrl'],
    ['an API version without v', facebook, { platform: 'facebook', pageId: '1', apiVersion: '23.0' }, 'apiVersion'],
  ])('reject %s with the field path', (_name, schema, input, path) => {
    const result = schema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});

describe('check reports Meta settings at socialcal.yaml:line', () => {
  it('a missing page id', () => {
    expect(configProblems('  shop:\n    platform: facebook\n    handle: acme\n')).toEqual([
      expect.objectContaining({ code: 'field-required', line: 4, path: 'accounts.shop.pageId', message: 'missing required field "pageId"' }),
    ]);
  });

  it('a missing Threads user id', () => {
    expect(configProblems('  bluesky: { platform: bluesky }\n  thr:\n    platform: threads\n')).toEqual([
      expect.objectContaining({ code: 'field-required', line: 5, path: 'accounts.thr.userId' }),
    ]);
  });

  it('a misspelt setting (a typo, not silently ignored)', () => {
    const problems = configProblems('  ig:\n    platform: instagram\n    userId: "1784"\n    mediaBaseURL: https://acme.example/\n');
    expect(problems).toEqual([expect.objectContaining({ code: 'field-unknown', line: 6, path: 'accounts.ig.mediaBaseURL' })]);
  });

  it('an Instagram user id that is a handle', () => {
    const problems = configProblems('  ig:\n    platform: instagram\n    userId: "@acme"\n');
    expect(problems).toEqual([expect.objectContaining({ code: 'field-invalid', line: 5, path: 'accounts.ig.userId', message: expect.stringContaining('digits only') })]);
  });

  it('complete settings load without problems', () => {
    expect(configProblems('  ig: { platform: instagram, userId: "1784", mediaBaseUrl: "https://acme.example/" }\n  fb: { platform: facebook, pageId: 1045 }\n')).toEqual([]);
  });
});
