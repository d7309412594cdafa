// What an adapter is handed: the rendered items (overrides and UTM applied) with media resolved.
import { join } from 'node:path';
import type { Calendar, Post } from '../calendar/model.js';
import { renderForAccount } from '../calendar/render.js';
import { mimeOf } from '../platforms/limits.js';
import type { OutgoingItem } from '../platforms/types.js';

export function outgoingItems(calendar: Calendar, post: Post, accountName: string): OutgoingItem[] {
  const account = calendar.config.accounts[accountName];
  const rendered = renderForAccount(post, account, calendar);
  return rendered.items.map((item, i) => ({
    text: item.text,
    media: item.media.map((m) => ({ file: m.file, absPath: join(calendar.root, m.file), ...(m.alt !== undefined ? { alt: m.alt } : {}), mime: mimeOf(m.file) ?? 'application/octet-stream' })),
    ...(post.langs ? { langs: post.langs } : {}),
    // A link card belongs to the post itself, not to its replies.
    ...(i === 0 && post.card ? { card: post.card } : {}),
    // `reply_to:` makes the first item a reply; the rest of a thread follows it as usual.
    ...(i === 0 && post.replyTo ? { replyTo: post.replyTo } : {}),
  }));
}
