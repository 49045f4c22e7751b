/**
 * Watches a Gemini SSE stream relayed as it is (the same-dialect lane). Every chunk repeats the
 * running usage total, so the last one seen is the usage; the chunk that finishes the candidates
 * (or a trailing usage-only chunk) is the one that carries the final figures.
 */
import type { UpstreamFailure } from '../../core/upstream-failure.js';
import type { Usage } from '../../core/usage.js';
import type { StreamObservation, StreamUsageTracker } from '../adapter.js';
import type { SseEvent } from '../http/sse-splitter.js';
import { classifyGeminiError, isGeminiErrorEvent, readGeminiError } from './classify-gemini-error.js';
import { convertGeminiUsage } from './convert-gemini-usage.js';
import { geminiResponseSchema } from './gemini-api.js';

/** How much streamed text is kept to estimate a stream that ends without usage. */
const PRODUCED_TEXT_LIMIT = 4 * 1024 * 1024;

export class GeminiStreamTracker implements StreamUsageTracker {
  private lastUsage: Usage | undefined;
  private sawModel = false;
  private produced = '';

  constructor(private readonly now: () => number = Date.now) {}

  observe(event: SseEvent): StreamObservation {
    const observation: StreamObservation = { isUsageOnly: false, carriesFinalUsage: false, isTerminal: false };
    const data = event.data?.trim();
    if (!data) return observation;
    if (isGeminiErrorEvent(data)) {
      // The HTTP status was 200 when the stream began; the error's own code says what happened.
      const code = readGeminiError(data)?.code ?? 500;
      const failure: UpstreamFailure = { ...classifyGeminiError(code, {}, data, this.now()), status: null };
      observation.failure = failure;
      return observation;
    }
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return observation;
    }
    const parsed = geminiResponseSchema.safeParse(json);
    if (!parsed.success) return observation;
    const chunk = parsed.data;
    if (!this.sawModel && chunk.modelVersion) {
      this.sawModel = true;
      observation.model = chunk.modelVersion;
    }
    const candidates = chunk.candidates ?? [];
    for (const candidate of candidates) for (const part of candidate.content?.parts ?? []) this.remember(part.text ?? (part.functionCall ? JSON.stringify(part.functionCall) : ''));
    const usage = convertGeminiUsage(chunk.usageMetadata);
    if (usage) {
      this.lastUsage = usage;
      const isFinished = candidates.length > 0 && candidates.every((candidate) => Boolean(candidate.finishReason));
      observation.isUsageOnly = candidates.length === 0 && !chunk.promptFeedback;
      observation.carriesFinalUsage = isFinished || observation.isUsageOnly;
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
    if (this.produced.length >= PRODUCED_TEXT_LIMIT) return;
    this.produced += text;
  }
}
