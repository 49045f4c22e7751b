/** OpenAI message content (strings, part arrays, data URLs) → ChatContentPart[]. */
import type { ChatContentPart, ImageSource } from '../../../core/chat.js';
import { invalidRequest, unsupportedContent } from '../invalid-request.js';
import type { OpenAIUserPart } from './openai-request-schema.js';

export function textParts(content: string | ReadonlyArray<{ text: string }> | null | undefined): ChatContentPart[] {
  if (content === null || content === undefined) return [];
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  return content.map((part) => ({ type: 'text', text: part.text }));
}

export function userParts(content: string | readonly OpenAIUserPart[], where: string): ChatContentPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map((part, index) => userPart(part, `${where}[${index}]`));
}

function userPart(part: OpenAIUserPart, where: string): ChatContentPart {
  switch (part.type) {
    case 'text':
      return { type: 'text', text: part.text };
    case 'image_url': {
      const image: ChatContentPart = { type: 'image', source: imageSource(part.image_url.url, `${where}.image_url.url`) };
      if (part.image_url.detail) image.detail = part.image_url.detail;
      return image;
    }
    case 'file': {
      const { file_data: fileData, filename } = part.file;
      if (!fileData) throw unsupportedContent(`${where}.file`, 'files by file_id live in one provider\'s storage; send file_data (a data URL) instead');
      const data = parseDataUrl(fileData);
      if (!data) throw invalidRequest(`${where}.file.file_data`, 'expected a data URL (data:application/pdf;base64,...)');
      const document: ChatContentPart = { type: 'document', source: { kind: 'base64', mediaType: data.mediaType, data: data.base64 } };
      if (filename) document.title = filename;
      return document;
    }
    case 'input_audio':
      throw unsupportedContent(where, 'audio input cannot be translated for this target; send it to an OpenAI audio model directly');
  }
}

function imageSource(url: string, where: string): ImageSource {
  if (!url.startsWith('data:')) return { kind: 'url', url };
  const data = parseDataUrl(url);
  if (!data) throw invalidRequest(where, 'a data URL must look like data:image/png;base64,...');
  return { kind: 'base64', mediaType: data.mediaType, data: data.base64 };
}

/** `data:<type>[;base64],<payload>` → its media type and base64 payload. */
export function parseDataUrl(url: string): { mediaType: string; base64: string } | undefined {
  const match = /^data:([^;,]*)((?:;[^;,]*)*),(.*)$/s.exec(url);
  if (!match) return undefined;
  const mediaType = match[1] || 'application/octet-stream';
  const isBase64 = (match[2] ?? '').split(';').includes('base64');
  const payload = match[3] ?? '';
  if (isBase64) return { mediaType, base64: payload };
  try {
    return { mediaType, base64: Buffer.from(decodeURIComponent(payload), 'utf8').toString('base64') };
  } catch {
    return undefined;
  }
}
