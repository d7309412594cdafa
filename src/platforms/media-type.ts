// What a media file is by its first bytes, so a file named .png that holds something else
// (a config file, a token, a page of HTML) is never posted as an image.

const MIME_BY_EXTENSION: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
  avif: 'image/avif',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
};

/** The mime type of a media file by its extension (case-insensitive); undefined if unknown. */
export function mimeOf(path: string): string | undefined {
  const match = /\.([a-z0-9]+)$/i.exec(path);
  return match ? MIME_BY_EXTENSION[match[1].toLowerCase()] : undefined;
}

/** The media type the first bytes announce, or undefined when they match no known format. */
export function sniffMediaType(head: Uint8Array): string | undefined {
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  if (head.length >= 8 && head[0] === 0x89 && ascii(1, 4) === 'PNG' && head[4] === 0x0d && head[5] === 0x0a) return 'image/png';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.length >= 6 && (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a')) return 'image/gif';
  if (head.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (head.length >= 4 && head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) return 'video/webm';
  if (head.length >= 12 && ascii(4, 8) === 'ftyp') {
    const brand = ascii(8, 12);
    if (brand === 'avif' || brand === 'avis') return 'image/avif';
    if (['heic', 'heix', 'hevc', 'heim', 'heis', 'hevm', 'hevs'].includes(brand)) return 'image/heic';
    if (brand === 'mif1' || brand === 'msf1') return 'image/heif';
    if (brand === 'qt  ') return 'video/quicktime';
    return 'video/mp4';
  }
  return undefined;
}

// ISO base media files (HEIF, AVIF, MP4, MOV) share one container; brands vary by encoder.
const ISO_FAMILY = new Set(['image/heic', 'image/heif', 'image/avif', 'video/mp4', 'video/quicktime']);

/** Does the content start the way files of `mime` (from the extension) do? */
export function contentMatches(mime: string, head: Uint8Array): boolean {
  const found = sniffMediaType(head);
  if (!found) return false;
  return found === mime || (ISO_FAMILY.has(found) && ISO_FAMILY.has(mime));
}
