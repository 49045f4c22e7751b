/**
 * Renders planned answers as `chat.completion.chunk` SSE frames: a role chunk, content or
 * tool-call deltas (the first delta of a call carries index, id, type, name and empty
 * arguments; later ones argument fragments), a finish chunk, then, when asked, a usage chunk
 * with empty choices (`"usage": null` on every other chunk), then `[DONE]`.
 */
import { randomIdPart } from '../seeded-random.js';
import type { PacedFrame } from '../sse-writer.js';
import { countTokens, splitIntoTokenFragments } from '../tokens.js';
import { openAIFinishReason, type ChatCompletionEnvelope, type OpenAIUsage, type RenderedChoice } from './chat-response.js';

export interface StreamFlags {
  includeUsage: boolean;
  /** OpenAI pads chunks with a random `obfuscation` field unless told not to. */
  includeObfuscation: boolean;
}

export const DONE_FRAME = 'data: [DONE]\n\n';

export function chatCompletionFrames(
  envelope: ChatCompletionEnvelope,
  choices: readonly RenderedChoice[],
  usage: OpenAIUsage,
  flags: StreamFlags,
): PacedFrame[] {
  const head =
    `{"id":"${envelope.id}","object":"chat.completion.chunk","created":${envelope.created},"model":${JSON.stringify(envelope.model)},` +
    `"service_tier":"${envelope.serviceTier}","system_fingerprint":"${envelope.systemFingerprint}","choices":`;
  const padding = flags.includeObfuscation ? obfuscationPad() : undefined;
  const tail = (usageJson: string): string => `${flags.includeUsage ? `,"usage":${usageJson}` : ''}${padding === undefined ? '' : `,"obfuscation":"${padding()}"`}}`;
  const nullTail = tail('null');
  const chunk = (index: number, delta: Record<string, unknown>, finishReason: string | null = null): string =>
    `data: ${head}[${JSON.stringify({ index, delta, logprobs: null, finish_reason: finishReason })}]${padding === undefined ? nullTail : tail('null')}\n\n`;
  // Content deltas are most of a stream: build them without a per-chunk object.
  const contentChunk = (index: number, content: string): string =>
    `data: ${head}[{"index":${index},"delta":{"content":${JSON.stringify(content)}},"logprobs":null,"finish_reason":null}]${padding === undefined ? nullTail : tail('null')}\n\n`;

  const frames: PacedFrame[] = [];
  choices.forEach((choice, index) => {
    const { plan, toolCallIds } = choice;
    const isToolAnswer = plan.toolCalls.length > 0 && plan.text === undefined;
    frames.push({ data: chunk(index, { role: 'assistant', content: isToolAnswer ? null : '', refusal: null }), tokens: 0 });
    if (plan.reasoningTokens > 0) frames.push({ data: '', tokens: plan.reasoningTokens });
    if (plan.text !== undefined) {
      const perPiece = plan.text.pieces.length === 0 ? 0 : plan.text.tokens / plan.text.pieces.length;
      for (const piece of plan.text.pieces) frames.push({ data: contentChunk(index, piece), tokens: perPiece });
    }
    plan.toolCalls.forEach((call, callIndex) => {
      const start = { index: callIndex, id: toolCallIds[callIndex], type: 'function', function: { name: call.name, arguments: '' } };
      frames.push({ data: chunk(index, { tool_calls: [start] }), tokens: countTokens(call.name) });
      for (const fragment of splitIntoTokenFragments(call.argumentsJson, 3)) {
        frames.push({ data: chunk(index, { tool_calls: [{ index: callIndex, function: { arguments: fragment } }] }), tokens: countTokens(fragment) });
      }
    });
    frames.push({ data: chunk(index, {}, openAIFinishReason(plan.finish)), tokens: 0 });
  });
  if (flags.includeUsage) frames.push({ data: `data: ${head}[]${tail(JSON.stringify(usage))}\n\n`, tokens: 0 });
  frames.push({ data: DONE_FRAME, tokens: 0 });
  return frames;
}

const PAD_POOL = randomIdPart(4096);

/** OpenAI's random `obfuscation` padding: slices of one random pool, varying in length per chunk. */
function obfuscationPad(): () => string {
  let offset = Math.floor(Math.random() * 4000);
  return () => {
    const length = 4 + (offset % 12);
    offset = (offset + 37) % (PAD_POOL.length - 16);
    return PAD_POOL.slice(offset, offset + length);
  };
}

/** A frame whose data line is not valid JSON (the `malformed` fault), placed mid-stream. */
export function malformFrames(frames: PacedFrame[]): PacedFrame[] {
  const broken = frames.slice();
  const middle = Math.max(1, Math.floor(broken.length / 2));
  broken.splice(middle, 0, { data: 'data: {"id":"chatcmpl-malformed","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":\n\n', tokens: 0 });
  return broken;
}
