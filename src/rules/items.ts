import type { FieldPath, PlatformId, Post } from '../calendar/model.js';
import type { RenderedItem, RenderedPost } from '../calendar/render.js';
import type { RuleContext } from './types.js';

// Walking the content of posts: what each account gets, or each source field once.

/** Calls `fn` for every item (main post, thread items) every account of every post gets, as written. */
export function eachWrittenItem(ctx: RuleContext, fn: (post: Post, item: RenderedItem, platform: PlatformId) => void): void {
  for (const post of ctx.calendar.posts) {
    for (const r of ctx.asWritten(post)) {
      for (const item of r.items) fn(post, item, r.account.platform);
    }
  }
}

/**
 * Each text item accounts get, once per source field, as written (before campaign UTM parameters,
 * which only touch links): for rules that look for words, not at the final length.
 */
export function distinctItems(written: RenderedPost[]): { text: string; path: FieldPath; accounts: string[] }[] {
  const byPath = new Map<string, { text: string; path: FieldPath; accounts: string[] }>();
  for (const r of written) {
    for (const item of r.items) {
      const key = item.path.join('.');
      const found = byPath.get(key);
      if (found) found.accounts.push(r.account.name);
      else byPath.set(key, { text: item.text, path: item.path, accounts: [r.account.name] });
    }
  }
  return [...byPath.values()];
}
