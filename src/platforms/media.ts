// Reading media files for upload, and image dimensions where the header gives them cheaply.
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { PlatformError } from './types.js';

/** Reads a media file; a missing or unreadable file is `invalid` (retrying will not help). */
export async function readMedia(file: string, absPath: string | undefined, root: string | undefined): Promise<Uint8Array> {
  const path = absPath && isAbsolute(absPath) ? absPath : resolve(root ?? process.cwd(), absPath ?? file);
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'read error';
    throw new PlatformError('invalid', `media ${file}: cannot read the file (${code}); check the path in the post`);
  }
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
