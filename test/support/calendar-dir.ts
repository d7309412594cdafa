import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// Writes a calendar repository into a temp dir. Values: text, bytes, or { symlink: target }.

export type FileSpec = string | Uint8Array | { symlink: string };

export const BASE_CONFIG = `timezone: Europe/Berlin
accounts:
  bluesky: { platform: bluesky, handle: acme.bsky.social }
  mastodon: { platform: mastodon, server: https://fosstodon.org }
  linkedin: { platform: linkedin, author: "urn:li:organization:2414183" }
pillars: [education, promotion]
`;

export const BASE_CAMPAIGN = `name: Spring launch
starts: 2027-03-01
ends: 2027-03-31
milestones:
  launch: 2027-03-10 10:00
`;

export const BASE_POST = `at: 2027-03-08 10:00
channels: [bluesky, mastodon]
campaign: spring
text: Something big lands on March 10
`;

export function calendarDir(files: Record<string, FileSpec>, opts: { base?: boolean } = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'socialcal-'));
  const all: Record<string, FileSpec> =
    opts.base === false
      ? files
      : {
          'socialcal.yaml': BASE_CONFIG,
          'campaigns/spring.yaml': BASE_CAMPAIGN,
          'posts/2027/03/teaser.yaml': BASE_POST,
          ...files,
        };
  for (const [path, content] of Object.entries(all)) {
    const target = join(root, path);
    mkdirSync(dirname(target), { recursive: true });
    if (typeof content === 'object' && 'symlink' in content) symlinkSync(content.symlink, target);
    else writeFileSync(target, content);
  }
  return root;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
