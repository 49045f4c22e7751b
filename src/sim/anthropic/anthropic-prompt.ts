/**
 * The prompt as Anthropic orders it for caching: tools, then system, then messages. Every
 * content block ends a cache boundary; blocks with `cache_control` (or the last block, for a
 * top-level `cache_control`) are breakpoints. Counting uses o200k with the cookbook's
 * per-message overhead (see tokens.ts), as Tollgate counts every flavour the same way.
 */
import type { AnthropicBreakpoint, CacheTtl } from '../prompt-cache.js';
import { hashString } from '../seeded-random.js';
import { MESSAGE_OVERHEAD_TOKENS, REPLY_PRIMING_TOKENS, TokenSequence } from '../tokens.js';
import type { AnthropicContentBlock, CountTokensRequest } from './messages-request.js';

export interface AnthropicPrompt {
  sequence: TokenSequence;
  blockEnds: number[];
  breakpoints: AnthropicBreakpoint[];
}

type CacheControl = AnthropicContentBlock['cache_control'];

function pushBlockContent(sequence: TokenSequence, block: AnthropicContentBlock): void {
  switch (block.type) {
    case 'text':
      sequence.pushText(block.text ?? '');
      return;
    case 'thinking':
      sequence.pushText(block.thinking ?? '');
      return;
    case 'tool_use':
    case 'server_tool_use':
      sequence.pushText(block.name ?? '');
      sequence.pushText(JSON.stringify(block.input ?? {}));
      return;
    case 'tool_result':
      if (typeof block.content === 'string') sequence.pushText(block.content);
      for (const part of Array.isArray(block.content) ? block.content : []) {
        if (part.text !== undefined) sequence.pushText(part.text);
        else sequence.pushOpaque(hashString(JSON.stringify(part)));
      }
      return;
    default:
      // Images, documents, redacted thinking: a fixed count, their identity kept for the cache.
      sequence.pushOpaque(hashString(JSON.stringify(block.source ?? block.data ?? block)));
  }
}

export function buildAnthropicPrompt(request: CountTokensRequest): AnthropicPrompt {
  const sequence = new TokenSequence();
  const blockEnds: number[] = [];
  const breakpoints: AnthropicBreakpoint[] = [];
  const endBlock = (cacheControl: CacheControl): void => {
    blockEnds.push(sequence.length);
    if (cacheControl !== undefined && cacheControl !== null) breakpoints.push({ blockIndex: blockEnds.length - 1, ttl: cacheControl.ttl ?? '5m' });
  };

  for (const tool of request.tools ?? []) {
    const { cache_control: cacheControl, ...definition } = tool;
    sequence.pushText(JSON.stringify(definition));
    endBlock(cacheControl);
  }
  if (typeof request.system === 'string') {
    sequence.pushText(request.system);
    endBlock(undefined);
  } else {
    for (const block of request.system ?? []) {
      pushBlockContent(sequence, block);
      endBlock(block.cache_control);
    }
  }
  for (const message of request.messages) {
    sequence.pushOverhead(MESSAGE_OVERHEAD_TOKENS);
    sequence.pushText(message.role);
    if (typeof message.content === 'string') {
      sequence.pushText(message.content);
      endBlock(undefined);
      continue;
    }
    for (const block of message.content) {
      pushBlockContent(sequence, block);
      endBlock(block.cache_control);
    }
  }
  const automatic = request.cache_control;
  if (automatic !== undefined && automatic !== null && blockEnds.length > 0) {
    const last = blockEnds.length - 1;
    if (!breakpoints.some((breakpoint) => breakpoint.blockIndex === last)) breakpoints.push({ blockIndex: last, ttl: (automatic.ttl ?? '5m') as CacheTtl });
  }
  sequence.pushOverhead(REPLY_PRIMING_TOKENS);
  return { sequence, blockEnds, breakpoints };
}

/** Whether the conversation waits on the user's own words (not a tool result), and those words. */
export function lastUserTurn(request: CountTokensRequest): { isUserTurn: boolean; text: string } {
  const last = request.messages[request.messages.length - 1];
  if (last?.role !== 'user') return { isUserTurn: false, text: '' };
  if (typeof last.content === 'string') return { isUserTurn: true, text: last.content };
  if (last.content.some((block) => block.type === 'tool_result')) return { isUserTurn: false, text: '' };
  return { isUserTurn: true, text: last.content.map((block) => block.text ?? '').join('\n') };
}
