/**
 * Plans one answer for any wire format: hidden reasoning, visible thinking, prose or JSON
 * content, tool calls; all inside the output cap, with stop sequences honoured. Each wire format
 * then only renders the plan. Token counts are of the text actually planned (o200k).
 */
import { generateSchemaInstance } from './schema-instance.js';
import { createSeededRandom, type SeededRandom } from './seeded-random.js';
import { generateProsePieces } from './text-generator.js';
import { countTokens, splitIntoTokenFragments, truncateToTokens } from './tokens.js';
import type { ToolSpec } from './tool-decision.js';

export type ResponseFormat = { kind: 'text' } | { kind: 'json_object' } | { kind: 'json_schema'; schema: unknown };

export interface AnswerPlanInput {
  seed: number;
  targetTokens: number;
  /** Cap on everything generated: reasoning, thinking, text and tool calls. */
  maxTokens: number | undefined;
  hiddenReasoningTokens: number;
  /** Visible thinking to emit before the answer (Anthropic extended thinking); 0 for none. */
  thinkingTokens: number;
  stopSequences: readonly string[];
  toolCalls: readonly ToolSpec[];
  /** Prose before the tool calls (Claude often says what it is about to do). */
  toolPreambleTokens: number;
  responseFormat: ResponseFormat;
}

export interface TextAnswer {
  text: string;
  /** Stream fragments, in order; joined they are `text`. */
  pieces: string[];
  tokens: number;
}

export interface PlannedToolCall {
  name: string;
  argumentsJson: string;
  /** Name plus arguments, as emitted. */
  tokens: number;
  /** False when the output cap cut the arguments short (they are then not valid JSON). */
  isComplete: boolean;
}

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'stop_sequence' | 'content_filter';

export interface PlannedAnswer {
  reasoningTokens: number;
  thinking: TextAnswer | undefined;
  text: TextAnswer | undefined;
  toolCalls: PlannedToolCall[];
  finish: FinishReason;
  stopSequence: string | null;
  outputTokens: number;
}

function proseAnswer(random: SeededRandom, tokens: number): TextAnswer {
  const pieces = generateProsePieces(random, tokens);
  return { text: pieces.join(''), pieces, tokens: pieces.length };
}

function textFromJson(text: string): TextAnswer {
  return { text, pieces: splitIntoTokenFragments(text, 2), tokens: countTokens(text) };
}

/** Prose pieces are one token each and can be cut by count; JSON is re-tokenised. */
function capText(answer: TextAnswer, budget: number, isProse: boolean): { answer: TextAnswer; isCut: boolean } {
  if (answer.tokens <= budget) return { answer, isCut: false };
  if (isProse) {
    const pieces = answer.pieces.slice(0, budget);
    return { answer: { text: pieces.join(''), pieces, tokens: pieces.length }, isCut: true };
  }
  const text = truncateToTokens(answer.text, budget);
  return { answer: textFromJson(text), isCut: true };
}

/** The earliest stop sequence in the text, and the text (and its pieces) before it. */
export function applyStopSequences(answer: TextAnswer, stops: readonly string[]): { answer: TextAnswer; matched: string | null } {
  let cutAt = -1;
  let matched: string | null = null;
  for (const stop of stops) {
    if (stop.length === 0) continue;
    const index = answer.text.indexOf(stop);
    if (index >= 0 && (cutAt < 0 || index < cutAt)) [cutAt, matched] = [index, stop];
  }
  if (cutAt < 0) return { answer, matched: null };
  const pieces: string[] = [];
  let length = 0;
  for (const piece of answer.pieces) {
    if (length + piece.length <= cutAt) pieces.push(piece);
    else if (length < cutAt) pieces.push(piece.slice(0, cutAt - length));
    else break;
    length += piece.length;
  }
  const text = answer.text.slice(0, cutAt);
  return { answer: { text, pieces, tokens: countTokens(text) }, matched };
}

function contentAnswer(input: AnswerPlanInput, random: SeededRandom): TextAnswer {
  const format = input.responseFormat;
  if (format.kind === 'json_schema') return textFromJson(JSON.stringify(generateSchemaInstance(format.schema, random)));
  if (format.kind === 'json_object') {
    const prose = proseAnswer(random, Math.max(1, input.targetTokens - 5));
    return textFromJson(JSON.stringify({ answer: prose.text }));
  }
  return proseAnswer(random, input.targetTokens);
}

export function planAnswer(input: AnswerPlanInput): PlannedAnswer {
  const random = createSeededRandom(input.seed);
  let budget = input.maxTokens ?? Number.POSITIVE_INFINITY;
  const plan: PlannedAnswer = { reasoningTokens: 0, thinking: undefined, text: undefined, toolCalls: [], finish: 'stop', stopSequence: null, outputTokens: 0 };
  const finish = (reason: FinishReason): PlannedAnswer => {
    plan.finish = reason;
    plan.outputTokens =
      plan.reasoningTokens + (plan.thinking?.tokens ?? 0) + (plan.text?.tokens ?? 0) + plan.toolCalls.reduce((sum, call) => sum + call.tokens, 0);
    return plan;
  };

  plan.reasoningTokens = Math.min(input.hiddenReasoningTokens, budget);
  budget -= plan.reasoningTokens;
  if (budget <= 0 && (input.hiddenReasoningTokens > 0 || input.maxTokens === 0)) return finish('length');

  if (input.thinkingTokens > 0) {
    plan.thinking = proseAnswer(random, Math.min(input.thinkingTokens, budget));
    budget -= plan.thinking.tokens;
    if (budget <= 0) return finish('length');
  }

  if (input.toolCalls.length > 0) {
    if (input.toolPreambleTokens > 0) {
      plan.text = proseAnswer(random, Math.min(input.toolPreambleTokens, budget));
      budget -= plan.text.tokens;
    }
    for (const tool of input.toolCalls) {
      const argumentsJson = JSON.stringify(generateSchemaInstance(tool.parameters ?? { type: 'object' }, random));
      const nameTokens = countTokens(tool.name);
      const tokens = nameTokens + countTokens(argumentsJson);
      if (tokens <= budget) {
        plan.toolCalls.push({ name: tool.name, argumentsJson, tokens, isComplete: true });
        budget -= tokens;
        continue;
      }
      const cut = truncateToTokens(argumentsJson, Math.max(0, budget - nameTokens));
      plan.toolCalls.push({ name: tool.name, argumentsJson: cut, tokens: Math.min(nameTokens, budget) + countTokens(cut), isComplete: false });
      return finish('length');
    }
    return finish('tool_calls');
  }

  const capped = capText(contentAnswer(input, random), budget, input.responseFormat.kind === 'text');
  const stopped = applyStopSequences(capped.answer, input.stopSequences);
  plan.text = stopped.answer;
  if (stopped.matched !== null) {
    plan.stopSequence = stopped.matched;
    return finish('stop_sequence');
  }
  return finish(capped.isCut ? 'length' : 'stop');
}

/**
 * The answer as a provider's safety system leaves it (the `content_filter` fault): the first half
 * of the text, no tool calls, finished by the filter. Reasoning already spent stays billed.
 */
export function applyContentFilter(plan: PlannedAnswer): PlannedAnswer {
  const pieces = plan.text?.pieces.slice(0, Math.floor((plan.text?.pieces.length ?? 0) / 2)) ?? [];
  const text = plan.text === undefined ? undefined : { text: pieces.join(''), pieces, tokens: countTokens(pieces.join('')) };
  const outputTokens = plan.reasoningTokens + (plan.thinking?.tokens ?? 0) + (text?.tokens ?? 0);
  return { ...plan, text, toolCalls: [], finish: 'content_filter', stopSequence: null, outputTokens };
}
