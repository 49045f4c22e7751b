/**
 * ChatRequest → an Anthropic Messages body. What Anthropic cannot honour is rejected (`n` > 1)
 * or dropped with a warning (seed, logprobs, penalties); see anthropic-parameter-support.ts.
 */
import type { ChatMessage, ChatRequest } from '../../core/chat.js';
import { TollgateError } from '../../core/errors.js';
import type { ChatCallContext, JsonObject } from '../adapter.js';
import { defaultMaxTokensFor } from './anthropic-model-facts.js';
import { anthropicServiceTier } from './prepare-anthropic-request.js';
import { toAnthropicConversation } from './translate-anthropic-messages.js';
import { translateThinking } from './translate-anthropic-thinking.js';
import { translateAnthropicTools } from './translate-anthropic-tools.js';

export function buildAnthropicBody(request: ChatRequest, context: ChatCallContext): { body: JsonObject; warnings: string[] } {
  const warnings: string[] = [];
  if (request.n !== undefined && request.n > 1) {
    throw new TollgateError('unsupported_parameter', `n = ${request.n}: anthropic returns one choice per request; send n separate requests or leave n out`, {
      param: 'n',
      isRetryable: false,
    });
  }
  const model = context.model;
  const conversation = toAnthropicConversation(request.messages, warnings);
  const maxTokens = request.maxOutputTokens ?? context.account.defaultMaxTokens ?? defaultMaxTokensFor(model);
  const body: JsonObject = { model, max_tokens: maxTokens, messages: conversation.messages };
  if (conversation.system.length > 0) body.system = conversation.system;
  if (context.stream) body.stream = true;

  const toolFields = translateAnthropicTools(request, model, warnings);
  if (toolFields.tools) body.tools = toolFields.tools;
  if (toolFields.tool_choice) body.tool_choice = toolFields.tool_choice;
  if (toolFields.output_config) body.output_config = toolFields.output_config;

  const thinking = translateThinking(
    { request, model, maxTokens, forcesTool: toolFields.forcesTool, lastToolTurnUnsigned: lastToolTurnUnsigned(request.messages) },
    warnings,
  );
  if (thinking) body.thinking = thinking;
  setSampling(body, request, thinking !== undefined, warnings);

  const stops = (request.stop ?? []).filter((stop) => stop.trim() !== '');
  if (stops.length < (request.stop?.length ?? 0)) warnings.push('whitespace-only stop sequences are not sent: Anthropic refuses them');
  if (stops.length > 0) body.stop_sequences = stops;
  if (request.endUser !== undefined) body.metadata = { user_id: request.endUser };
  const serviceTier = anthropicServiceTier(context.tier, model, warnings);
  if (serviceTier) body.service_tier = serviceTier;

  if (request.seed !== undefined) warnings.push('seed is not sent: Anthropic has no seeded sampling');
  if (request.logprobs !== undefined || request.topLogprobs !== undefined) warnings.push('logprobs are not sent: Anthropic does not return token log probabilities');
  if (request.frequencyPenalty !== undefined || request.presencePenalty !== undefined) {
    warnings.push('frequency_penalty and presence_penalty are not sent: Anthropic has no repetition penalties');
  }
  return { body, warnings };
}

/**
 * Anthropic's temperature runs 0–1 (OpenAI's 0–2); newer models refuse temperature and top_p
 * together; thinking wants temperature 1, top_p ≥ 0.95 and no top_k.
 */
function setSampling(body: JsonObject, request: ChatRequest, isThinking: boolean, warnings: string[]): void {
  let { temperature, topP, topK } = request;
  if (temperature !== undefined && temperature > 1) {
    warnings.push(`temperature ${temperature} lowered to 1, Anthropic's maximum`);
    temperature = 1;
  }
  if (isThinking) {
    if (temperature !== undefined && temperature !== 1) warnings.push('temperature is not sent while thinking: Anthropic requires the default');
    if (temperature !== 1) temperature = undefined;
    if (topP !== undefined && topP < 0.95) {
      warnings.push('top_p below 0.95 is not sent while thinking: Anthropic refuses it');
      topP = undefined;
    }
    if (topK !== undefined) {
      warnings.push('top_k is not sent while thinking: Anthropic refuses it');
      topK = undefined;
    }
  }
  if (temperature !== undefined && topP !== undefined) {
    warnings.push('top_p is not sent beside temperature: newer Anthropic models refuse both together');
    topP = undefined;
  }
  if (temperature !== undefined) body.temperature = temperature;
  if (topP !== undefined) body.top_p = topP;
  if (topK !== undefined) body.top_k = topK;
}

/** Whether the conversation ends in a tool loop whose assistant turn carries no signed thinking. */
function lastToolTurnUnsigned(messages: readonly ChatMessage[]): boolean {
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    const message = messages[index];
    if (!message || message.role === 'tool') continue;
    if (message.role !== 'assistant') return false;
    if (!message.toolCalls || message.toolCalls.length === 0) return false;
    return !(message.reasoning ?? []).some((part) => part.signature !== undefined || part.redactedData !== undefined);
  }
  return false;
}
