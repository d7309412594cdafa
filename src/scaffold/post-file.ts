import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { checkRepoWrite, describeRefusal, isSymlink } from '../calendar/repo-path.js';
import { wallParts } from '../calendar/time.js';
import { UsageError } from '../errors.js';
import { yamlFile } from './calendar.js';

// Where a new post file goes and how it is written: shared by `new`, `import` and `curate`.

/** `posts/YYYY/MM/<id>.yaml`, by the post's month in its zone. */
export function postPath(id: string, instant: Date, zone: string): string {
  const p = wallParts(instant, zone);
  return `posts/${p.year}/${String(p.month).padStart(2, '0')}/${id}.yaml`;
}

export interface PostFileRefusal {
  reason: 'outside' | 'exists';
  message: string;
}

/** Why a post file may not be written there (outside the repo, or already present); undefined when it may. */
export function postFileRefusal(root: string, path: string): PostFileRefusal | undefined {
  const checked = checkRepoWrite(root, path);
  if (!checked.ok) return { reason: 'outside', message: `cannot write ${path}: its folder ${describeRefusal(checked)}` };
  if (existsSync(checked.abs) || isSymlink(checked.abs)) return { reason: 'exists', message: `${path} already exists; not overwriting it` };
  return undefined;
}

/**
 * Writes a new post file; never overwrites one (`wx`, even when another process raced us).
 * `hints` says what the user can do about each refusal, in the words of the calling command.
 */
export function writePostFile(root: string, path: string, data: Record<string, unknown>, hints: Record<PostFileRefusal['reason'], string>): void {
  const refusal = postFileRefusal(root, path);
  if (refusal) throw new UsageError(refusal.message, hints[refusal.reason]);
  const checked = checkRepoWrite(root, path);
  if (!checked.ok) throw new UsageError(`cannot write ${path}`, hints.outside);
  mkdirSync(dirname(checked.abs), { recursive: true });
  writeFileSync(checked.abs, yamlFile('post', path, data), { flag: 'wx' });
}

/**
 * `base`, else `base-2`, `base-3`, … : the first id that neither a post (`taken`, which gets it
 * added) nor a file has, so the same input always gives the same ids.
 */
export function freePostId(root: string, base: string, taken: Set<string>, pathFor: (id: string) => string): { id: string } | { refusal: string } {
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}-${n}`;
    if (taken.has(id)) continue;
    const refusal = postFileRefusal(root, pathFor(id));
    if (refusal?.reason === 'outside') return { refusal: refusal.message };
    if (refusal) continue;
    taken.add(id);
    return { id };
  }
}
