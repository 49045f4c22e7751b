/** Renders a planned answer as an Anthropic `message`: content blocks, stop reason and usage. */
import { randomBytes } from 'node:crypto';
import type { FinishReason, PlannedAnswer } from '../answer-plan.js';
import type { AnthropicCacheResult } from '../prompt-cache.js';
import { randomIdPart } from '../seeded-random.js';

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

export function newMessageId(): string {
  return `msg_01${randomIdPart(22, BASE58)}`;
}

export function newToolUseId(): string {
  return `toolu_01${randomIdPart(22, BASE58)}`;
}

export function newThinkingSignature(): string {
  return randomBytes(240).toString('base64');
}

export type AnthropicStopReason = 'end_turn' | 'max_tokens' | 'tool_use' | 'stop_sequence' | 'refusal';

export function anthropicStopReason(finish: FinishReason): AnthropicStopReason {
  const reasons: Record<FinishReason, AnthropicStopReason> = { stop: 'end_turn', length: 'max_tokens', tool_calls: 'tool_use', stop_sequence: 'stop_sequence', content_filter: 'refusal' };
  return reasons[finish];
}

export interface ToolUse {
  id: string;
  name: string;
  input: unknown;
  argumentsJson: string;
  tokens: number;
}

/** What an Anthropic message will contain: the plan with Anthropic's ids, minus tool calls the cap cut short. */
export interface MessageContent {
  id: string;
  model: string;
  plan: PlannedAnswer;
  signature: string | undefined;
  toolUses: ToolUse[];
  outputTokens: number;
  stopReason: AnthropicStopReason;
}

export function messageContentOf(plan: PlannedAnswer, model: string): MessageContent {
  const complete = plan.toolCalls.filter((call) => call.isComplete);
  const droppedTokens = plan.toolCalls.filter((call) => !call.isComplete).reduce((sum, call) => sum + call.tokens, 0);
  return {
    id: newMessageId(),
    model,
    plan,
    signature: plan.thinking === undefined ? undefined : newThinkingSignature(),
    toolUses: complete.map((call) => ({ id: newToolUseId(), name: call.name, input: JSON.parse(call.argumentsJson) as unknown, argumentsJson: call.argumentsJson, tokens: call.tokens })),
    outputTokens: plan.outputTokens - droppedTokens,
    stopReason: anthropicStopReason(plan.finish),
  };
}

export function anthropicInputUsage(cache: AnthropicCacheResult): Record<string, unknown> {
  return {
    input_tokens: cache.uncachedInput,
    cache_creation_input_tokens: cache.cacheWrite5m + cache.cacheWrite1h,
    cache_read_input_tokens: cache.cacheRead,
    cache_creation: { ephemeral_5m_input_tokens: cache.cacheWrite5m, ephemeral_1h_input_tokens: cache.cacheWrite1h },
  };
}

export function anthropicUsage(cache: AnthropicCacheResult, content: MessageContent, outputTokens: number): Record<string, unknown> {
  const usage: Record<string, unknown> = { ...anthropicInputUsage(cache), output_tokens: outputTokens };
  if (content.plan.thinking !== undefined) usage.output_tokens_details = { thinking_tokens: content.plan.thinking.tokens };
  usage.service_tier = 'standard';
  usage.inference_geo = 'not_available';
  return usage;
}

export function contentBlocks(content: MessageContent): Array<Record<string, unknown>> {
  const blocks: Array<Record<string, unknown>> = [];
  const { plan } = content;
  if (plan.thinking !== undefined) blocks.push({ type: 'thinking', thinking: plan.thinking.text, signature: content.signature });
  if (plan.text !== undefined && (plan.text.text.length > 0 || content.toolUses.length === 0)) blocks.push({ type: 'text', text: plan.text.text });
  for (const use of content.toolUses) blocks.push({ type: 'tool_use', id: use.id, name: use.name, input: use.input });
  return blocks;
}

export function messageBody(content: MessageContent, cache: AnthropicCacheResult): Record<string, unknown> {
  return {
    model: content.model,
    id: content.id,
    type: 'message',
    role: 'assistant',
    content: contentBlocks(content),
    container: null,
    stop_reason: content.stopReason,
    stop_sequence: content.plan.stopSequence,
    stop_details: null,
    usage: anthropicUsage(cache, content, content.outputTokens),
    diagnostics: null,
  };
}
