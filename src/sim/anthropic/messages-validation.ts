/** Checks the Messages API makes beyond field types, in its wording. */
import type { SimModelInfo } from '../model-list.js';
import type { AnthropicPrompt } from './anthropic-prompt.js';
import type { MessagesRequest } from './messages-request.js';

const MAX_BREAKPOINTS = 4;
const MIN_THINKING_BUDGET = 1024;

export function validateMessagesRequest(request: MessagesRequest, model: SimModelInfo, prompt: AnthropicPrompt): string | undefined {
  if (request.messages.length === 0) return 'messages: at least one message is required';
  if (request.max_tokens > model.maxOutputTokens) {
    return `max_tokens: ${request.max_tokens} > ${model.maxOutputTokens}, which is the maximum allowed number of output tokens for ${model.responseModel}`;
  }
  const thinking = request.thinking;
  if (thinking?.type === 'enabled') {
    if (thinking.budget_tokens < MIN_THINKING_BUDGET) return `thinking.enabled.budget_tokens: Input should be greater than or equal to ${MIN_THINKING_BUDGET}`;
    if (thinking.budget_tokens >= request.max_tokens) {
      return '`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size';
    }
  }
  const choice = request.tool_choice;
  const tools = request.tools ?? [];
  if (choice !== undefined && choice.type !== 'none' && tools.length === 0) return 'tool_choice may only be specified while providing tools.';
  if (choice?.type === 'tool' && !tools.some((tool) => tool.name === choice.name)) return `tool_choice.name: Tool '${choice.name ?? ''}' not found in tools`;
  if ((choice?.type === 'any' || choice?.type === 'tool') && thinking !== undefined && thinking.type !== 'disabled') {
    return 'Thinking may not be enabled when tool_choice forces tool use.';
  }
  if (prompt.breakpoints.length > MAX_BREAKPOINTS) {
    return `A maximum of ${MAX_BREAKPOINTS} blocks with cache_control may be provided. Found ${prompt.breakpoints.length}.`;
  }
  return undefined;
}
