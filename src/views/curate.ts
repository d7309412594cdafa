import type { CurateResult } from '../commands/curate.js';
import { plural } from '../words.js';
import { safeText } from './output.js';

// `curate` for a terminal: per feed, what was found and what became a draft.

export function curateText(result: CurateResult): string {
  let out = '';
  for (const feed of result.feeds) {
    const where = `feeds.${feed.feed} (${feed.url})`;
    if (feed.error) {
      out += `${safeText(where)}: error: ${safeText(feed.error)}\n  hint: the other feeds were still curated; fix the URL or try again later\n`;
      continue;
    }
    out += `${safeText(where)}: ${plural(feed.entries, 'entry', 'entries')}, ${plural(feed.drafts.length, 'new draft')}\n`;
    for (const d of feed.drafts) out += `  ${safeText(d.path)}  ${safeText(d.entry.title || d.entry.link)}\n`;
    for (const { draft, problems } of feed.findings) {
      for (const p of problems) out += `  ${safeText(draft.path)}: ${p.severity === 'error' ? 'error' : 'warning'}: ${safeText(p.message)}${p.rule ? ` (rule ${p.rule}; fix it in review)` : ''}\n`;
    }
    for (const { draft, problems } of feed.rejected) {
      for (const p of problems) out += `  ${safeText(draft.entry.link || draft.entry.key)}: error: not drafted: ${safeText(p.message)}${p.rule ? ` (rule ${p.rule})` : ''}\n`;
    }
  }
  const drafts = result.feeds.reduce((n, f) => n + f.drafts.length, 0);
  if (result.dryRun) out += `Dry run: ${plural(drafts, 'draft')} would be written.\n`;
  else if (drafts) out += `Wrote ${plural(drafts, 'draft')} and ${result.written.at(-1)}. Review them, then commit both.\n`;
  else out += 'No new entries.\n';
  return out;
}
