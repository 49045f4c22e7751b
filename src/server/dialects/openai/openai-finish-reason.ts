/** The shared FinishReason → what OpenAI clients expect in `finish_reason`. */
import type { FinishReason } from '../../../core/chat.js';

export type OpenAIFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

export function openAIFinishReason(reason: FinishReason): OpenAIFinishReason {
  switch (reason) {
    case 'length':
    case 'tool_calls':
    case 'content_filter':
      return reason;
    default:
      // OpenAI has no finish reason for errors or provider-specific stops (Anthropic's pause_turn).
      return 'stop';
  }
}
