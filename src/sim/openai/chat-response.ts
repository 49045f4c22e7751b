/** Renders planned answers as a `chat.completion` object, shaped by the provider's flavour. */
import type { FinishReason, PlannedAnswer } from '../answer-plan.js';
import { randomIdPart } from '../seeded-random.js';
import type { BodyShape, ChatEnvelope, ChatFlavour, RenderedChoice } from './chat-flavour.js';

export type { ChatEnvelope, RenderedChoice } from './chat-flavour.js';

export interface OpenAIUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number; audio_tokens: number };
  completion_tokens_details: { reasoning_tokens: number; audio_tokens: number; accepted_prediction_tokens: number; rejected_prediction_tokens: number };
}

export function newChatCompletionId(): string {
  return `chatcmpl-${randomIdPart(29)}`;
}

export function newToolCallId(): string {
  return `call_${randomIdPart(24)}`;
}

export type ChatFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

export function openAIFinishReason(finish: FinishReason): ChatFinishReason {
  return finish === 'stop_sequence' ? 'stop' : finish;
}

/** OpenAI's usage: hidden reasoning is billed inside completion_tokens. */
export function openAIUsage(promptTokens: number, cachedTokens: number, plans: readonly PlannedAnswer[]): OpenAIUsage {
  const completion = plans.reduce((sum, plan) => sum + plan.outputTokens, 0);
  const reasoning = plans.reduce((sum, plan) => sum + plan.reasoningTokens, 0);
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completion,
    total_tokens: promptTokens + completion,
    prompt_tokens_details: { cached_tokens: cachedTokens, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: reasoning, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

export function toolCallObject(shape: { hasType: boolean; hasIndex: boolean }, index: number, id: string | undefined, name: string, argumentsJson: string): Record<string, unknown> {
  const call: Record<string, unknown> = {};
  if (shape.hasIndex) call.index = index;
  call.id = id;
  if (shape.hasType) call.type = 'function';
  call.function = { name, arguments: argumentsJson };
  return call;
}

function assistantMessage(choice: RenderedChoice, shape: BodyShape): Record<string, unknown> {
  const { plan, toolCallIds } = choice;
  const isToolOnly = plan.toolCalls.length > 0 && plan.text === undefined;
  const message: Record<string, unknown> = { role: 'assistant' };
  if (!isToolOnly) message.content = plan.text?.text ?? '';
  else if (shape.toolOnlyContent !== 'omit') message.content = shape.toolOnlyContent;
  if (plan.thinking !== undefined) message.reasoning_content = plan.thinking.text;
  Object.assign(message, shape.messageExtras);
  if (plan.toolCalls.length > 0) {
    message.tool_calls = plan.toolCalls.map((call, index) => toolCallObject(shape.toolCall, index, toolCallIds[index], call.name, call.argumentsJson));
  } else if (shape.hasNullToolCalls) {
    message.tool_calls = null;
  }
  return message;
}

export function chatCompletionBody(
  flavour: ChatFlavour,
  envelope: ChatEnvelope,
  choices: readonly RenderedChoice[],
  usage: Record<string, unknown>,
  seed: number,
): Record<string, unknown> {
  return {
    id: envelope.id,
    object: 'chat.completion',
    created: envelope.created,
    model: envelope.model,
    choices: choices.map((choice, index) => ({
      index,
      message: assistantMessage(choice, flavour.body),
      ...(flavour.body.hasChoiceLogprobs ? { logprobs: null } : {}),
      finish_reason: openAIFinishReason(choice.plan.finish),
    })),
    ...flavour.bodyFields(envelope, usage, seed),
  };
}
