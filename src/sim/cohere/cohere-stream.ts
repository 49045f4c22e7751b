/**
 * A Cohere v2 chat stream as SSE events (`event:` and `data:` lines, no [DONE]): message-start,
 * then either content-start / content-delta per token / content-end, or tool-plan-delta per
 * token and per call tool-call-start (id, name, empty arguments) / tool-call-delta argument
 * fragments / tool-call-end, then message-end with finish_reason and usage.
 */
import type { PacedFrame } from '../sse-writer.js';
import { countTokens, splitIntoTokenFragments } from '../tokens.js';
import { cohereFinishReason, type CohereAnswer } from './cohere-response.js';

function event(type: string, payload: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...payload })}\n\n`;
}

export function cohereStreamFrames(answer: CohereAnswer, usage: Record<string, unknown>): PacedFrame[] {
  const { plan } = answer;
  const frames: PacedFrame[] = [
    {
      data: `event: message-start\ndata: ${JSON.stringify({ id: answer.id, type: 'message-start', delta: { message: { role: 'assistant', content: [], tool_plan: '', tool_calls: [], citations: [] } } })}\n\n`,
      tokens: 0,
      isEarly: true,
    },
  ];
  const pieces = plan.text?.pieces ?? [];
  const perPiece = pieces.length === 0 ? 0 : (plan.text?.tokens ?? 0) / pieces.length;
  if (answer.toolCalls.length > 0) {
    for (const piece of pieces) frames.push({ data: event('tool-plan-delta', { delta: { message: { tool_plan: piece } } }), tokens: perPiece });
    answer.toolCalls.forEach((call, index) => {
      const start = { id: call.id, type: 'function', function: { name: call.name, arguments: '' } };
      frames.push({ data: event('tool-call-start', { index, delta: { message: { tool_calls: start } } }), tokens: countTokens(call.name) });
      for (const fragment of splitIntoTokenFragments(call.argumentsJson, 2)) {
        frames.push({ data: event('tool-call-delta', { index, delta: { message: { tool_calls: { function: { arguments: fragment } } } } }), tokens: countTokens(fragment) });
      }
      frames.push({ data: event('tool-call-end', { index }), tokens: 0 });
    });
  } else {
    frames.push({ data: event('content-start', { index: 0, delta: { message: { content: { type: 'text', text: '' } } } }), tokens: 0 });
    for (const piece of pieces) frames.push({ data: event('content-delta', { index: 0, delta: { message: { content: { text: piece } } } }), tokens: perPiece });
    frames.push({ data: event('content-end', { index: 0 }), tokens: 0 });
  }
  frames.push({ data: event('message-end', { delta: { finish_reason: cohereFinishReason(plan.finish), usage } }), tokens: 0 });
  return frames;
}

/** A data line that is not valid JSON (the `malformed` fault), placed mid-stream. */
export function malformCohereFrames(frames: PacedFrame[]): PacedFrame[] {
  const broken = frames.slice();
  broken.splice(Math.max(1, Math.floor(broken.length / 2)), 0, { data: 'event: content-delta\ndata: {"type":"content-delta","index":0,"delta":{"message":\n\n', tokens: 0 });
  return broken;
}
