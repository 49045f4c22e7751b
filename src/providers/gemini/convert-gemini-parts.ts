/**
 * One shared content part → Gemini parts: text, `inlineData` for base64 (and data: URLs), `fileData`
 * for URLs Gemini fetches itself. Gemini has no per-image detail knob on generateContent.
 */
import type { ChatContentPart } from '../../core/chat.js';
import type { JsonObject } from '../adapter.js';

const DATA_URL = /^data:([^;,]+)(?:;[^,]*)?;base64,(.*)$/s;

const MIME_BY_EXTENSION: Record<string, string> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif', heic: 'image/heic', heif: 'image/heif',
  pdf: 'application/pdf', txt: 'text/plain', md: 'text/markdown', html: 'text/html', csv: 'text/csv',
};

export function convertGeminiPart(part: ChatContentPart, warnings: Set<string>): JsonObject {
  switch (part.type) {
    case 'text':
      return { text: part.text };
    case 'image':
      if (part.detail === 'low' || part.detail === 'high') warnings.add(`image detail "${part.detail}" is not supported by gemini; the image is sent at the default resolution`);
      return part.source.kind === 'base64' ? inlineData(part.source.mediaType, part.source.data) : fromUrl(part.source.url, 'image/jpeg');
    case 'document':
      if (part.source.kind === 'text') return { text: part.source.text };
      if (part.source.kind === 'base64') return inlineData(part.source.mediaType, part.source.data);
      return fromUrl(part.source.url, 'application/pdf');
  }
}

function inlineData(mimeType: string, data: string): JsonObject {
  return { inlineData: { mimeType, data } };
}

function fromUrl(url: string, fallbackMime: string): JsonObject {
  const dataUrl = DATA_URL.exec(url);
  if (dataUrl?.[1] && dataUrl[2] !== undefined) return inlineData(dataUrl[1], dataUrl[2]);
  return { fileData: { mimeType: mimeFromUrl(url) ?? fallbackMime, fileUri: url } };
}

function mimeFromUrl(url: string): string | undefined {
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {
    // not an absolute URL: read the extension from the text itself
  }
  const extension = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  return extension ? MIME_BY_EXTENSION[extension] : undefined;
}
