import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadCalendar } from '../../src/calendar/load.js';
import { CATALOGUE } from '../../src/calendar/problems.js';

// examples/broken shows every class of loader error; each file fails for the reason its name gives.

const BROKEN = join(import.meta.dirname, '../../examples/broken');

const expected: Record<string, string> = {
  'campaigns/backwards.yaml': 'date-order',
  'campaigns/boost-unknown-post.yaml': 'ref-post',
  'campaigns/boost-wrong-account.yaml': 'boost-account',
  'campaigns/kpi-unnamed.yaml': 'kpi-unnamed',
  'posts/alias-bomb.yaml': 'yaml-alias-limit',
  'posts/bad-repeat.yaml': 'repeat-invalid',
  'posts/bad-status.yaml': 'field-invalid',
  'posts/bad-offset.yaml': 'time-offset',
  'posts/bad-time.yaml': 'time-format',
  'posts/bad-zone.yaml': 'time-zone',
  'posts/dst-ambiguous.yaml': 'time-ambiguous',
  'posts/dst-gap.yaml': 'time-gap',
  'posts/duplicate-id-b.yaml': 'id-duplicate',
  'posts/duplicate-key.yaml': 'yaml-duplicate-key',
  'posts/empty.yaml': 'file-empty',
  'posts/evergreen-no-queue.yaml': 'evergreen-invalid',
  'posts/fifth-monday.yaml': 'repeat-skips',
  'posts/media-missing.yaml': 'media-missing',
  'posts/media-outside.yaml': 'media-outside',
  'posts/media-in-git.yaml': 'media-in-git',
  'posts/media-content.yaml': 'media-content',
  'posts/missing-text.yaml': 'field-required',
  'posts/next-slot-no-queue.yaml': 'queue-unnamed',
  'posts/not-utf8.yaml': 'file-encoding',
  'posts/queue-and-at.yaml': 'queue-and-at',
  'posts/stagger-no-unit.yaml': 'stagger-invalid',
  'posts/stagger-one-channel.yaml': 'stagger-single',
  'posts/stagger-wrong-account.yaml': 'stagger-account',
  'posts/stray-override.yaml': 'ref-override',
  'posts/time-out-of-range.yaml': 'time-range',
  'posts/unknown-account.yaml': 'ref-account',
  'posts/unknown-campaign.yaml': 'ref-campaign',
  'posts/unknown-field.yaml': 'field-unknown',
  'posts/unknown-milestone.yaml': 'time-milestone',
  'posts/unknown-pillar.yaml': 'ref-pillar',
  'posts/unknown-queue.yaml': 'ref-queue',
  'socialcal.yaml': 'queue-no-slots',
  'posts/wrong-type.yaml': 'field-type',
  'posts/yaml-syntax.yaml': 'yaml-syntax',
};

describe('examples/broken', () => {
  const { problems } = loadCalendar(BROKEN);

  it.each(Object.entries(expected))('%s fails with %s', (file, code) => {
    expect(problems.filter((p) => p.file === file).map((p) => p.code)).toContain(code);
  });

  it('shows every loader error class that a calendar with a valid config can have', () => {
    const shown = new Set(problems.map((p) => p.code));
    // Config-level and file-system classes are covered by the loader's own table test (and
    // test/security/repo-paths.test.ts: symlinks into .git and FIFOs cannot be committed here).
    const elsewhere = new Set(['config-missing', 'file-too-large', 'file-outside', 'yaml-not-map', 'id-invalid', 'file-in-git', 'file-not-regular', 'media-not-regular']);
    // queue-unplaced comes from scheduling, not loading: test/schedule.
    elsewhere.add('queue-unplaced');
    for (const code of Object.keys(CATALOGUE)) {
      // rule-* codes come from the rule engine (config of rules), tested with the rules.
      // publish-* codes need a ledger or the adapter registry, tested with publish.
      if (!elsewhere.has(code) && !code.startsWith('rule-') && !code.startsWith('publish-')) expect(shown, code).toContain(code);
    }
  });
});
