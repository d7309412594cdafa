import type { Post } from '../../calendar/model.js';

// The `/` search of the interactive calendar: words must all match; `#tag`, `@account` and
// `campaign:id` select by field, anything else matches the id, text or campaign.

export function searchPredicate(query: string): ((post: Post) => boolean) | undefined {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return undefined;
  return (post) =>
    words.every((word) => {
      if (word.startsWith('#')) return post.tags.some((t) => t.toLowerCase() === word.slice(1));
      if (word.startsWith('@')) return post.channels.some((c) => c.toLowerCase() === word.slice(1));
      if (word.startsWith('campaign:')) return post.campaign?.toLowerCase() === word.slice('campaign:'.length);
      return post.id.toLowerCase().includes(word) || post.text.toLowerCase().includes(word) || (post.campaign?.toLowerCase().includes(word) ?? false);
    });
}
