/**
 * ChatMessage[] → Anthropic `system` blocks and `messages`. Tool results become `tool_result`
 * blocks in a user turn; consecutive turns of one role are merged, as Anthropic alternates
 * user and assistant; reasoning goes back as signed thinking blocks.
 */
import type { CacheControl, ChatContentPart, ChatMessage, ChatToolCall, ReasoningPart } from '../../core/chat.js';
import { TollgateError } from '../../core/errors.js';
import type { JsonObject } from '../adapter.js';

export interface AnthropicConversation {
  system: JsonObject[];
  messages: Array<{ role: 'user' | 'assistant'; content: JsonObject[] }>;
}

export function toAnthropicConversation(messages: readonly ChatMessage[], warnings: string[]): AnthropicConversation {
  const conversation: AnthropicConversation = { system: [], messages: [] };
  let sawConversation = false;
  let hoistedSystem = false;
  let droppedUnsignedReasoning = false;
  let repairedArguments = false;
  const append = (role: 'user' | 'assistant', content: JsonObject[]): void => {
    if (content.length === 0) return;
    const last = conversation.messages.at(-1);
    if (last?.role === role) last.content.push(...content);
    else conversation.messages.push({ role, content });
  };
  messages.forEach((message, messageIndex) => {
    const where = `messages[${messageIndex}]`;
    switch (message.role) {
      case 'system':
        if (sawConversation) hoistedSystem = true;
        conversation.system.push(...message.content.map((part, partIndex) => systemBlock(part, `${where}.content[${partIndex}]`)));
        break;
      case 'user':
        sawConversation = true;
        append('user', message.content.flatMap((part, partIndex) => contentBlocks(part, `${where}.content[${partIndex}]`)));
        break;
      case 'assistant': {
        sawConversation = true;
        const reasoning = (message.reasoning ?? []).flatMap((part) => {
          const block = thinkingBlock(part);
          if (!block && part.text) droppedUnsignedReasoning = true;
          return block ? [block] : [];
        });
        const text = message.content.flatMap((part, partIndex) => contentBlocks(part, `${where}.content[${partIndex}]`));
        const toolUses = (message.toolCalls ?? []).map((call) => {
          const { block, repaired } = toolUseBlock(call);
          repairedArguments ||= repaired;
          return block;
        });
        append('assistant', [...reasoning, ...text, ...toolUses]);
        break;
      }
      case 'tool':
        sawConversation = true;
        append('user', [toolResultBlock(message.toolCallId, message.content, message.isError, where)]);
        break;
    }
  });
  if (hoistedSystem) warnings.push('system messages after the first turn were moved into Anthropic\'s top-level system prompt');
  if (droppedUnsignedReasoning) warnings.push('reasoning without a signature (from another provider) is not sent back to Anthropic, which accepts only its own signed thinking');
  if (repairedArguments) warnings.push('tool call arguments that were not a JSON object were sent to Anthropic as an empty input');
  return conversation;
}

function systemBlock(part: ChatContentPart, where: string): JsonObject {
  if (part.type !== 'text') {
    throw new TollgateError('unsupported_parameter', `${where}: Anthropic takes only text in the system prompt; move the ${part.type} into a user message`, {
      param: where,
      isRetryable: false,
    });
  }
  return withCacheControl({ type: 'text', text: part.text }, part.cacheControl);
}

/** Anthropic refuses empty text blocks, so they are left out. */
function contentBlocks(part: ChatContentPart, where: string): JsonObject[] {
  if (part.type === 'text') return part.text === '' ? [] : [withCacheControl({ type: 'text', text: part.text }, part.cacheControl)];
  return [mediaBlock(part, where)];
}

function mediaBlock(part: Exclude<ChatContentPart, { type: 'text' }>, where: string): JsonObject {
  if (part.type === 'image') {
    const source = part.source.kind === 'url' ? { type: 'url', url: part.source.url } : { type: 'base64', media_type: part.source.mediaType, data: part.source.data };
    return withCacheControl({ type: 'image', source }, part.cacheControl);
  }
  const source = part.source;
  let wireSource: JsonObject;
  if (source.kind === 'url') wireSource = { type: 'url', url: source.url };
  else if (source.kind === 'text') wireSource = { type: 'text', media_type: 'text/plain', data: source.text };
  else if (source.mediaType === 'application/pdf') wireSource = { type: 'base64', media_type: source.mediaType, data: source.data };
  else if (source.mediaType.startsWith('text/')) wireSource = { type: 'text', media_type: 'text/plain', data: Buffer.from(source.data, 'base64').toString('utf8') };
  else {
    throw new TollgateError('unsupported_parameter', `${where}: Anthropic reads PDF and plain-text documents, not ${source.mediaType}`, { param: where, isRetryable: false });
  }
  const block: JsonObject = { type: 'document', source: wireSource };
  if (part.title !== undefined) block.title = part.title;
  return withCacheControl(block, part.cacheControl);
}

function thinkingBlock(part: ReasoningPart): JsonObject | undefined {
  if (part.redactedData !== undefined) return { type: 'redacted_thinking', data: part.redactedData };
  if (part.signature !== undefined) return { type: 'thinking', thinking: part.text, signature: part.signature };
  return undefined;
}

function toolUseBlock(call: ChatToolCall): { block: JsonObject; repaired: boolean } {
  const input = parseObject(call.arguments);
  return { block: { type: 'tool_use', id: call.id, name: call.name, input: input ?? {} }, repaired: input === undefined && call.arguments.trim() !== '' };
}

function toolResultBlock(toolCallId: string, content: readonly ChatContentPart[], isError: boolean | undefined, where: string): JsonObject {
  const block: JsonObject = { type: 'tool_result', tool_use_id: toolCallId };
  const isPlainText = content.every((part) => part.type === 'text' && part.cacheControl === undefined);
  if (isPlainText) {
    const text = content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
    if (text !== '') block.content = text;
  } else {
    block.content = content.flatMap((part, partIndex) => contentBlocks(part, `${where}.content[${partIndex}]`));
  }
  if (isError) block.is_error = true;
  return block;
}

function parseObject(text: string): JsonObject | undefined {
  if (text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
  } catch {
    return undefined;
  }
}

export function withCacheControl(block: JsonObject, cacheControl: CacheControl | undefined): JsonObject {
  if (cacheControl) block.cache_control = cacheControl.ttl ? { type: 'ephemeral', ttl: cacheControl.ttl } : { type: 'ephemeral' };
  return block;
}
