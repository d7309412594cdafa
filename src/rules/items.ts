import type { FieldPath, PlatformId, Post } from '../calendar/model.js';
import type { RenderedItem, RenderedPost } from '../calendar/render.js';
import type { RuleContext } from './types.js';

// Walking the content of posts: what each account gets, or each source field once.

/** Calls `fn` for every item (main post, thread items) every account of every post gets. */
export function eachRenderedItem(ctx: RuleContext, fn: (post: Post, item: RenderedItem, platform: PlatformId) => void): void {
  for (const post of ctx.calendar.posts) {
    for (const r of ctx.rendered(post)) {
      for (const item of r.items) fn(post, item, r.account.platform);
    }
  }
}

/**
 * Each text item accounts get, once per source field, as written (before campaign UTM parameters,
 * which only touch links): for rules that look for words, not at the final length.
 */
export function distinctItems(renders: RenderedPost[]): { text: string; path: FieldPath; accounts: string[] }[] {
  const byPath = new Map<string, { text: string; path: FieldPath; accounts: string[] }>();
  for (const r of renders) {
    for (const item of r.items) {
      const key = item.path.join('.');
      const found = byPath.get(key);
      if (found) found.accounts.push(r.account.name);
      else byPath.set(key, { text: textAt(r.post, item.path) ?? item.text, path: item.path, accounts: [r.account.name] });
    }
  }
  return [...byPath.values()];
}

/** The text a post file holds at `path` (text, thread[i].text, overrides.<key>.text, …). */
export function textAt(post: Post, path: FieldPath): string | undefined {
  let node: unknown = post;
  for (const part of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}
