/**
 * Gemini's SSE stream (each event a whole GenerateContentResponse holding the next slice) → the
 * shared StreamDelta steps. Function calls arrive whole, so each becomes start + delta + end at
 * once, with the same stable id the non-streamed answer gets. usageMetadata repeats the running
 * total in every chunk: the last one is kept, never a sum.
 */
import type { StreamDelta } from '../../core/chat.js';
import type { Usage } from '../../core/usage.js';
import type { TranslatedStreamParser } from '../adapter.js';
import type { SseEvent } from '../http/sse-splitter.js';
import { isGeminiErrorEvent, readGeminiError } from './classify-gemini-error.js';
import { convertGeminiUsage } from './convert-gemini-usage.js';
import { geminiResponseSchema, type GeminiCandidate } from './gemini-api.js';
import { geminiToolCallId } from './gemini-tool-call-id.js';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.js';

interface ChoiceState {
  toolCalls: number;
  isFinished: boolean;
}

export class GeminiStreamParser implements TranslatedStreamParser {
  private hasStarted = false;
  private responseId = '';
  private readonly choices = new Map<number, ChoiceState>();
  private lastUsage: Usage | undefined;
  private sawError = false;

  push(event: SseEvent): StreamDelta[] {
    const data = event.data?.trim();
    if (!data) return [];
    const error = isGeminiErrorEvent(data) ? readGeminiError(data) : undefined;
    if (error) {
      this.sawError = true;
      return [{ type: 'error', message: error.message ?? 'gemini reported an error mid-stream', ...(error.status ? { code: error.status } : {}) }];
    }
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return [];
    }
    const parsed = geminiResponseSchema.safeParse(json);
    if (!parsed.success) return [];
    const chunk = parsed.data;
    const deltas: StreamDelta[] = [];
    if (!this.hasStarted) {
      this.hasStarted = true;
      this.responseId = chunk.responseId ?? '';
      deltas.push({ type: 'message-start', id: this.responseId, model: chunk.modelVersion ?? '' });
    }
    (chunk.candidates ?? []).forEach((candidate, position) => deltas.push(...this.candidateDeltas(candidate, candidate.index ?? position)));
    const blockReason = chunk.promptFeedback?.blockReason;
    if (blockReason && (chunk.candidates ?? []).length === 0) {
      this.choiceState(0).isFinished = true;
      deltas.push({ type: 'finish', choice: 0, reason: 'content_filter', rawReason: blockReason });
    }
    const usage = convertGeminiUsage(chunk.usageMetadata);
    if (usage) this.lastUsage = usage;
    return deltas;
  }

  finish(): StreamDelta[] {
    return this.lastUsage ? [{ type: 'usage', usage: this.lastUsage }] : [];
  }

  isComplete(): boolean {
    if (this.sawError || this.choices.size === 0) return false;
    return [...this.choices.values()].every((choice) => choice.isFinished);
  }

  usage(): Usage | undefined {
    return this.lastUsage;
  }

  private candidateDeltas(candidate: GeminiCandidate, choice: number): StreamDelta[] {
    const state = this.choiceState(choice);
    const deltas: StreamDelta[] = [];
    for (const part of candidate.content?.parts ?? []) {
      if (part.thought) {
        deltas.push({ type: 'reasoning-delta', choice, text: part.text ?? '', ...(part.thoughtSignature ? { signature: part.thoughtSignature } : {}) });
        continue;
      }
      if (part.thoughtSignature) deltas.push({ type: 'reasoning-delta', choice, text: '', signature: part.thoughtSignature });
      if (part.functionCall) {
        const { name, id, args } = part.functionCall;
        const index = state.toolCalls;
        state.toolCalls += 1;
        deltas.push(
          { type: 'tool-call-start', choice, index, id: id ?? geminiToolCallId(this.responseId, choice, index, name), name },
          { type: 'tool-call-delta', choice, index, argumentsDelta: JSON.stringify(args ?? {}) },
          { type: 'tool-call-end', choice, index },
        );
      } else if (part.text) {
        deltas.push({ type: 'text-delta', choice, text: part.text });
      }
    }
    if (candidate.finishReason && !state.isFinished) {
      state.isFinished = true;
      deltas.push({ type: 'finish', choice, reason: mapGeminiFinishReason(candidate.finishReason, state.toolCalls > 0), rawReason: candidate.finishReason });
    }
    return deltas;
  }

  private choiceState(choice: number): ChoiceState {
    let state = this.choices.get(choice);
    if (!state) {
      state = { toolCalls: 0, isFinished: false };
      this.choices.set(choice, state);
    }
    return state;
  }
}
