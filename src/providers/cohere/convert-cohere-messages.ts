/**
 * The shared message list → Cohere v2 `messages` (+ `documents` for grounding text).
 *   - Images go as `image_url` parts (base64 as a data: URL) in user turns, which vision models take.
 *   - Documents given as text (or base64 of a text type) become Cohere `documents`, which its
 *     models cite; other documents (PDF, URLs) cannot be sent and are rejected.
 *   - An assistant turn with tool calls carries its text as `tool_plan`, as Cohere's own do.
 *     Reasoning is not sent back: Cohere takes none in the history.
 */
import type { ChatContentPart, ChatMessage } from '../../core/chat.js';
import { TollgateError } from '../../core/errors.js';
import type { JsonObject } from '../adapter.js';

const TEXT_MEDIA = /^(text\/|application\/(json|xml|x-ndjson))/;

export interface CohereMessages {
  messages: JsonObject[];
  documents: JsonObject[];
}

export function convertCohereMessages(messages: readonly ChatMessage[], warnings: Set<string>): CohereMessages {
  const documents: JsonObject[] = [];
  const converted = messages.map((message, position): JsonObject => {
    switch (message.role) {
      case 'system':
        return { role: 'system', content: textOf(message.content, position, warnings) };
      case 'user':
        if (message.name !== undefined) warnings.add('message name is not supported by cohere; dropped');
        return { role: 'user', content: userContent(message.content, position, documents) };
      case 'assistant': {
        const text = textOf(message.content, position, warnings);
        const toolCalls = message.toolCalls ?? [];
        if (toolCalls.length === 0) return { role: 'assistant', content: text };
        const out: JsonObject = {
          role: 'assistant',
          tool_calls: toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments || '{}' } })),
        };
        if (text !== '') out.tool_plan = text;
        return out;
      }
      case 'tool':
        return { role: 'tool', tool_call_id: message.toolCallId, content: textOf(message.content, position, warnings) };
    }
  });
  return { messages: converted, documents };
}

function userContent(parts: readonly ChatContentPart[], position: number, documents: JsonObject[]): string | JsonObject[] {
  const content: JsonObject[] = [];
  for (const part of parts) {
    if (part.type === 'text') content.push({ type: 'text', text: part.text });
    else if (part.type === 'image') {
      const url = part.source.kind === 'base64' ? `data:${part.source.mediaType};base64,${part.source.data}` : part.source.url;
      content.push({ type: 'image_url', image_url: { url, ...(part.detail ? { detail: part.detail } : {}) } });
    } else {
      documents.push(documentOf(part, position));
    }
  }
  if (content.every((part) => part.type === 'text')) return content.map((part) => String(part.text)).join('');
  return content;
}

function documentOf(part: Extract<ChatContentPart, { type: 'document' }>, position: number): JsonObject {
  const title = part.title === undefined ? {} : { title: part.title };
  if (part.source.kind === 'text') return { data: { text: part.source.text, ...title } };
  if (part.source.kind === 'base64' && TEXT_MEDIA.test(part.source.mediaType)) {
    return { data: { text: Buffer.from(part.source.data, 'base64').toString('utf8'), ...title } };
  }
  const what = part.source.kind === 'url' ? 'a document URL' : `a ${part.source.mediaType} document`;
  throw new TollgateError('unsupported_parameter', `messages[${position}].content: cohere takes documents as text only, not ${what}`, {
    param: `messages[${position}].content`,
    isRetryable: false,
  });
}

function textOf(parts: readonly ChatContentPart[], position: number, warnings: Set<string>): string {
  let text = '';
  for (const part of parts) {
    if (part.type === 'text') text += part.text;
    else warnings.add(`messages[${position}]: cohere takes only text in this kind of message; other content was dropped`);
  }
  return text;
}
