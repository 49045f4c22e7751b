/**
 * ChatMessage[] → OpenAI chat `messages`. Content an OpenAI-format API cannot take is refused
 * with the message and part it sits in, never left out silently.
 */
import type { ChatContentPart, ChatMessage } from '../../core/chat.js';
import { TollgateError } from '../../core/errors.js';
import type { JsonObject } from '../adapter.js';

export function toOpenAIMessages(messages: readonly ChatMessage[], providerType: string, warnings: string[]): JsonObject[] {
  const converted: JsonObject[] = [];
  let toolMedia: JsonObject[] = [];
  let droppedReasoning = false;
  const flushToolMedia = (): void => {
    if (toolMedia.length === 0) return;
    converted.push({ role: 'user', content: toolMedia });
    warnings.push(`images and documents in tool results were sent to ${providerType} in a user message after them (its tool messages take text only)`);
    toolMedia = [];
  };
  messages.forEach((message, messageIndex) => {
    const where = `messages[${messageIndex}]`;
    if (message.role !== 'tool') flushToolMedia();
    switch (message.role) {
      case 'system':
        converted.push({ role: 'system', content: textOnly(message.content, where, providerType) });
        break;
      case 'user': {
        const user: JsonObject = { role: 'user', content: userContent(message.content, where, providerType) };
        if (message.name !== undefined) user.name = message.name;
        converted.push(user);
        break;
      }
      case 'assistant': {
        const assistant: JsonObject = { role: 'assistant', content: message.content.length > 0 ? textOnly(message.content, where, providerType) : null };
        if (message.toolCalls && message.toolCalls.length > 0) {
          assistant.tool_calls = message.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }));
        }
        if (message.name !== undefined) assistant.name = message.name;
        if ((message.reasoning?.length ?? 0) > 0) droppedReasoning = true;
        converted.push(assistant);
        break;
      }
      case 'tool': {
        const texts: string[] = [];
        for (const part of message.content) {
          if (part.type === 'text') texts.push(part.text);
          else toolMedia.push(userPart(part, where, providerType));
        }
        converted.push({ role: 'tool', tool_call_id: message.toolCallId, content: texts.join('\n') });
        break;
      }
    }
  });
  flushToolMedia();
  if (droppedReasoning) warnings.push(`reasoning from earlier assistant turns is not sent to ${providerType} (its chat API takes none back)`);
  return converted;
}

function textOnly(parts: readonly ChatContentPart[], where: string, providerType: string): string {
  return parts
    .map((part, partIndex) => {
      if (part.type === 'text') return part.text;
      if (part.type === 'document' && part.source.kind === 'text') return documentText(part.title, part.source.text);
      throw unsupportedContent(`${where}.content[${partIndex}]`, `${part.type} content in this message`, providerType);
    })
    .join('');
}

function userContent(parts: readonly ChatContentPart[], where: string, providerType: string): string | JsonObject[] {
  const only = parts[0];
  if (parts.length === 1 && only?.type === 'text') return only.text;
  return parts.map((part, partIndex) => userPart(part, `${where}.content[${partIndex}]`, providerType));
}

function userPart(part: ChatContentPart, where: string, providerType: string): JsonObject {
  switch (part.type) {
    case 'text':
      return { type: 'text', text: part.text };
    case 'image': {
      const url = part.source.kind === 'url' ? part.source.url : `data:${part.source.mediaType};base64,${part.source.data}`;
      return { type: 'image_url', image_url: part.detail ? { url, detail: part.detail } : { url } };
    }
    case 'document': {
      const source = part.source;
      if (source.kind === 'text') return { type: 'text', text: documentText(part.title, source.text) };
      if (source.kind === 'url') throw unsupportedContent(where, 'a document by URL', providerType);
      return { type: 'file', file: { filename: part.title ?? defaultFilename(source.mediaType), file_data: `data:${source.mediaType};base64,${source.data}` } };
    }
  }
}

function documentText(title: string | undefined, text: string): string {
  return title ? `${title}\n\n${text}` : text;
}

function defaultFilename(mediaType: string): string {
  return mediaType === 'application/pdf' ? 'document.pdf' : 'document';
}

function unsupportedContent(param: string, what: string, providerType: string): TollgateError {
  return new TollgateError('unsupported_parameter', `${param}: ${providerType} cannot take ${what}; send it as text or choose another target`, {
    param,
    isRetryable: false,
  });
}
