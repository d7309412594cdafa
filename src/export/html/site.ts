import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Calendar } from '../../calendar/model.js';
import { renderPage } from './page.js';
import { sitePath, type SiteData } from './data.js';

// Writes the static site: index.html, the referenced media under assets/, and .nojekyll so
// GitHub Pages serves the folder as it is.

export interface WrittenSite {
  dir: string;
  files: string[];
}

export function writeSite(calendar: Calendar, data: SiteData, dir: string): WrittenSite {
  mkdirSync(dir, { recursive: true });
  const files = ['index.html', '.nojekyll'];
  writeFileSync(join(dir, 'index.html'), renderPage(data));
  writeFileSync(join(dir, '.nojekyll'), '');
  const media = new Set<string>();
  for (const post of data.posts) for (const a of post.detail.accounts) for (const item of a.items) for (const m of item.media) if (m.exists) media.add(m.file);
  for (const post of calendar.posts) {
    for (const ref of [...post.media, ...post.thread.flatMap((t) => t.media), ...Object.values(post.overrides).flatMap((o) => [...(o.media ?? []), ...(o.thread ?? []).flatMap((t) => t.media)])]) {
      if (!ref.exists || !media.has(sitePath(ref.file))) continue;
      const target = join(dir, sitePath(ref.file));
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(join(calendar.root, ref.file), target);
      files.push(sitePath(ref.file));
      media.delete(sitePath(ref.file));
    }
  }
  return { dir, files };
}
