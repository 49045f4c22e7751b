/**
 * The prompt as OpenAI counts it (cookbook rules, see tokens.ts): tools and a structured-output
 * schema first, as the provider renders them ahead of the conversation, then every message with
 * its overhead, then the reply priming. The same sequence feeds prompt caching.
 */
import { hashString } from '../seeded-random.js';
import { MESSAGE_OVERHEAD_TOKENS, NAME_OVERHEAD_TOKENS, REPLY_PRIMING_TOKENS, TokenSequence } from '../tokens.js';
import type { ChatMessage, ChatRequest } from './chat-request.js';

function pushContent(sequence: TokenSequence, content: ChatMessage['content']): void {
  if (content === undefined || content === null) return;
  if (typeof content === 'string') {
    sequence.pushText(content);
    return;
  }
  for (const part of content) {
    if (part.text !== undefined) sequence.pushText(part.text);
    else if (part.image_url !== undefined) sequence.pushOpaque(hashString(typeof part.image_url === 'string' ? part.image_url : part.image_url.url));
    else if (part.input_audio !== undefined) sequence.pushOpaque(hashString(part.input_audio.data));
    else sequence.pushOpaque(hashString(JSON.stringify(part)));
  }
}

export function buildChatPrompt(request: ChatRequest): TokenSequence {
  const sequence = new TokenSequence();
  if (request.tools !== undefined && request.tools !== null && request.tools.length > 0) sequence.pushText(JSON.stringify(request.tools));
  const schema = request.response_format?.json_schema?.schema;
  if (request.response_format?.type === 'json_schema' && schema !== undefined) sequence.pushText(JSON.stringify(schema));
  sequence.markBoundary();
  for (const message of request.messages) {
    sequence.pushOverhead(MESSAGE_OVERHEAD_TOKENS);
    sequence.pushText(message.role);
    pushContent(sequence, message.content);
    if (message.name !== undefined) {
      sequence.pushText(message.name);
      sequence.pushOverhead(NAME_OVERHEAD_TOKENS);
    }
    for (const call of message.tool_calls ?? []) {
      sequence.pushText(call.function.name);
      sequence.pushText(call.function.arguments);
    }
    if (message.tool_call_id !== undefined) sequence.pushText(message.tool_call_id);
    sequence.markBoundary();
  }
  sequence.pushOverhead(REPLY_PRIMING_TOKENS);
  return sequence;
}

/** The text of a message's content (text parts joined). */
export function messageText(content: ChatMessage['content']): string {
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return content;
  return content.map((part) => part.text ?? '').join('\n');
}
