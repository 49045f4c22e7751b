/**
 * Watches an OpenAI Responses API stream as it is relayed. Its events name themselves (`event:`
 * lines, and `type` in the data); the usage arrives once, inside the `response` object of
 * `response.completed` (or `response.incomplete`), and the stream ends without a `[DONE]`.
 * Only the events that can carry the model, usage, an error or produced text are parsed.
 */
import type { UpstreamFailure } from '../../core/upstream-failure.js';
import type { Usage } from '../../core/usage.js';
import type { StreamObservation, StreamUsageTracker } from '../adapter.js';
import type { SseEvent } from '../http/sse-splitter.js';
import { convertOpenAIResponsesUsage } from './convert-openai-responses-usage.js';

const TYPE_FIELD = /"type"\s*:\s*"([^"\\]*)"/;
/** Events whose `delta` is text the model produced (kept to estimate a stream cut short). */
const PRODUCING_EVENTS = new Set(['response.output_text.delta', 'response.refusal.delta', 'response.function_call_arguments.delta', 'response.reasoning_summary_text.delta']);
/** How much produced text is kept to estimate a stream that ends without usage. */
const PRODUCED_TEXT_LIMIT = 4 * 1024 * 1024;

export class OpenAIResponsesStreamTracker implements StreamUsageTracker {
  private lastUsage: Usage | undefined;
  private sawModel = false;
  private produced = '';

  observe(event: SseEvent): StreamObservation {
    const observation: StreamObservation = { isUsageOnly: false, carriesFinalUsage: false, isTerminal: false };
    const data = event.data;
    if (data === undefined) return observation;
    const type = event.event ?? TYPE_FIELD.exec(data)?.[1];
    if (type === undefined) return observation;
    if (PRODUCING_EVENTS.has(type)) {
      const delta = parseObject(data)?.delta;
      if (typeof delta === 'string' && this.produced.length < PRODUCED_TEXT_LIMIT) this.produced += delta;
      return observation;
    }
    if (type === 'error') {
      observation.failure = failureFrom(parseObject(data), 'the provider reported an error mid-stream');
      return observation;
    }
    if (!type.startsWith('response.')) return observation;
    const response = asObject(parseObject(data)?.response);
    if (!response) return observation;
    if (!this.sawModel && typeof response.model === 'string') {
      this.sawModel = true;
      observation.model = response.model;
    }
    if (type === 'response.failed') {
      observation.failure = failureFrom(response, 'the provider reported that the response failed');
      return observation;
    }
    if (type === 'response.completed' || type === 'response.incomplete') {
      const usage = convertOpenAIResponsesUsage(response.usage);
      if (usage) {
        if (typeof response.service_tier === 'string') usage.serviceTier = response.service_tier;
        this.lastUsage = usage;
        observation.carriesFinalUsage = true;
        observation.usageWithin = 'response';
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
}

function parseObject(data: string): Record<string, unknown> | undefined {
  try {
    return asObject(JSON.parse(data));
  } catch {
    return undefined;
  }
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** An `error` event carries code and message itself; a failed response carries them in its `error`. */
function failureFrom(source: Record<string, unknown> | undefined, fallback: string): UpstreamFailure {
  const details = asObject(source?.error) ?? source ?? {};
  const message = typeof details.message === 'string' ? details.message : fallback;
  const failure: UpstreamFailure = { errorClass: 'server_error', status: null, message };
  const code = details.code ?? details.type;
  if (typeof code === 'string' && code !== 'error') failure.providerCode = code;
  return failure;
}
