/** Renders planned answers as a `chat.completion` object, with OpenAI's usage shape. */
import type { FinishReason, PlannedAnswer } from '../answer-plan.js';
import { randomIdPart } from '../seeded-random.js';

export interface ChatCompletionEnvelope {
  id: string;
  created: number;
  model: string;
  serviceTier: string;
  systemFingerprint: string;
}

export interface RenderedChoice {
  plan: PlannedAnswer;
  toolCallIds: string[];
}

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

export function openAIFinishReason(finish: FinishReason): 'stop' | 'length' | 'tool_calls' {
  return finish === 'stop_sequence' ? 'stop' : finish;
}

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

function assistantMessage(choice: RenderedChoice): Record<string, unknown> {
  const { plan, toolCallIds } = choice;
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: plan.toolCalls.length > 0 && plan.text === undefined ? null : (plan.text?.text ?? ''),
    refusal: null,
    annotations: [],
  };
  if (plan.toolCalls.length > 0) {
    message.tool_calls = plan.toolCalls.map((call, index) => ({
      id: toolCallIds[index],
      type: 'function',
      function: { name: call.name, arguments: call.argumentsJson },
    }));
  }
  return message;
}

export function chatCompletionBody(envelope: ChatCompletionEnvelope, choices: readonly RenderedChoice[], usage: OpenAIUsage): Record<string, unknown> {
  return {
    id: envelope.id,
    object: 'chat.completion',
    created: envelope.created,
    model: envelope.model,
    choices: choices.map((choice, index) => ({
      index,
      message: assistantMessage(choice),
      logprobs: null,
      finish_reason: openAIFinishReason(choice.plan.finish),
    })),
    usage,
    service_tier: envelope.serviceTier,
    system_fingerprint: envelope.systemFingerprint,
  };
}
