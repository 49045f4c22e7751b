/**
 * Image dimensions from the first bytes of PNG, JPEG, GIF and WebP files, and from base64
 * data URLs, without decoding pixels. Dimensions are as stored; a JPEG's EXIF rotation is not
 * applied (providers' token formulas are symmetric in width and height except where a long
 * edge is capped, so the count is unaffected).
 */
export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp';

export interface ImageDimensions {
  width: number;
  height: number;
  format: ImageFormat;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Start-of-frame markers that carry dimensions (not DHT C4, JPG C8, DAC CC). */
const JPEG_FRAME_MARKERS: ReadonlySet<number> = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);
/** Enough base64 for the PNG, GIF and WebP headers; JPEG may need the whole file. */
const HEADER_BASE64_CHARS = 64;

export function readImageDimensions(bytes: Uint8Array): ImageDimensions | undefined {
  if (startsWith(bytes, PNG_SIGNATURE)) return readPng(bytes);
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return readJpeg(bytes);
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return readGif(bytes);
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return readWebp(bytes);
  return undefined;
}

/** `data:image/png;base64,...` → dimensions; undefined for other URLs or unreadable data. */
export function dimensionsFromDataUrl(url: string): ImageDimensions | undefined {
  if (!url.startsWith('data:')) return undefined;
  const comma = url.indexOf(',');
  if (comma < 0 || !url.slice(0, comma).endsWith(';base64')) return undefined;
  const header = Buffer.from(url.slice(comma + 1, comma + 1 + HEADER_BASE64_CHARS), 'base64');
  const fromHeader = readImageDimensions(header);
  if (fromHeader) return fromHeader;
  if (header[0] !== 0xff || header[1] !== 0xd8) return undefined;
  return readImageDimensions(Buffer.from(url.slice(comma + 1), 'base64'));
}

function readPng(bytes: Uint8Array): ImageDimensions | undefined {
  if (bytes.length < 24 || ascii(bytes, 12, 4) !== 'IHDR') return undefined;
  return sized(uint32BigEndian(bytes, 16), uint32BigEndian(bytes, 20), 'png');
}

function readGif(bytes: Uint8Array): ImageDimensions | undefined {
  if (bytes.length < 10) return undefined;
  return sized(uint16LittleEndian(bytes, 6), uint16LittleEndian(bytes, 8), 'gif');
}

function readJpeg(bytes: Uint8Array): ImageDimensions | undefined {
  let offset = 2;
  while (offset + 3 < bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    let marker = bytes[offset + 1] ?? 0;
    // Fill bytes: any number of 0xFF may precede a marker.
    while (marker === 0xff && offset + 2 < bytes.length) {
      offset += 1;
      marker = bytes[offset + 1] ?? 0;
    }
    if (marker === 0xd9 || marker === 0xda) return undefined;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      offset += 2;
      continue;
    }
    const length = uint16BigEndian(bytes, offset + 2);
    if (length < 2) return undefined;
    if (JPEG_FRAME_MARKERS.has(marker)) {
      if (offset + 9 > bytes.length) return undefined;
      return sized(uint16BigEndian(bytes, offset + 7), uint16BigEndian(bytes, offset + 5), 'jpeg');
    }
    offset += 2 + length;
  }
  return undefined;
}

function readWebp(bytes: Uint8Array): ImageDimensions | undefined {
  const chunk = ascii(bytes, 12, 4);
  if (chunk === 'VP8 ' && bytes.length >= 30) {
    if (bytes[23] !== 0x9d || bytes[24] !== 0x01 || bytes[25] !== 0x2a) return undefined;
    return sized(uint16LittleEndian(bytes, 26) & 0x3fff, uint16LittleEndian(bytes, 28) & 0x3fff, 'webp');
  }
  if (chunk === 'VP8L' && bytes.length >= 25) {
    if (bytes[20] !== 0x2f) return undefined;
    const bits = uint32LittleEndian(bytes, 21);
    return sized((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1, 'webp');
  }
  if (chunk === 'VP8X' && bytes.length >= 30) {
    return sized(uint24LittleEndian(bytes, 24) + 1, uint24LittleEndian(bytes, 27) + 1, 'webp');
  }
  return undefined;
}

function sized(width: number, height: number, format: ImageFormat): ImageDimensions | undefined {
  return width > 0 && height > 0 ? { width, height, format } : undefined;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
  let text = '';
  for (let index = start; index < start + length && index < bytes.length; index += 1) text += String.fromCharCode(bytes[index] ?? 0);
  return text;
}

function byteAt(bytes: Uint8Array, index: number): number {
  return bytes[index] ?? 0;
}

function uint16BigEndian(bytes: Uint8Array, offset: number): number {
  return (byteAt(bytes, offset) << 8) | byteAt(bytes, offset + 1);
}

function uint16LittleEndian(bytes: Uint8Array, offset: number): number {
  return byteAt(bytes, offset) | (byteAt(bytes, offset + 1) << 8);
}

function uint24LittleEndian(bytes: Uint8Array, offset: number): number {
  return byteAt(bytes, offset) | (byteAt(bytes, offset + 1) << 8) | (byteAt(bytes, offset + 2) << 16);
}

function uint32BigEndian(bytes: Uint8Array, offset: number): number {
  return ((byteAt(bytes, offset) << 24) >>> 0) + (byteAt(bytes, offset + 1) << 16) + (byteAt(bytes, offset + 2) << 8) + byteAt(bytes, offset + 3);
}

function uint32LittleEndian(bytes: Uint8Array, offset: number): number {
  return (byteAt(bytes, offset) | (byteAt(bytes, offset + 1) << 8) | (byteAt(bytes, offset + 2) << 16) | (byteAt(bytes, offset + 3) << 24)) >>> 0;
}
