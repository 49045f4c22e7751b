/** Renders a planned answer as a Cohere v2 chat response: message, finish_reason and the two-level usage. */
import { randomUUID } from 'node:crypto';
import type { FinishReason, PlannedAnswer } from '../answer-plan.js';
import { randomIdPart } from '../seeded-random.js';
import { ANSWER_OVERHEAD_TOKENS, TOOL_CALL_OVERHEAD_TOKENS, type CoherePrompt } from './cohere-prompt.js';

export type CohereFinishReason = 'COMPLETE' | 'MAX_TOKENS' | 'TOOL_CALL' | 'STOP_SEQUENCE' | 'ERROR';

export function cohereFinishReason(finish: FinishReason): CohereFinishReason {
  const reasons: Record<FinishReason, CohereFinishReason> = { stop: 'COMPLETE', length: 'MAX_TOKENS', tool_calls: 'TOOL_CALL', stop_sequence: 'STOP_SEQUENCE', content_filter: 'ERROR' };
  return reasons[finish];
}

export interface CohereToolCall {
  id: string;
  name: string;
  argumentsJson: string;
}

/** What the answer holds: the plan, its tool calls with Cohere ids (`<name>_<12 characters>`), whole calls only. */
export interface CohereAnswer {
  id: string;
  plan: PlannedAnswer;
  toolCalls: CohereToolCall[];
  billedOutput: number;
}

export function cohereAnswerOf(plan: PlannedAnswer): CohereAnswer {
  const complete = plan.toolCalls.filter((call) => call.isComplete);
  const dropped = plan.toolCalls.filter((call) => !call.isComplete).reduce((sum, call) => sum + call.tokens, 0);
  return {
    id: randomUUID(),
    plan,
    toolCalls: complete.map((call) => ({ id: `${call.name}_${randomIdPart(12, 'abcdefghijklmnopqrstuvwxyz0123456789')}`, name: call.name, argumentsJson: call.argumentsJson })),
    billedOutput: plan.outputTokens - dropped,
  };
}

export function cohereUsage(prompt: CoherePrompt, cachedTokens: number, answer: CohereAnswer): Record<string, unknown> {
  return {
    billed_units: { input_tokens: prompt.billed, output_tokens: answer.billedOutput },
    tokens: { input_tokens: prompt.sequence.length, output_tokens: answer.billedOutput + ANSWER_OVERHEAD_TOKENS + TOOL_CALL_OVERHEAD_TOKENS * answer.toolCalls.length },
    cached_tokens: cachedTokens,
  };
}

export function toolCallObject(call: CohereToolCall): Record<string, unknown> {
  return { id: call.id, type: 'function', function: { name: call.name, arguments: call.argumentsJson } };
}

export function cohereChatBody(answer: CohereAnswer, usage: Record<string, unknown>): Record<string, unknown> {
  const { plan } = answer;
  const message: Record<string, unknown> = { role: 'assistant' };
  if (answer.toolCalls.length > 0) {
    message.tool_plan = plan.text?.text ?? '';
    message.tool_calls = answer.toolCalls.map(toolCallObject);
  } else {
    message.content = [{ type: 'text', text: plan.text?.text ?? '' }];
  }
  return { id: answer.id, message, finish_reason: cohereFinishReason(plan.finish), usage };
}
