// Which post a ledger file is about. A post id names its ledger file forever: a new post that
// reuses the id of one that went out must not be taken for it (and silently never published).
import { createHash } from 'node:crypto';
import type { Post } from '../calendar/model.js';
import type { LedgerFile } from './ledger.js';

/** A short hash of what the post says (text and thread), recorded in its ledger file. */
export function contentHash(post: Pick<Post, 'text' | 'thread'>): string {
  return createHash('sha256')
    .update(JSON.stringify([post.text, ...post.thread.map((t) => t.text)]))
    .digest('hex')
    .slice(0, 16);
}

/**
 * Undefined when the ledger file is about this post, else what the ledger recorded instead.
 * The same post has the same time, and the same file or the same content (a file can move, and
 * text can be edited, but not both along with the time). Only a record of something that went
 * out (or may have) counts: an entry without any posted item says nothing about identity.
 */
export function recordedElsewhere(post: Post, file: LedgerFile): string | undefined {
  if (!file.at) return undefined;
  const wentOut = Object.values(file.accounts).filter((e) => ['published', 'claimed', 'unknown'].includes(e.state) || e.items.some((i) => i.id));
  if (wentOut.length === 0) return undefined;
  const sameTime = file.at.getTime() === post.at.getTime();
  const sameFile = file.file === undefined || file.file === post.file;
  const sameContent = file.hash === undefined || file.hash === contentHash(post);
  if (sameTime && (sameFile || sameContent)) return undefined;
  const accounts = Object.entries(file.accounts).filter(([, e]) => wentOut.includes(e)).map(([name, e]) => `${name} (${e.state})`);
  return `the ledger's record of id "${file.post}" is another post: due ${file.at.toISOString()}${file.file ? ` in ${file.file}` : ''}, on ${accounts.join(', ')}`;
}
