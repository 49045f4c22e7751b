/**
 * The shared ChatRequest → a Cohere v2 chat request (the translated lane). Cohere has no named
 * tool_choice: naming a tool sends only that tool, with `tool_choice: REQUIRED`, which means the
 * same. Reasoning: a budget becomes `thinking.token_budget`; an effort only switches thinking on
 * (or off for "none"), as Cohere has no effort levels.
 */
import type { ChatRequest, ChatTool } from '../../core/chat.js';
import { TollgateError } from '../../core/errors.js';
import type { ChatCallContext, JsonObject, PreparedRequest } from '../adapter.js';
import { cohereRequest, cohereTierWarning, cohereUrl } from './cohere-request.js';
import { convertCohereMessages } from './convert-cohere-messages.js';

export function translateCohereRequest(request: ChatRequest, context: ChatCallContext): PreparedRequest {
  const warnings = new Set<string>();
  if (request.n !== undefined && request.n > 1) {
    throw new TollgateError('unsupported_parameter', 'n: cohere returns one choice per request; send n > 1 as separate requests', { param: 'n', isRetryable: false });
  }
  const { messages, documents } = convertCohereMessages(request.messages, warnings);
  const body: JsonObject = { model: context.model, messages };
  if (context.stream) body.stream = true;
  if (documents.length > 0) body.documents = documents;
  Object.assign(body, toolFields(request.tools ?? [], request.toolChoice));
  if (request.maxOutputTokens !== undefined) body.max_tokens = request.maxOutputTokens;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.p = request.topP;
  if (request.topK !== undefined) body.k = request.topK;
  if (request.seed !== undefined) body.seed = request.seed;
  if (request.stop && request.stop.length > 0) body.stop_sequences = request.stop;
  if (request.frequencyPenalty !== undefined) body.frequency_penalty = request.frequencyPenalty;
  if (request.presencePenalty !== undefined) body.presence_penalty = request.presencePenalty;
  const format = request.responseFormat;
  if (format?.type === 'json_object') body.response_format = { type: 'json_object' };
  if (format?.type === 'json_schema') body.response_format = { type: 'json_object', json_schema: format.schema };
  const thinking = thinkingOf(request, warnings);
  if (thinking) body.thinking = thinking;
  if (request.parallelToolCalls === false) warnings.add('parallel_tool_calls: cohere cannot be told to call one tool at a time; dropped');
  if (request.logprobs || request.topLogprobs !== undefined) warnings.add('logprobs: not returned through cohere translation; dropped');
  if (request.endUser !== undefined) warnings.add('user: cohere takes no end-user id; dropped');
  const tierWarning = cohereTierWarning(context.tier);
  if (tierWarning) warnings.add(tierWarning);
  return cohereRequest(cohereUrl(context.account.baseUrl, '/chat'), body, context.account, [...warnings]);
}

function toolFields(tools: readonly ChatTool[], toolChoice: ChatRequest['toolChoice']): JsonObject {
  if (tools.length === 0) return {};
  const offered = typeof toolChoice === 'object' ? tools.filter((tool) => tool.name === toolChoice.name) : tools;
  if (typeof toolChoice === 'object' && offered.length === 0) {
    throw new TollgateError('invalid_request', `tool_choice: no tool named "${toolChoice.name}" was given`, { param: 'tool_choice', isRetryable: false });
  }
  const fields: JsonObject = {
    tools: offered.map((tool) => ({
      type: 'function',
      function: { name: tool.name, ...(tool.description !== undefined ? { description: tool.description } : {}), parameters: tool.parameters },
    })),
  };
  if (toolChoice === 'none') fields.tool_choice = 'NONE';
  if (toolChoice === 'required' || typeof toolChoice === 'object') fields.tool_choice = 'REQUIRED';
  if (offered.some((tool) => tool.strict)) fields.strict_tools = true;
  return fields;
}

function thinkingOf(request: ChatRequest, warnings: Set<string>): JsonObject | undefined {
  if (request.reasoningBudgetTokens !== undefined) {
    return request.reasoningBudgetTokens > 0 ? { type: 'enabled', token_budget: request.reasoningBudgetTokens } : { type: 'disabled' };
  }
  const effort = request.reasoningEffort;
  if (effort === undefined) return undefined;
  if (effort === 'none') return { type: 'disabled' };
  warnings.add(`reasoning_effort "${effort}": cohere has no effort levels; thinking was switched on with the model's default budget`);
  return { type: 'enabled' };
}
