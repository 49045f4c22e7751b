/**
 * OpenAI-format chat completion chunks → StreamDelta. Tool calls are normalised: a call without
 * an `index` (Mistral and Gemini's compatibility API send whole calls so) gets the next free
 * index, and every started call is ended before its choice finishes.
 */
import type { StreamDelta } from '../../core/chat.js';
import type { Usage } from '../../core/usage.js';
import type { TranslatedStreamParser } from '../adapter.js';
import type { SseEvent } from '../http/sse-splitter.js';
import { translateOpenAIFinishReason } from './translate-openai-finish-reason.js';
import { reasoningParts } from './translate-openai-response.js';
import { argumentsText, openAIChatChunkSchema, type OpenAIChatChunk, type OpenAIToolCall } from './translate-openai-wire.js';

interface ChoiceToolCalls {
  started: Set<number>;
  open: Set<number>;
  nextIndex: number;
}

export class OpenAITranslatedStreamParser implements TranslatedStreamParser {
  private sawStart = false;
  private sawDone = false;
  private sawFinish = false;
  private lastUsage: Usage | undefined;
  private readonly toolCalls = new Map<number, ChoiceToolCalls>();

  constructor(private readonly convertUsage: (raw: unknown) => Usage | undefined) {}

  push(event: SseEvent): StreamDelta[] {
    const data = event.data;
    if (data === undefined) return [];
    if (data.trim() === '[DONE]') {
      this.sawDone = true;
      return [];
    }
    const chunk = parseChunk(data);
    if (!chunk) return [];
    const deltas: StreamDelta[] = [];
    if (chunk.error != null) {
      deltas.push(errorDelta(chunk.error));
      return deltas;
    }
    if (!this.sawStart) {
      this.sawStart = true;
      deltas.push({ type: 'message-start', id: chunk.id ?? '', model: chunk.model ?? '' });
    }
    for (const [position, choice] of (chunk.choices ?? []).entries()) {
      const index = choice.index ?? position;
      const delta = choice.delta;
      if (delta) {
        for (const part of reasoningParts(delta.reasoning_details, delta.reasoning_content ?? delta.reasoning)) {
          if (part.text === '' && part.signature === undefined && part.redactedData === undefined) continue;
          const reasoning: StreamDelta = { type: 'reasoning-delta', choice: index, text: part.text };
          if (part.signature !== undefined) reasoning.signature = part.signature;
          if (part.redactedData !== undefined) reasoning.redactedData = part.redactedData;
          deltas.push(reasoning);
        }
        const text = delta.content ?? delta.refusal;
        if (text) deltas.push({ type: 'text-delta', choice: index, text });
        for (const call of delta.tool_calls ?? []) deltas.push(...this.toolCallDeltas(index, call));
      }
      if (choice.finish_reason) {
        this.sawFinish = true;
        deltas.push(...this.endToolCalls(index));
        deltas.push({ type: 'finish', choice: index, reason: translateOpenAIFinishReason(choice.finish_reason), rawReason: choice.finish_reason });
      }
    }
    const usage = chunk.usage == null ? undefined : this.convertUsage(chunk.usage);
    if (usage) {
      if (chunk.service_tier) usage.serviceTier = chunk.service_tier;
      this.lastUsage = usage;
      deltas.push({ type: 'usage', usage });
    }
    return deltas;
  }

  finish(): StreamDelta[] {
    return [...this.toolCalls.keys()].flatMap((choice) => this.endToolCalls(choice));
  }

  isComplete(): boolean {
    return this.sawDone || this.sawFinish;
  }

  usage(): Usage | undefined {
    return this.lastUsage;
  }

  private toolCallDeltas(choice: number, call: OpenAIToolCall): StreamDelta[] {
    let state = this.toolCalls.get(choice);
    if (!state) {
      state = { started: new Set(), open: new Set(), nextIndex: 0 };
      this.toolCalls.set(choice, state);
    }
    const index = call.index ?? state.nextIndex;
    state.nextIndex = Math.max(state.nextIndex, index + 1);
    const deltas: StreamDelta[] = [];
    if (!state.started.has(index)) {
      state.started.add(index);
      state.open.add(index);
      deltas.push({ type: 'tool-call-start', choice, index, id: call.id ?? `call_${choice}_${index}`, name: call.function?.name ?? '' });
    }
    const argumentsDelta = argumentsText(call.function?.arguments);
    if (argumentsDelta) deltas.push({ type: 'tool-call-delta', choice, index, argumentsDelta });
    return deltas;
  }

  private endToolCalls(choice: number): StreamDelta[] {
    const state = this.toolCalls.get(choice);
    if (!state) return [];
    const ended: StreamDelta[] = [...state.open].sort((a, b) => a - b).map((index) => ({ type: 'tool-call-end', choice, index }));
    state.open.clear();
    return ended;
  }
}

function parseChunk(data: string): OpenAIChatChunk | undefined {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return undefined;
  }
  const parsed = openAIChatChunkSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

function errorDelta(error: unknown): StreamDelta {
  if (typeof error === 'string') return { type: 'error', message: error };
  const details = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const delta: StreamDelta = { type: 'error', message: typeof details.message === 'string' ? details.message : 'the provider reported an error mid-stream' };
  const code = details.code ?? details.type;
  if (typeof code === 'string') delta.code = code;
  return delta;
}
