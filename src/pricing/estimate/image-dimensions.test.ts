import { describe, expect, it } from 'vitest';
import { dimensionsFromDataUrl, readImageDimensions } from './image-dimensions.js';

// Real 1×1 images, as commonly embedded.
const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const GIF_1X1 = 'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';

function png(width: number, height: number): Buffer {
  const header = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(header, 0);
  header.writeUInt32BE(13, 8);
  header.write('IHDR', 12, 'latin1');
  header.writeUInt32BE(width, 16);
  header.writeUInt32BE(height, 20);
  return header;
}

function jpeg(width: number, height: number): Buffer {
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
  const sof = Buffer.alloc(19);
  sof.writeUInt16BE(0xffc2, 0);
  sof.writeUInt16BE(17, 2);
  sof.writeUInt8(8, 4);
  sof.writeUInt16BE(height, 5);
  sof.writeUInt16BE(width, 7);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, Buffer.from([0xff, 0xff]), sof]);
}

function webp(chunk: 'VP8 ' | 'VP8L' | 'VP8X', width: number, height: number): Buffer {
  const bytes = Buffer.alloc(32);
  bytes.write('RIFF', 0, 'latin1');
  bytes.writeUInt32LE(24, 4);
  bytes.write('WEBP', 8, 'latin1');
  bytes.write(chunk, 12, 'latin1');
  if (chunk === 'VP8 ') {
    bytes.set([0x9d, 0x01, 0x2a], 23);
    bytes.writeUInt16LE(width, 26);
    bytes.writeUInt16LE(height, 28);
  } else if (chunk === 'VP8L') {
    bytes[20] = 0x2f;
    bytes.writeUInt32LE(((width - 1) | ((height - 1) << 14)) >>> 0, 21);
  } else {
    bytes.writeUIntLE(width - 1, 24, 3);
    bytes.writeUIntLE(height - 1, 27, 3);
  }
  return bytes;
}

describe('readImageDimensions', () => {
  it.each([
    ['PNG', png(1024, 768), { width: 1024, height: 768, format: 'png' }],
    ['progressive JPEG after APP0 and fill bytes', jpeg(4032, 3024), { width: 4032, height: 3024, format: 'jpeg' }],
    ['lossy WebP', webp('VP8 ', 800, 600), { width: 800, height: 600, format: 'webp' }],
    ['lossless WebP', webp('VP8L', 16_383, 2), { width: 16_383, height: 2, format: 'webp' }],
    ['extended WebP', webp('VP8X', 20_000, 9000), { width: 20_000, height: 9000, format: 'webp' }],
    ['real 1×1 PNG', Buffer.from(PNG_1X1, 'base64'), { width: 1, height: 1, format: 'png' }],
    ['real 1×1 GIF', Buffer.from(GIF_1X1, 'base64'), { width: 1, height: 1, format: 'gif' }],
  ])('%s', (_label, bytes, expected) => {
    expect(readImageDimensions(bytes)).toEqual(expected);
  });

  it('returns undefined for anything else', () => {
    expect(readImageDimensions(Buffer.from('not an image'))).toBeUndefined();
    expect(readImageDimensions(png(1024, 768).subarray(0, 20))).toBeUndefined();
    expect(readImageDimensions(Buffer.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x02]))).toBeUndefined();
  });
});

describe('dimensionsFromDataUrl', () => {
  it('reads base64 data URLs', () => {
    expect(dimensionsFromDataUrl(`data:image/png;base64,${PNG_1X1}`)).toEqual({ width: 1, height: 1, format: 'png' });
    expect(dimensionsFromDataUrl(`data:image/png;base64,${png(1920, 1080).toString('base64')}`)).toMatchObject({ width: 1920, height: 1080 });
  });

  it('finds a JPEG frame header beyond the first bytes', () => {
    const padding = Buffer.alloc(70_000);
    const bigApp1 = Buffer.concat([Buffer.from([0xff, 0xe1, 0xff, 0xff]), padding.subarray(0, 0xffff - 2)]);
    const file = Buffer.concat([Buffer.from([0xff, 0xd8]), bigApp1, jpeg(640, 480).subarray(2)]);
    expect(dimensionsFromDataUrl(`data:image/jpeg;base64,${file.toString('base64')}`)).toMatchObject({ width: 640, height: 480 });
  });

  it('ignores remote and non-base64 URLs', () => {
    expect(dimensionsFromDataUrl('https://example.com/cat.png')).toBeUndefined();
    expect(dimensionsFromDataUrl('data:image/svg+xml,<svg/>')).toBeUndefined();
  });
});
