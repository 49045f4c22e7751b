/** The shared FinishReason → Anthropic's stop_reason; an Anthropic upstream's own reason is kept as it was. */
import type { FinishReason } from '../../../core/chat.js';

export type AnthropicStopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'pause_turn' | 'refusal';

const ANTHROPIC_STOP_REASONS = new Set<string>(['end_turn', 'max_tokens', 'stop_sequence', 'tool_use', 'pause_turn', 'refusal']);

export function anthropicStopReason(reason: FinishReason, rawReason?: string): AnthropicStopReason {
  if (rawReason !== undefined && ANTHROPIC_STOP_REASONS.has(rawReason)) return rawReason as AnthropicStopReason;
  switch (reason) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
    default:
      return 'end_turn';
  }
}
