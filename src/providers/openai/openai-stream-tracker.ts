/**
 * Watches an OpenAI-format chunk stream as it is relayed: only chunks that can carry usage or an
 * error are parsed, so relaying stays close to copying bytes.
 */
import type { UpstreamFailure } from '../../core/upstream-failure.js';
import type { Usage } from '../../core/usage.js';
import type { StreamObservation, StreamUsageTracker } from '../adapter.js';
import type { SseEvent } from '../http/sse-splitter.js';
import { StreamToolCallNormalizer } from './normalize-tool-calls.js';

const USAGE_OBJECT = /"usage"\s*:\s*\{/;
const TOP_LEVEL_ERROR = /^\s*\{\s*"error"\s*:/;
const MODEL_FIELD = /"model"\s*:\s*"((?:[^"\\]|\\.)*)"/;
/** How much streamed data is kept to estimate a stream that ends without usage. */
const PRODUCED_DATA_LIMIT = 4 * 1024 * 1024;

export class OpenAIStreamTracker implements StreamUsageTracker {
  private lastUsage: Usage | undefined;
  private sawModel = false;
  private readonly dataSeen: string[] = [];
  private dataSeenBytes = 0;

  private readonly toolCalls: StreamToolCallNormalizer | undefined;

  constructor(
    private readonly convertUsage: (raw: unknown) => Usage | undefined,
    options: { normalizeToolCalls?: boolean } = {},
  ) {
    this.toolCalls = options.normalizeToolCalls ? new StreamToolCallNormalizer() : undefined;
  }

  observe(event: SseEvent): StreamObservation {
    const observation: StreamObservation = { isUsageOnly: false, carriesFinalUsage: false, isTerminal: false };
    const data = event.data;
    if (data === undefined) return observation;
    if (data === '[DONE]') {
      observation.isTerminal = true;
      return observation;
    }
    this.remember(data);
    if (!this.sawModel) {
      const model = MODEL_FIELD.exec(data)?.[1];
      if (model) {
        this.sawModel = true;
        observation.model = model;
      }
    }
    if (TOP_LEVEL_ERROR.test(data)) {
      observation.failure = streamFailure(data);
      return observation;
    }
    if (this.toolCalls && data.includes('"tool_calls"')) {
      const chunk = parseObject(data);
      if (chunk && this.toolCalls.normalize(chunk)) observation.rewrittenData = JSON.stringify(chunk);
    }
    if (USAGE_OBJECT.test(data)) {
      const chunk = parseObject(data);
      const usage = chunk ? this.convertUsage(chunk.usage) : undefined;
      if (chunk && usage) {
        const serviceTier = chunk.service_tier;
        if (typeof serviceTier === 'string') usage.serviceTier = serviceTier;
        this.lastUsage = usage;
        observation.carriesFinalUsage = true;
        observation.isUsageOnly = Array.isArray(chunk.choices) && chunk.choices.length === 0;
      }
    }
    return observation;
  }

  usage(): Usage | undefined {
    return this.lastUsage;
  }

  producedText(): string {
    let text = '';
    for (const data of this.dataSeen) {
      const chunk = parseObject(data);
      const choices = chunk?.choices;
      if (!Array.isArray(choices)) continue;
      for (const choice of choices) {
        const delta = (choice as { delta?: { content?: unknown; reasoning_content?: unknown; tool_calls?: unknown } }).delta;
        if (typeof delta?.content === 'string') text += delta.content;
        if (typeof delta?.reasoning_content === 'string') text += delta.reasoning_content;
        if (Array.isArray(delta?.tool_calls)) {
          for (const call of delta.tool_calls as Array<{ function?: { name?: unknown; arguments?: unknown } }>) {
            if (typeof call.function?.name === 'string') text += call.function.name;
            if (typeof call.function?.arguments === 'string') text += call.function.arguments;
          }
        }
      }
    }
    return text;
  }

  private remember(data: string): void {
    if (this.dataSeenBytes >= PRODUCED_DATA_LIMIT) return;
    this.dataSeen.push(data);
    this.dataSeenBytes += data.length;
  }
}

function parseObject(data: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(data);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function streamFailure(data: string): UpstreamFailure {
  const error = parseObject(data)?.error;
  const details = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const message = typeof details.message === 'string' ? details.message : typeof error === 'string' ? error : 'the provider reported an error mid-stream';
  const failure: UpstreamFailure = { errorClass: 'server_error', status: null, message };
  const code = details.code ?? details.type;
  if (typeof code === 'string') failure.providerCode = code;
  return failure;
}
