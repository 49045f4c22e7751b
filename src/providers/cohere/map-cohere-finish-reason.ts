/** Cohere v2 finish_reason → the shared FinishReason. */
import type { FinishReason } from '../../core/chat.js';

export function mapCohereFinishReason(reason: string): FinishReason {
  switch (reason) {
    case 'COMPLETE':
    case 'STOP_SEQUENCE':
      return 'stop';
    case 'MAX_TOKENS':
      return 'length';
    case 'TOOL_CALL':
      return 'tool_calls';
    case 'ERROR':
    case 'TIMEOUT':
      return 'error';
    default:
      return 'other';
  }
}
