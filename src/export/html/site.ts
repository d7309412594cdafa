import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Calendar } from '../../calendar/model.js';
import { checkRepoPath, readRegularFile } from '../../calendar/repo-path.js';
import { renderPage } from './page.js';
import { monthFiles, sitePath, siteParts, type MonthFiles, type SiteData, type SiteParts } from './data.js';

// Writes the static site: index.html, each month's posts under data/, the referenced media under
// assets/, and .nojekyll so GitHub Pages serves the folder as it is.

export interface WrittenSite {
  dir: string;
  files: string[];
}

const MAX_SITE_MEDIA_BYTES = 512 * 1024 * 1024;

/**
 * `data`: the site's data (siteData), or its months built one at a time (siteMonths): each
 * month's files are written before the next month is built.
 */
export function writeSite(calendar: Calendar, data: SiteData | SiteParts, dir: string, opts: { reportLink?: boolean } = {}): WrittenSite {
  mkdirSync(dir, { recursive: true });
  const parts = 'posts' in data ? siteParts(data) : data;
  const files = ['index.html', '.nojekyll'];
  // Files of an earlier export's other months may stay: index.html no longer names them, and
  // the folder may be the user's own (-o .), so nothing in it is deleted.
  mkdirSync(join(dir, 'data'), { recursive: true });
  const months: Record<string, MonthFiles> = {};
  const media = new Set<string>();
  for (const [month, list] of parts.months) {
    const written = monthFiles(month, list);
    months[month] = written.entry;
    for (const [path, text] of [[written.entry.posts, written.posts], [written.entry.details, written.details]]) {
      writeFileSync(join(dir, path), text);
      files.push(path);
    }
    for (const post of list) for (const a of post.detail.accounts) for (const item of a.items) for (const m of item.media) if (m.exists) media.add(m.file);
  }
  writeFileSync(join(dir, 'index.html'), renderPage({ ...parts.index, months }, opts));
  writeFileSync(join(dir, '.nojekyll'), '');
  for (const post of calendar.posts) {
    if (media.size === 0) break;
    for (const ref of [...post.media, ...post.thread.flatMap((t) => t.media), ...Object.values(post.overrides).flatMap((o) => [...(o.media ?? []), ...(o.thread ?? []).flatMap((t) => t.media)])]) {
      if (!ref.exists || !media.has(sitePath(ref.file))) continue;
      // Checked again at copy time: the site is public, and the file may have changed since loading.
      const checked = checkRepoPath(calendar.root, ref.file);
      const read = checked.ok ? readRegularFile(checked.abs, MAX_SITE_MEDIA_BYTES) : undefined;
      if (!read || !('bytes' in read)) continue;
      const target = join(dir, sitePath(ref.file));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, read.bytes);
      files.push(sitePath(ref.file));
      media.delete(sitePath(ref.file));
    }
  }
  return { dir, files };
}
