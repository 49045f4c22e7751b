/**
 * Cohere's two input counts. `billed_units.input_tokens` is what the caller sent: message text,
 * tool definitions and documents, with no template. `tokens.input_tokens` adds the chat template
 * Cohere renders around them: a system preamble, a turn marker per message, and a longer
 * instruction block when tools are offered. The sizes are fitted to the recorded captures (a
 * one-message chat bills 12 and counts 507; a two-tool request bills 119 and counts 1549).
 *
 * Caching: the preamble is the same for every caller, so its 32-token blocks are always warm
 * (the captures report 448 cached tokens on a plain first request); beyond it, a prefix the same
 * key sent to the same model within 5 minutes is read back in 32-token blocks.
 */
import { applyPrefixCache, steppedPositions, type PromptCacheStore } from '../prompt-cache.js';
import { hashString } from '../seeded-random.js';
import { TokenSequence } from '../tokens.js';
import type { CohereChatRequest, CohereMessage } from './cohere-request.js';

export const PREAMBLE_TOKENS = 470;
export const TURN_TOKENS = 25;
export const TOOL_INSTRUCTION_TOKENS = 935;
export const CACHE_BLOCK_TOKENS = 32;
export const CACHE_IDLE_MS = 5 * 60_000;
/** Output the template adds: end-of-turn markers, and per tool call its action markup. */
export const ANSWER_OVERHEAD_TOKENS = 3;
export const TOOL_CALL_OVERHEAD_TOKENS = 24;

export interface CoherePrompt {
  /** The caller's own tokens. */
  billed: number;
  /** Everything the model read, template included. */
  sequence: TokenSequence;
  /** Template tokens before the first caller token (shared by every request). */
  preambleLength: number;
}

function pushMessage(target: TokenSequence, message: CohereMessage): void {
  const content = message.content;
  if (typeof content === 'string') target.pushText(content);
  for (const part of Array.isArray(content) ? content : []) {
    if (part.text !== undefined) target.pushText(part.text);
    else if (part.document !== undefined) target.pushText(JSON.stringify(part.document));
    else target.pushOpaque(hashString(JSON.stringify(part)));
  }
  if (message.tool_plan !== undefined) target.pushText(message.tool_plan);
  for (const call of message.tool_calls ?? []) target.pushText(`${call.function.name}${call.function.arguments}`);
}

export function buildCoherePrompt(request: CohereChatRequest): CoherePrompt {
  const billed = new TokenSequence();
  const sequence = new TokenSequence();
  const hasTools = (request.tools ?? []).length > 0;
  sequence.pushOverhead(PREAMBLE_TOKENS + (hasTools ? TOOL_INSTRUCTION_TOKENS : 0));
  const preambleLength = sequence.length;
  for (const part of [request.tools, request.documents]) {
    if (part === undefined || part.length === 0) continue;
    const text = JSON.stringify(part);
    billed.pushText(text);
    sequence.pushText(text);
  }
  for (const message of request.messages) {
    sequence.pushOverhead(TURN_TOKENS);
    pushMessage(billed, message);
    // Same tokens, appended to the full sequence too (the memoised encoder makes this cheap).
    pushMessage(sequence, message);
  }
  return { billed: billed.length, sequence, preambleLength };
}

/** Cached prompt tokens: the always-warm preamble, or a longer prefix this key sent before. */
export function applyCohereCache(store: PromptCacheStore, scope: string, prompt: CoherePrompt): number {
  const warm = Math.floor(prompt.preambleLength / CACHE_BLOCK_TOKENS) * CACHE_BLOCK_TOKENS;
  const seen = applyPrefixCache(store, scope, prompt.sequence, steppedPositions(prompt.sequence.length, CACHE_BLOCK_TOKENS, CACHE_BLOCK_TOKENS), CACHE_IDLE_MS);
  return Math.max(warm, seen);
}
