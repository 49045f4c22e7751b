/** Anthropic content blocks → ChatContentPart / ChatToolCall / ReasoningPart, each refusal naming its block. */
import type { CacheControl, ChatContentPart, ChatToolCall, ReasoningPart } from '../../../core/chat.js';
import { fieldPath, parseField, unsupportedContent } from '../invalid-request.js';
import {
  documentBlockSchema,
  imageBlockSchema,
  redactedThinkingBlockSchema,
  textBlockSchema,
  thinkingBlockSchema,
  toolUseBlockSchema,
  type AnthropicBlock,
} from './anthropic-request-schema.js';

type Path = readonly PropertyKey[];

export type ParsedBlock =
  | { kind: 'part'; part: ChatContentPart }
  | { kind: 'tool-call'; call: ChatToolCall }
  | { kind: 'reasoning'; reasoning: ReasoningPart };

/** Blocks a user or assistant turn may hold, other than tool results (read by the caller). */
export function parseBlock(block: AnthropicBlock, path: Path): ParsedBlock {
  switch (block.type) {
    case 'text':
    case 'image':
    case 'document':
      return { kind: 'part', part: parsePart(block, path) };
    case 'tool_use': {
      const toolUse = parseField(toolUseBlockSchema, block, path);
      return { kind: 'tool-call', call: { id: toolUse.id, name: toolUse.name, arguments: JSON.stringify(toolUse.input ?? {}) } };
    }
    case 'thinking': {
      const thinking = parseField(thinkingBlockSchema, block, path);
      const reasoning: ReasoningPart = { text: thinking.thinking };
      if (thinking.signature) reasoning.signature = thinking.signature;
      return { kind: 'reasoning', reasoning };
    }
    case 'redacted_thinking':
      return { kind: 'reasoning', reasoning: { text: '', redactedData: parseField(redactedThinkingBlockSchema, block, path).data } };
    default:
      throw unsupportedContent(fieldPath(path), `"${block.type}" blocks are Anthropic's own (server tools, search results, containers) and cannot be translated for another provider`);
  }
}

/** Text, image and document blocks: the content every provider takes in some form. */
export function parsePart(block: AnthropicBlock, path: Path): ChatContentPart {
  switch (block.type) {
    case 'text': {
      const text = parseField(textBlockSchema, block, path);
      return withCacheControl({ type: 'text', text: text.text }, text.cache_control);
    }
    case 'image': {
      const image = parseField(imageBlockSchema, block, path);
      const source = image.source;
      if (source.type === 'file') throw unsupportedContent(fieldPath([...path, 'source']), 'files uploaded to Anthropic cannot be sent to another provider; send the image as base64 or a URL');
      return withCacheControl(
        { type: 'image', source: source.type === 'url' ? { kind: 'url', url: source.url } : { kind: 'base64', mediaType: source.media_type, data: source.data } },
        image.cache_control,
      );
    }
    case 'document':
      return parseDocument(block, path);
    default:
      throw unsupportedContent(fieldPath(path), `"${block.type}" blocks cannot be translated for another provider here; send text, images or documents`);
  }
}

function parseDocument(block: AnthropicBlock, path: Path): ChatContentPart {
  const document = parseField(documentBlockSchema, block, path);
  const source = document.source;
  let part: ChatContentPart;
  switch (source.type) {
    case 'base64':
      part = { type: 'document', source: { kind: 'base64', mediaType: source.media_type, data: source.data } };
      break;
    case 'url':
      part = { type: 'document', source: { kind: 'url', url: source.url } };
      break;
    case 'text':
      part = { type: 'document', source: { kind: 'text', text: source.data } };
      break;
    case 'content': {
      const blocks = typeof source.content === 'string' ? [{ type: 'text', text: source.content }] : source.content;
      const text = blocks.map((inner, index) => {
        const parsed = parsePart(inner, [...path, 'source', 'content', index]);
        if (parsed.type !== 'text') throw unsupportedContent(fieldPath([...path, 'source', 'content', index]), 'a document\'s custom content can be translated only as text');
        return parsed.text;
      });
      part = { type: 'document', source: { kind: 'text', text: text.join('\n') } };
      break;
    }
    case 'file':
      throw unsupportedContent(fieldPath([...path, 'source']), 'files uploaded to Anthropic cannot be sent to another provider; send the document as base64');
  }
  if (document.title) part.title = document.title;
  return withCacheControl(part, document.cache_control);
}

export function withCacheControl(part: ChatContentPart, wire: { ttl?: '5m' | '1h' | null | undefined } | null | undefined): ChatContentPart {
  if (!wire) return part;
  const cacheControl: CacheControl = { type: 'ephemeral' };
  if (wire.ttl) cacheControl.ttl = wire.ttl;
  part.cacheControl = cacheControl;
  return part;
}
