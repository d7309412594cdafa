import { describe, expect, it } from 'vitest';
import { buildCalendar } from '../../src/calendar/load.js';
import { diffCalendars } from '../../src/plan/diff.js';
import { CONFIG, postYaml } from '../support/git-history.js';
import { memoryFiles } from './memory-files.js';

const calendar = (files: Record<string, string>) => {
  const { calendar, problems } = buildCalendar(memoryFiles({ 'socialcal.yaml': CONFIG, ...files }, { 'media/a.png': 10, 'media/b.png': 20 }));
  expect(problems).toEqual([]);
  return calendar!;
};

const post = (fields: Record<string, unknown> = {}) =>
  postYaml({ at: '2027-03-01 10:00', channels: ['bluesky'], text: 'Hello https://acme.example/x', ...fields });

describe('diffCalendars', () => {
  it('matches posts by id: a moved file is a change, not an add and a remove', () => {
    const d = diffCalendars(calendar({ 'posts/a.yaml': post() }), calendar({ 'posts/2027/a.yaml': post() }));
    expect(d.posts.map((p) => [p.id, p.kind, p.edits])).toEqual([['a', 'changed', ['file']]]);
  });

  it('names each part of a post that changed', () => {
    const base = calendar({
      'posts/a.yaml': post(),
      'posts/b.yaml': post({ media: [{ file: 'media/a.png', alt: 'A box' }] }),
      'posts/c.yaml': post({ thread: [{ text: 'one' }], tags: ['x', 'y'] }),
      'posts/gone.yaml': post(),
      'posts/same.yaml': post({ tags: ['y', 'x'] }),
    });
    const head = calendar({
      'posts/a.yaml': post({ at: '2027-03-02 11:00', text: 'Changed' }),
      'posts/b.yaml': post({ media: [{ file: 'media/a.png', alt: 'A closed box' }], channels: ['bluesky', 'mastodon'] }),
      'posts/c.yaml': post({ thread: [{ text: 'two' }], tags: ['x'], status: 'draft', overrides: { bluesky: { text: 'short' } } }),
      'posts/new.yaml': post(),
      'posts/same.yaml': post({ tags: ['x', 'y'] }),
    });
    const d = diffCalendars(base, head);
    expect(Object.fromEntries(d.posts.map((p) => [p.id, [p.kind, ...p.edits]]))).toEqual({
      a: ['changed', 'time', 'text'],
      b: ['changed', 'media', 'channels'],
      c: ['changed', 'thread', 'overrides', 'status', 'tags'],
      gone: ['removed'],
      new: ['added'],
    });
  });

  it('sees a final-text change that comes only from the campaign (UTM)', () => {
    const campaign = (source: string) => `name: Launch\nutm: { source: ${source} }\n`;
    const files = { 'posts/a.yaml': post({ campaign: 'launch' }) };
    const d = diffCalendars(
      calendar({ ...files, 'campaigns/launch.yaml': campaign('social') }),
      calendar({ ...files, 'campaigns/launch.yaml': campaign('newsletter') }),
    );
    expect(d.posts.map((p) => [p.id, p.edits])).toEqual([['a', ['rendered']]]);
    expect(d.campaigns).toEqual([{ id: 'launch', kind: 'changed', file: 'campaigns/launch.yaml', fields: ['utm'] }]);
  });

  it('lists config changes by area: rules, roles, blackouts, accounts', () => {
    const base = calendar({});
    const { calendar: head } = buildCalendar(
      memoryFiles({
        'socialcal.yaml': CONFIG.replace('  legal: [lee]\n', '  legal: [lee, kim]\n').replace('  linkedin: { platform: linkedin, author: "urn:li:organization:2414183" }\n', '') +
          'rules:\n  approval-required: error\nblackouts:\n  - { name: Earnings, from: 2027-01-25, to: 2027-01-29, tags: [promotional] }\n',
      }),
    );
    expect(diffCalendars(base, head!).config).toEqual([
      { area: 'accounts', name: 'linkedin', kind: 'removed', before: 'linkedin {"author":"urn:li:organization:2414183"}' },
      { area: 'roles', name: 'legal', kind: 'changed', before: 'lee', after: 'lee, kim' },
      { area: 'rules', name: 'approval-required', kind: 'added', after: 'error' },
      { area: 'blackouts', name: 'Earnings', kind: 'added', after: '2027-01-25 – 2027-01-29; tags promotional' },
    ]);
  });

  it('treats everything as added when there is no base calendar', () => {
    const d = diffCalendars(undefined, calendar({ 'posts/a.yaml': post() }));
    expect(d.posts.map((p) => p.kind)).toEqual(['added']);
    expect(d.config).toEqual([]);
  });
});
