/**
 * Renders a message as Anthropic's SSE events: message_start (input and cache counts, output 1),
 * per block content_block_start / deltas (text_delta, thinking_delta then signature_delta,
 * input_json_delta fragments after an empty one) / content_block_stop, a ping after the first
 * block starts, message_delta with the cumulative usage, message_stop.
 */
import type { AnthropicCacheResult } from '../prompt-cache.js';
import type { PacedFrame } from '../sse-writer.js';
import { countTokens, splitIntoTokenFragments } from '../tokens.js';
import { anthropicInputUsage, anthropicUsage, type MessageContent } from './messages-response.js';

const PIECES_PER_TEXT_DELTA = 3;

function event(type: string, payload: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...payload })}\n\n`;
}

function groupPieces(pieces: readonly string[], tokens: number): Array<{ text: string; tokens: number }> {
  const perPiece = pieces.length === 0 ? 0 : tokens / pieces.length;
  const groups: Array<{ text: string; tokens: number }> = [];
  for (let start = 0; start < pieces.length; start += PIECES_PER_TEXT_DELTA) {
    const group = pieces.slice(start, start + PIECES_PER_TEXT_DELTA);
    groups.push({ text: group.join(''), tokens: perPiece * group.length });
  }
  return groups;
}

export function messageStreamFrames(content: MessageContent, cache: AnthropicCacheResult): PacedFrame[] {
  const { plan } = content;
  const frames: PacedFrame[] = [];
  const startUsage = { ...anthropicUsage(cache, content, 1) };
  delete startUsage.output_tokens_details;
  frames.push({
    data: event('message_start', {
      message: { model: content.model, id: content.id, type: 'message', role: 'assistant', content: [], stop_reason: null, stop_sequence: null, usage: startUsage },
    }),
    tokens: 0,
    isEarly: true,
  });
  let index = 0;
  const startBlock = (block: Record<string, unknown>): void => {
    const isFirst = index === 0;
    frames.push({ data: event('content_block_start', { index, content_block: block }), tokens: 0, isEarly: isFirst });
    if (isFirst) frames.push({ data: event('ping', {}), tokens: 0, isEarly: true });
  };
  const delta = (payload: Record<string, unknown>, tokens: number): void => {
    frames.push({ data: event('content_block_delta', { index, delta: payload }), tokens });
  };
  const stopBlock = (): void => {
    frames.push({ data: event('content_block_stop', { index }), tokens: 0 });
    index++;
  };

  if (plan.thinking !== undefined) {
    startBlock({ type: 'thinking', thinking: '', signature: '' });
    for (const group of groupPieces(plan.thinking.pieces, plan.thinking.tokens)) delta({ type: 'thinking_delta', thinking: group.text }, group.tokens);
    delta({ type: 'signature_delta', signature: content.signature ?? '' }, 0);
    stopBlock();
  }
  if (plan.text !== undefined && (plan.text.text.length > 0 || content.toolUses.length === 0)) {
    startBlock({ type: 'text', text: '' });
    for (const group of groupPieces(plan.text.pieces, plan.text.tokens)) delta({ type: 'text_delta', text: group.text }, group.tokens);
    stopBlock();
  }
  for (const use of content.toolUses) {
    startBlock({ type: 'tool_use', id: use.id, name: use.name, input: {} });
    delta({ type: 'input_json_delta', partial_json: '' }, countTokens(use.name));
    for (const fragment of splitIntoTokenFragments(use.argumentsJson, 3)) delta({ type: 'input_json_delta', partial_json: fragment }, countTokens(fragment));
    stopBlock();
  }
  const finalUsage: Record<string, unknown> = { ...anthropicInputUsage(cache), output_tokens: content.outputTokens };
  delete finalUsage.cache_creation;
  if (plan.thinking !== undefined) finalUsage.output_tokens_details = { thinking_tokens: plan.thinking.tokens };
  frames.push({ data: event('message_delta', { delta: { stop_reason: content.stopReason, stop_sequence: plan.stopSequence }, usage: finalUsage }), tokens: 0 });
  frames.push({ data: event('message_stop', {}), tokens: 0 });
  return frames;
}

/** A data line that is not valid JSON (the `malformed` fault), placed mid-stream. */
export function malformMessageFrames(frames: PacedFrame[]): PacedFrame[] {
  const broken = frames.slice();
  const middle = Math.max(1, Math.floor(broken.length / 2));
  broken.splice(middle, 0, { data: 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":\n\n', tokens: 0 });
  return broken;
}
