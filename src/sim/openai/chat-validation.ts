/**
 * Checks the real API makes beyond field types, with its wording: reasoning models refuse
 * `max_tokens` and non-default temperatures, caps above the model's output limit, JSON mode
 * without the word "json", a tool_choice that names no offered tool, stream_options without
 * stream.
 */
import type { SimModelInfo } from '../model-list.js';
import type { ChatRequest } from './chat-request.js';
import { messageText } from './chat-prompt.js';
import { invalidRequest, type OpenAIErrorDetails } from './openai-errors.js';

export function validateChatRequest(request: ChatRequest, model: SimModelInfo): OpenAIErrorDetails | undefined {
  if (model.isReasoning && request.max_tokens !== undefined && request.max_tokens !== null) {
    return invalidRequest("Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", 'max_tokens', 'unsupported_parameter');
  }
  if (model.isReasoning && request.temperature !== undefined && request.temperature !== null && request.temperature !== 1) {
    return invalidRequest(
      `Unsupported value: 'temperature' does not support ${request.temperature} with this model. Only the default (1) value is supported.`,
      'temperature',
      'unsupported_value',
    );
  }
  for (const field of ['max_tokens', 'max_completion_tokens'] as const) {
    const value = request[field];
    if (value !== undefined && value !== null && value > model.maxOutputTokens) {
      return invalidRequest(
        `${field} is too large: ${value}. This model supports at most ${model.maxOutputTokens} completion tokens, whereas you provided ${value}.`,
        field,
        'invalid_value',
      );
    }
  }
  if (request.stream_options !== undefined && request.stream_options !== null && request.stream !== true) {
    return invalidRequest("The 'stream_options' parameter is only allowed when 'stream' is enabled.", 'stream_options');
  }
  const format = request.response_format;
  if (format?.type === 'json_object' && !request.messages.some((message) => /json/i.test(messageText(message.content)))) {
    return invalidRequest("'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.", 'messages');
  }
  if (format?.type === 'json_schema' && format.json_schema === undefined) {
    return invalidRequest("Missing required parameter: 'response_format.json_schema'.", 'response_format.json_schema', 'missing_required_parameter');
  }
  return validateToolChoice(request);
}

/** A tool_choice needs tools, and a named choice needs a tool of that name (every flavour checks this). */
export function validateToolChoice(request: ChatRequest): OpenAIErrorDetails | undefined {
  const tools = request.tools ?? [];
  const choice = request.tool_choice;
  if (choice !== undefined && choice !== null && tools.length === 0) {
    return invalidRequest("Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.", 'tool_choice');
  }
  if (typeof choice === 'object' && choice !== null && !tools.some((tool) => tool.function?.name === choice.function.name)) {
    return invalidRequest(`Invalid value for 'tool_choice': no function named '${choice.function.name}' was specified in the 'tools' parameter.`, 'tool_choice');
  }
  return undefined;
}
