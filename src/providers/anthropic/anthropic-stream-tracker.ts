/**
 * Watches an Anthropic Messages stream as it is relayed on the same-dialect lane: usage from
 * `message_start` merged with the cumulative `message_delta`, the served model, in-band errors.
 * Content deltas are only kept as text, parsed if a cut stream needs estimating.
 */
import type { UpstreamFailure } from '../../core/upstream-failure.js';
import type { Usage } from '../../core/usage.js';
import type { StreamObservation, StreamUsageTracker } from '../adapter.js';
import type { SseEvent } from '../http/sse-splitter.js';
import { parseAnthropicStreamEvent, type AnthropicStreamEvent } from './anthropic-wire.js';
import { classOfAnthropicErrorType } from './classify-anthropic-error.js';
import { convertAnthropicUsage } from './convert-anthropic-usage.js';
import { mergeAnthropicUsage } from './merge-anthropic-usage.js';

/** How much streamed content is kept to estimate a stream that ends without usage. */
const PRODUCED_DATA_LIMIT = 4 * 1024 * 1024;

/** Events whose data the tracker reads at once; the rest pass untouched. */
const READ_EVENTS = new Set(['message_start', 'message_delta', 'message_stop', 'error']);

export class AnthropicStreamTracker implements StreamUsageTracker {
  private rawUsage: Record<string, unknown> | undefined;
  private readonly contentDeltas: string[] = [];
  private contentBytes = 0;

  observe(event: SseEvent): StreamObservation {
    const observation: StreamObservation = { isUsageOnly: false, carriesFinalUsage: false, isTerminal: false };
    const data = event.data;
    if (data === undefined) return observation;
    const name = event.event;
    if (name === 'content_block_delta') {
      this.remember(data);
      return observation;
    }
    if (name !== undefined && !READ_EVENTS.has(name)) return observation;
    const parsed = parseAnthropicStreamEvent(data);
    if (!parsed) return observation;
    switch (parsed.type) {
      case 'message_start':
        if (parsed.message?.model) observation.model = parsed.message.model;
        this.rawUsage = mergeAnthropicUsage(this.rawUsage, parsed.message?.usage);
        break;
      case 'message_delta':
        this.rawUsage = mergeAnthropicUsage(this.rawUsage, parsed.usage);
        observation.carriesFinalUsage = true;
        break;
      case 'message_stop':
        observation.isTerminal = true;
        break;
      case 'error':
        observation.failure = streamFailure(parsed);
        break;
      case 'content_block_delta':
        this.remember(data);
        break;
    }
    return observation;
  }

  usage(): Usage | undefined {
    return convertAnthropicUsage(this.rawUsage);
  }

  producedText(): string {
    let text = '';
    for (const data of this.contentDeltas) {
      const delta = parseAnthropicStreamEvent(data)?.delta;
      text += delta?.text ?? delta?.thinking ?? delta?.partial_json ?? '';
    }
    return text;
  }

  private remember(data: string): void {
    if (this.contentBytes >= PRODUCED_DATA_LIMIT) return;
    this.contentDeltas.push(data);
    this.contentBytes += data.length;
  }
}

export function streamFailure(event: AnthropicStreamEvent): UpstreamFailure {
  const type = event.error?.type ?? undefined;
  const message = event.error?.message ?? 'Anthropic reported an error mid-stream';
  const failure: UpstreamFailure = { errorClass: classOfAnthropicErrorType(type, message), status: null, message };
  if (type) failure.providerCode = type;
  return failure;
}
