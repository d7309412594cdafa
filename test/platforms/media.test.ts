import { describe, expect, it } from 'vitest';
import { imageSize, readMedia } from '../../src/platforms/media.js';
import { png, tempFiles } from '../support/images.js';

/** A JPEG header: SOI, an APP0 segment, then a baseline start-of-frame with the size. */
function jpegHeader(width: number, height: number): Buffer {
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof, Buffer.alloc(16)]);
}

describe('imageSize', () => {
  it('reads PNG and JPEG headers', () => {
    expect(imageSize(png(640, 480))).toEqual({ width: 640, height: 480 });
    expect(imageSize(jpegHeader(1200, 675))).toEqual({ width: 1200, height: 675 });
  });
  it('answers undefined for other or damaged data', () => {
    expect(imageSize(Buffer.from('GIF89a......'))).toBeUndefined();
    expect(imageSize(Buffer.from([0xff, 0xd8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]))).toBeUndefined();
    expect(imageSize(Buffer.alloc(0))).toBeUndefined();
  });
});

describe('readMedia', () => {
  it('reads by absolute path or relative to the root, and names the file when missing', async () => {
    const dir = tempFiles({ 'a.png': png(1, 1) });
    expect(await readMedia('media/a.png', `${dir}/a.png`, undefined)).toEqual(png(1, 1));
    expect(await readMedia('a.png', undefined, dir)).toEqual(png(1, 1));
    await expect(readMedia('media/gone.png', `${dir}/gone.png`, undefined)).rejects.toMatchObject({ kind: 'invalid', message: expect.stringContaining('media/gone.png') });
  });
});
