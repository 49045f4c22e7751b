/**
 * Renders planned answers as `chat.completion.chunk` SSE frames, shaped by the flavour: an
 * optional role chunk, reasoning deltas (visible reasoning) or a silent pause (hidden reasoning),
 * content deltas, tool calls (argument fragments after a naming delta, or each call whole), then
 * the finish reason on its own chunk or on the last delta, usage where the provider puts it, and
 * `[DONE]`.
 */
import { randomIdPart } from '../seeded-random.js';
import type { PacedFrame } from '../sse-writer.js';
import { countTokens, splitIntoTokenFragments } from '../tokens.js';
import type { ChatEnvelope, ChatFlavour, ChunkPosition, RenderedChoice } from './chat-flavour.js';
import { openAIFinishReason, toolCallObject } from './chat-response.js';

export interface StreamFlags {
  includeUsage: boolean;
  /** OpenAI pads chunks with a random `obfuscation` field unless told not to. */
  includeObfuscation: boolean;
}

export const DONE_FRAME = 'data: [DONE]\n\n';

interface Delta {
  /** A plain content piece (the common case, rendered without building an object) or a whole delta. */
  content?: string;
  delta?: Record<string, unknown>;
  tokens: number;
}

function fieldsJson(fields: Record<string, unknown>): string {
  let text = '';
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) text += `,${JSON.stringify(key)}:${JSON.stringify(value)}`;
  return text;
}

function choiceDeltas(flavour: ChatFlavour, choice: RenderedChoice): Delta[] {
  const { plan, toolCallIds } = choice;
  const shape = flavour.stream;
  const deltas: Delta[] = [];
  if (plan.thinking !== undefined) {
    const perPiece = plan.thinking.pieces.length === 0 ? 0 : plan.thinking.tokens / plan.thinking.pieces.length;
    for (const piece of plan.thinking.pieces) deltas.push({ delta: { reasoning_content: piece }, tokens: perPiece });
  }
  if (plan.text !== undefined) {
    const perPiece = plan.text.pieces.length === 0 ? 0 : plan.text.tokens / plan.text.pieces.length;
    for (const piece of plan.text.pieces) deltas.push({ content: piece, tokens: perPiece });
  }
  plan.toolCalls.forEach((call, callIndex) => {
    const id = toolCallIds[callIndex];
    if (shape.toolCalls === 'whole') {
      const whole = toolCallObject(shape.toolCallDelta, callIndex, id, call.name, call.argumentsJson);
      deltas.push({ delta: { ...shape.toolDeltaPrefix, tool_calls: [whole] }, tokens: call.tokens });
      return;
    }
    deltas.push({ delta: { tool_calls: [toolCallObject(shape.toolCallDelta, callIndex, id, call.name, '')] }, tokens: countTokens(call.name) });
    for (const fragment of splitIntoTokenFragments(call.argumentsJson, 3)) {
      const piece: Record<string, unknown> = { function: { arguments: fragment } };
      deltas.push({ delta: { tool_calls: [shape.toolCallDelta.hasIndex ? { index: callIndex, ...piece } : piece] }, tokens: countTokens(fragment) });
    }
  });
  return deltas;
}

export function chatCompletionFrames(
  flavour: ChatFlavour,
  envelope: ChatEnvelope,
  choices: readonly RenderedChoice[],
  usage: Record<string, unknown>,
  flags: StreamFlags,
): PacedFrame[] {
  const shape = flavour.stream;
  const isUsageOnLastDelta = shape.usage === 'last-delta';
  const head =
    `{"id":${JSON.stringify(envelope.id)},"object":"chat.completion.chunk","created":${envelope.created},"model":${JSON.stringify(envelope.model)}` +
    `${fieldsJson(flavour.chunkHeadFields(envelope))},"choices":`;
  const padding = shape.isOpenAIPadded && flags.includeObfuscation ? obfuscationPad() : undefined;
  const tail = (position: ChunkPosition, chunkUsage?: Record<string, unknown>): string => {
    let text = '';
    if (chunkUsage !== undefined) text += `,"usage":${JSON.stringify(chunkUsage)}`;
    else if (shape.isOpenAIPadded && flags.includeUsage) text += ',"usage":null';
    text += fieldsJson(flavour.chunkTailFields(envelope, position, position === 'finish' || position === 'usage' ? usage : undefined));
    if (padding !== undefined) text += `,"obfuscation":"${padding()}"`;
    return `${text}}`;
  };
  const middleTail = padding === undefined ? tail('middle') : undefined;
  const choiceJson = (index: number, delta: string, finishReason: string | null): string =>
    shape.hasNullChoiceFields
      ? `{"index":${index},"delta":${delta},"logprobs":null,"finish_reason":${JSON.stringify(finishReason)}}`
      : `{"index":${index},"delta":${delta}${finishReason === null ? '' : `,"finish_reason":${JSON.stringify(finishReason)}`}}`;
  const frame = (choicesJson: string, chunkTail: string): string => `data: ${head}[${choicesJson}]${chunkTail}\n\n`;

  const frames: PacedFrame[] = [];
  let isFirstChunk = true;
  const nextPosition = (): ChunkPosition => {
    const position: ChunkPosition = isFirstChunk ? 'first' : 'middle';
    isFirstChunk = false;
    return position;
  };
  choices.forEach((choice, index) => {
    const { plan } = choice;
    const isToolOnly = plan.toolCalls.length > 0 && plan.text === undefined;
    const isLastChoice = index === choices.length - 1;
    const finishReason = openAIFinishReason(plan.finish);
    if (shape.roleChunk === 'separate') {
      frames.push({ data: frame(choiceJson(index, JSON.stringify(shape.roleDelta(isToolOnly)), null), tail(nextPosition())), tokens: 0 });
    }
    if (plan.reasoningTokens > 0) frames.push({ data: '', tokens: plan.reasoningTokens });
    const deltas = choiceDeltas(flavour, choice);
    if (isUsageOnLastDelta && deltas.length === 0) deltas.push({ content: '', tokens: 0 });
    deltas.forEach((delta, deltaIndex) => {
      const isFinishing = isUsageOnLastDelta && deltaIndex === deltas.length - 1;
      const needsRole = shape.roleChunk === 'merged' && deltaIndex === 0;
      let deltaJson: string;
      if (delta.content !== undefined && !needsRole) deltaJson = `{"content":${JSON.stringify(delta.content)}}`;
      else deltaJson = JSON.stringify({ ...(delta.delta ?? { content: delta.content }), ...(needsRole ? { role: 'assistant' } : {}) });
      const position = isFinishing ? 'finish' : nextPosition();
      const chunkTail = isFinishing ? tail('finish', isLastChoice ? usage : undefined) : position === 'middle' && middleTail !== undefined ? middleTail : tail(position);
      frames.push({ data: frame(choiceJson(index, deltaJson, isFinishing ? finishReason : null), chunkTail), tokens: delta.tokens });
    });
    if (!isUsageOnLastDelta) {
      const emptyDelta = shape.roleChunk === 'merged' && deltas.length === 0 ? '{"role":"assistant"}' : '{}';
      frames.push({ data: frame(choiceJson(index, emptyDelta, finishReason), tail('finish')), tokens: 0 });
    }
  });
  if (!isUsageOnLastDelta && flags.includeUsage) frames.push({ data: frame('', tail('usage', usage)), tokens: 0 });
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
