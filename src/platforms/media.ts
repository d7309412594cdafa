// Reading media files for upload, and image dimensions where the header gives them cheaply.
import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { checkRepoPath, describeRefusal, readRegularFile } from '../calendar/repo-path.js';
import { contentMatches, mimeOf, sniffMediaType } from './media-type.js';
import { PlatformError } from './types.js';

/** Larger than any platform takes (videos included); guards memory, not platform limits. */
const MAX_MEDIA_BYTES = 512 * 1024 * 1024;

/**
 * Reads a media file for upload. With the calendar `root` (as publishing always passes), the
 * path must stay inside it and out of git's files; in every case it must be a regular file
 * whose content is the image or video its name says. Refusals are `invalid` (retrying will not help).
 */
export async function readMedia(file: string, absPath: string | undefined, root: string | undefined): Promise<Uint8Array> {
  const refuse = (why: string) => new PlatformError('invalid', `media ${file}: ${why}; check the path in the post`);
  let path = absPath && isAbsolute(absPath) ? absPath : resolve(root ?? process.cwd(), absPath ?? file);
  if (root !== undefined) {
    let realRoot: string;
    try {
      realRoot = realpathSync(root);
    } catch {
      throw refuse(`the calendar folder ${root} cannot be read`);
    }
    const checked = checkRepoPath(realRoot, absPath ? relative(root, path) : file);
    if (!checked.ok) throw refuse(checked.reason === 'missing' ? 'cannot read the file (ENOENT)' : `the path ${describeRefusal(checked)}`);
    path = checked.abs;
  }
  const read = readRegularFile(path, MAX_MEDIA_BYTES);
  if ('missing' in read) throw refuse('cannot read the file (ENOENT)');
  if ('notAFile' in read) throw refuse(`the path is ${read.notAFile}, not a regular file`);
  if ('tooLarge' in read) throw refuse(`the file is ${read.tooLarge} bytes, more than any platform takes`);
  const named = mimeOf(file);
  if (named ? !contentMatches(named, read.bytes.subarray(0, 32)) : !sniffMediaType(read.bytes.subarray(0, 32))) {
    throw refuse(`the content is not ${named ?? 'an image or video'}`);
  }
  return read.bytes;
}

/** Width and height from a PNG or JPEG header; undefined for other formats or a damaged header. */
export function imageSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // PNG: signature, then the IHDR chunk with width and height at bytes 16 and 20.
  if (bytes.length >= 24 && view.getUint32(0) === 0x89504e47 && view.getUint32(12) === 0x49484452) {
    return positive(view.getUint32(16), view.getUint32(20));
  }
  // JPEG: walk the marker segments to the first start-of-frame.
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    let at = 2;
    while (at + 9 < bytes.length) {
      if (bytes[at] !== 0xff) return undefined;
      const marker = bytes[at + 1];
      if (marker === 0xff) {
        at++;
        continue;
      }
      const length = view.getUint16(at + 2);
      const isStartOfFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
      if (isStartOfFrame) return positive(view.getUint16(at + 7), view.getUint16(at + 5));
      at += 2 + length;
    }
  }
  return undefined;
}

function positive(width: number, height: number) {
  return width > 0 && height > 0 ? { width, height } : undefined;
}
