/**
 * Cohere's v2 stream events → the shared StreamDelta steps: content deltas (text or thinking),
 * tool-plan deltas as reasoning, tool calls by their own index, and the finish with usage from
 * `message-end`. A tool call that streamed no arguments gets `{}`.
 */
import type { StreamDelta } from '../../core/chat.js';
import type { Usage } from '../../core/usage.js';
import type { TranslatedStreamParser } from '../adapter.js';
import type { SseEvent } from '../http/sse-splitter.js';
import { parseEvent } from './cohere-stream-tracker.js';
import { convertCohereUsage } from './convert-cohere-usage.js';
import { mapCohereFinishReason } from './map-cohere-finish-reason.js';

export class CohereStreamParser implements TranslatedStreamParser {
  private hasEnded = false;
  private lastUsage: Usage | undefined;
  /** Tool call index → whether any arguments have streamed for it. */
  private readonly openCalls = new Map<number, boolean>();
  private nextCallIndex = 0;

  push(event: SseEvent): StreamDelta[] {
    const streamEvent = parseEvent(event.data);
    if (!streamEvent) return [];
    const message = streamEvent.delta?.message;
    const content = Array.isArray(message?.content) ? message.content[0] : message?.content;
    const call = Array.isArray(message?.tool_calls) ? message.tool_calls[0] : message?.tool_calls;
    switch (streamEvent.type) {
      case 'message-start':
        return [{ type: 'message-start', id: streamEvent.id ?? '', model: '' }];
      case 'content-delta':
        if (content?.thinking) return [{ type: 'reasoning-delta', choice: 0, text: content.thinking }];
        return content?.text ? [{ type: 'text-delta', choice: 0, text: content.text }] : [];
      case 'tool-plan-delta':
        return message?.tool_plan ? [{ type: 'reasoning-delta', choice: 0, text: message.tool_plan }] : [];
      case 'tool-call-start': {
        const index = streamEvent.index ?? this.nextCallIndex;
        this.nextCallIndex = index + 1;
        const initial = call?.function?.arguments ?? '';
        this.openCalls.set(index, initial !== '');
        const deltas: StreamDelta[] = [{ type: 'tool-call-start', choice: 0, index, id: call?.id ?? `call_${index}`, name: call?.function?.name ?? '' }];
        if (initial !== '') deltas.push({ type: 'tool-call-delta', choice: 0, index, argumentsDelta: initial });
        return deltas;
      }
      case 'tool-call-delta': {
        const index = streamEvent.index ?? this.nextCallIndex - 1;
        const argumentsDelta = call?.function?.arguments ?? '';
        if (argumentsDelta === '') return [];
        this.openCalls.set(index, true);
        return [{ type: 'tool-call-delta', choice: 0, index, argumentsDelta }];
      }
      case 'tool-call-end': {
        const index = streamEvent.index ?? this.nextCallIndex - 1;
        const deltas: StreamDelta[] = [];
        if (this.openCalls.get(index) === false) deltas.push({ type: 'tool-call-delta', choice: 0, index, argumentsDelta: '{}' });
        this.openCalls.delete(index);
        deltas.push({ type: 'tool-call-end', choice: 0, index });
        return deltas;
      }
      case 'message-end': {
        this.hasEnded = true;
        const usage = convertCohereUsage(streamEvent.delta?.usage);
        if (usage) this.lastUsage = usage;
        const reason = streamEvent.delta?.finish_reason ?? '';
        const deltas: StreamDelta[] = [];
        if (reason === 'ERROR' || reason === 'TIMEOUT') deltas.push({ type: 'error', message: streamEvent.delta?.error ?? `cohere ended the answer with ${reason}`, code: reason });
        deltas.push({ type: 'finish', choice: 0, reason: mapCohereFinishReason(reason), ...(reason ? { rawReason: reason } : {}) });
        return deltas;
      }
      default:
        return [];
    }
  }

  finish(): StreamDelta[] {
    return this.lastUsage ? [{ type: 'usage', usage: this.lastUsage }] : [];
  }

  isComplete(): boolean {
    return this.hasEnded;
  }

  usage(): Usage | undefined {
    return this.lastUsage;
  }
}
