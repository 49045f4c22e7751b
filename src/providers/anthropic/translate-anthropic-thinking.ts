/**
 * Reasoning requests → Anthropic's extended thinking. A budget is taken as given; an effort
 * level maps to a budget (low 1024, medium 4096, high 16384, xhigh 32768; none and minimal mean
 * no thinking). Anthropic wants 1024 ≤ budget < max_tokens, no forced tool, and default
 * sampling while thinking, so those are settled here, each change with a warning.
 */
import type { ChatRequest, ReasoningEffort } from '../../core/chat.js';
import type { JsonObject } from '../adapter.js';
import { supportsThinking } from './anthropic-model-facts.js';

const MIN_BUDGET = 1024;

const EFFORT_BUDGETS: Readonly<Record<ReasoningEffort, number>> = {
  none: 0,
  minimal: 0,
  low: 1024,
  medium: 4096,
  high: 16_384,
  xhigh: 32_768,
};

export interface ThinkingInput {
  request: ChatRequest;
  model: string;
  maxTokens: number;
  /** The request forces a tool call (tool_choice any/tool), which thinking does not allow. */
  forcesTool: boolean;
  /** The last assistant turn called tools without a signed thinking block to send back. */
  lastToolTurnUnsigned: boolean;
}

export function translateThinking(input: ThinkingInput, warnings: string[]): JsonObject | undefined {
  const { request, model, maxTokens } = input;
  const asked = request.reasoningBudgetTokens ?? (request.reasoningEffort ? EFFORT_BUDGETS[request.reasoningEffort] : 0);
  if (asked <= 0) return undefined;
  const why = reasonNotToThink(input);
  if (why) {
    warnings.push(`thinking not enabled: ${why}`);
    return undefined;
  }
  const budget = Math.min(asked, maxTokens - 1);
  if (budget < MIN_BUDGET) {
    warnings.push(`thinking not enabled: Anthropic needs a budget of at least ${MIN_BUDGET} tokens below max_tokens (${maxTokens})`);
    return undefined;
  }
  if (budget < asked) warnings.push(`thinking budget lowered from ${asked} to ${budget} tokens to stay below max_tokens (${maxTokens})`);
  if (!supportsThinking(model)) {
    warnings.push(`thinking not enabled: ${model} has no extended thinking`);
    return undefined;
  }
  return { type: 'enabled', budget_tokens: budget };
}

function reasonNotToThink(input: ThinkingInput): string | undefined {
  if (input.forcesTool) return 'Anthropic does not allow it while a tool call is forced (tool_choice required or a named tool, or a JSON response format)';
  if (input.lastToolTurnUnsigned) return 'the last assistant tool call comes without its signed thinking block, which Anthropic requires back';
  return undefined;
}
