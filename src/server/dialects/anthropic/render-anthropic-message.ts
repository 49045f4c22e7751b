/** ChatResponse → an Anthropic `message` object: thinking first, then text, then tool_use blocks. */
import type { ChatChoice, ChatResponse, ReasoningPart } from '../../../core/chat.js';
import type { Usage } from '../../../core/usage.js';
import { anthropicStopReason } from './anthropic-stop-reason.js';
import { anthropicUsageJson } from './anthropic-usage-json.js';

type JsonObject = Record<string, unknown>;

export function renderAnthropicMessage(response: ChatResponse, usage: Usage | undefined): JsonObject {
  const choice = response.choices[0];
  return {
    id: response.id,
    type: 'message',
    role: 'assistant',
    model: response.model,
    content: choice ? contentBlocks(choice) : [],
    stop_reason: choice ? anthropicStopReason(choice.finishReason, choice.rawFinishReason) : 'end_turn',
    stop_sequence: null,
    usage: anthropicUsageJson(usage),
  };
}

function contentBlocks(choice: ChatChoice): JsonObject[] {
  const blocks: JsonObject[] = choice.reasoning.map(thinkingBlock);
  if (choice.text !== '') blocks.push({ type: 'text', text: choice.text });
  for (const call of choice.toolCalls) blocks.push({ type: 'tool_use', id: call.id, name: call.name, input: toolInput(call.arguments) });
  return blocks;
}

/** Reasoning from another provider has no signature; it is shown, and Anthropic would not accept it back. */
export function thinkingBlock(part: ReasoningPart): JsonObject {
  if (part.redactedData !== undefined) return { type: 'redacted_thinking', data: part.redactedData };
  return { type: 'thinking', thinking: part.text, signature: part.signature ?? '' };
}

/** Arguments a model produced that are not a JSON object are kept under `_raw`, not lost. */
export function toolInput(argumentsText: string): JsonObject {
  if (argumentsText.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(argumentsText);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as JsonObject;
  } catch {
    // fall through
  }
  return { _raw: argumentsText };
}
