/**
 * ChatRequest → an OpenAI chat completions body. The body then takes the same path as a client's
 * own OpenAI body (prepareOpenAIChatBody), so stream usage, service tiers and metadata rules apply.
 */
import type { ChatRequest, ResponseFormat, ToolChoice } from '../../core/chat.js';
import type { JsonObject } from '../adapter.js';
import { toOpenAIMessages } from './translate-openai-messages.js';

/** OpenAI's own API (and Azure's) refuse `max_tokens` for reasoning models; other OpenAI-format APIs know only it. */
const MAX_COMPLETION_TOKENS_TYPES = new Set(['openai', 'azure-openai']);

export function buildOpenAIChatBody(request: ChatRequest, model: string, stream: boolean, providerType: string): { body: JsonObject; warnings: string[] } {
  const warnings: string[] = [];
  const body: JsonObject = { model, messages: toOpenAIMessages(request.messages, providerType, warnings) };
  if (stream) body.stream = true;
  // OpenAI refuses tool_choice and parallel_tool_calls without tools; without tools they mean nothing.
  if (request.tools && request.tools.length > 0) {
    body.tools = request.tools.map((tool) => {
      const definition: JsonObject = { name: tool.name, parameters: tool.parameters };
      if (tool.description !== undefined) definition.description = tool.description;
      if (tool.strict !== undefined) definition.strict = tool.strict;
      return { type: 'function', function: definition };
    });
    if (request.toolChoice !== undefined) body.tool_choice = toolChoice(request.toolChoice);
    if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls;
  }
  if (request.maxOutputTokens !== undefined) {
    body[MAX_COMPLETION_TOKENS_TYPES.has(providerType) ? 'max_completion_tokens' : 'max_tokens'] = request.maxOutputTokens;
  }
  setIfDefined(body, 'temperature', request.temperature);
  setIfDefined(body, 'top_p', request.topP);
  setIfDefined(body, 'frequency_penalty', request.frequencyPenalty);
  setIfDefined(body, 'presence_penalty', request.presencePenalty);
  if (request.stop && request.stop.length > 0) body.stop = request.stop;
  setIfDefined(body, 'seed', request.seed);
  setIfDefined(body, 'n', request.n);
  if (request.responseFormat !== undefined) body.response_format = responseFormat(request.responseFormat);
  setIfDefined(body, 'reasoning_effort', request.reasoningEffort);
  setIfDefined(body, 'logprobs', request.logprobs);
  setIfDefined(body, 'top_logprobs', request.topLogprobs);
  setIfDefined(body, 'user', request.endUser);
  if (request.topK !== undefined) warnings.push(`top_k is not sent to ${providerType}: OpenAI-format APIs have no such parameter`);
  if (request.reasoningBudgetTokens !== undefined) {
    warnings.push(`a thinking budget of ${request.reasoningBudgetTokens} tokens is not sent to ${providerType}, which takes reasoning_effort instead`);
  }
  return { body, warnings };
}

function toolChoice(choice: ToolChoice): string | JsonObject {
  return typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };
}

function responseFormat(format: ResponseFormat): JsonObject {
  if (format.type !== 'json_schema') return { type: format.type };
  const schema: JsonObject = { name: format.name, schema: format.schema };
  if (format.strict !== undefined) schema.strict = format.strict;
  if (format.description !== undefined) schema.description = format.description;
  return { type: 'json_schema', json_schema: schema };
}

function setIfDefined(body: JsonObject, field: string, value: unknown): void {
  if (value !== undefined) body[field] = value;
}
