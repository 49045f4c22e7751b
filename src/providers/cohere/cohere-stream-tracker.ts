/**
 * Watches a Cohere v2 stream relayed as it is (the same-dialect lane): usage and the finish come
 * once, in `message-end`, which also ends the stream.
 */
import type { Usage } from '../../core/usage.js';
import type { StreamObservation, StreamUsageTracker } from '../adapter.js';
import type { SseEvent } from '../http/sse-splitter.js';
import { cohereStreamEventSchema, type CohereStreamEvent } from './cohere-api.js';
import { convertCohereUsage } from './convert-cohere-usage.js';

const PRODUCED_TEXT_LIMIT = 4 * 1024 * 1024;

export class CohereStreamTracker implements StreamUsageTracker {
  private lastUsage: Usage | undefined;
  private produced = '';

  observe(event: SseEvent): StreamObservation {
    const observation: StreamObservation = { isUsageOnly: false, carriesFinalUsage: false, isTerminal: false };
    const streamEvent = parseEvent(event.data);
    if (!streamEvent) return observation;
    const message = streamEvent.delta?.message;
    this.remember(deltaText(message));
    if (streamEvent.type === 'message-end') {
      const usage = convertCohereUsage(streamEvent.delta?.usage);
      if (usage) this.lastUsage = usage;
      observation.carriesFinalUsage = usage !== undefined;
      observation.isTerminal = true;
      const reason = streamEvent.delta?.finish_reason;
      if (reason === 'ERROR' || reason === 'TIMEOUT') {
        observation.failure = { errorClass: reason === 'TIMEOUT' ? 'timeout' : 'server_error', status: null, message: streamEvent.delta?.error ?? `cohere ended the stream with ${reason}`, providerCode: reason };
      }
    }
    return observation;
  }

  usage(): Usage | undefined {
    return this.lastUsage;
  }

  producedText(): string {
    return this.produced;
  }

  private remember(text: string): void {
    if (text === '' || this.produced.length >= PRODUCED_TEXT_LIMIT) return;
    this.produced += text;
  }
}

export function parseEvent(data: string | undefined): CohereStreamEvent | undefined {
  if (!data?.trim()) return undefined;
  try {
    const parsed = cohereStreamEventSchema.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function deltaText(message: NonNullable<CohereStreamEvent['delta']>['message']): string {
  if (!message) return '';
  const content = Array.isArray(message.content) ? message.content[0] : message.content;
  const call = Array.isArray(message.tool_calls) ? message.tool_calls[0] : message.tool_calls;
  return `${content?.text ?? ''}${content?.thinking ?? ''}${message.tool_plan ?? ''}${call?.function?.name ?? ''}${call?.function?.arguments ?? ''}`;
}
