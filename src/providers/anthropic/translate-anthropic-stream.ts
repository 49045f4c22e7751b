/**
 * Anthropic Messages stream events → StreamDelta. Content blocks become text, reasoning (with
 * signatures) and tool-call deltas; a tool call whose input stream is empty gets arguments `{}`;
 * usage from `message_start` is merged with the cumulative `message_delta`.
 */
import type { StreamDelta } from '../../core/chat.js';
import type { Usage } from '../../core/usage.js';
import type { TranslatedStreamParser } from '../adapter.js';
import type { SseEvent } from '../http/sse-splitter.js';
import { parseAnthropicStreamEvent, type AnthropicStreamEvent } from './anthropic-wire.js';
import { convertAnthropicUsage } from './convert-anthropic-usage.js';
import { mergeAnthropicUsage } from './merge-anthropic-usage.js';
import { RESPONSE_FORMAT_TOOL } from './translate-anthropic-tools.js';
import { finishReasonOf } from './translate-anthropic-response.js';

type Block =
  | { kind: 'text' | 'thinking' | 'server' }
  | { kind: 'tool'; toolIndex: number; hasArguments: boolean; isOpen: boolean }
  | { kind: 'json-answer'; hasArguments: boolean };

export class AnthropicTranslatedStreamParser implements TranslatedStreamParser {
  private readonly blocks = new Map<number, Block>();
  private toolCount = 0;
  private answeredThroughTool = false;
  private rawUsage: Record<string, unknown> | undefined;
  private sawStop = false;

  push(event: SseEvent): StreamDelta[] {
    if (event.data === undefined) return [];
    const parsed = parseAnthropicStreamEvent(event.data);
    if (!parsed) return [];
    switch (parsed.type) {
      case 'message_start':
        this.rawUsage = mergeAnthropicUsage(this.rawUsage, parsed.message?.usage);
        return [{ type: 'message-start', id: parsed.message?.id ?? '', model: parsed.message?.model ?? '' }];
      case 'content_block_start':
        return this.startBlock(parsed);
      case 'content_block_delta':
        return this.blockDelta(parsed);
      case 'content_block_stop':
        return this.stopBlock(parsed.index ?? -1);
      case 'message_delta':
        return this.messageDelta(parsed);
      case 'message_stop':
        this.sawStop = true;
        return [];
      case 'error': {
        const delta: StreamDelta = { type: 'error', message: parsed.error?.message ?? 'Anthropic reported an error mid-stream' };
        if (parsed.error?.type) delta.code = parsed.error.type;
        return [delta];
      }
      default:
        return [];
    }
  }

  finish(): StreamDelta[] {
    return [...this.blocks.keys()].flatMap((index) => this.stopBlock(index));
  }

  isComplete(): boolean {
    return this.sawStop;
  }

  usage(): Usage | undefined {
    return convertAnthropicUsage(this.rawUsage);
  }

  private startBlock(event: AnthropicStreamEvent): StreamDelta[] {
    const block = event.content_block;
    const index = event.index ?? this.blocks.size;
    if (!block) return [];
    switch (block.type) {
      case 'text':
        this.blocks.set(index, { kind: 'text' });
        return block.text ? [{ type: 'text-delta', choice: 0, text: block.text }] : [];
      case 'thinking':
        this.blocks.set(index, { kind: 'thinking' });
        return block.thinking ? [{ type: 'reasoning-delta', choice: 0, text: block.thinking }] : [];
      case 'redacted_thinking':
        this.blocks.set(index, { kind: 'thinking' });
        return [{ type: 'reasoning-delta', choice: 0, text: '', redactedData: block.data ?? '' }];
      case 'tool_use':
        if (block.name === RESPONSE_FORMAT_TOOL) {
          this.answeredThroughTool = true;
          this.blocks.set(index, { kind: 'json-answer', hasArguments: false });
          return [];
        } else {
          const toolIndex = this.toolCount++;
          this.blocks.set(index, { kind: 'tool', toolIndex, hasArguments: false, isOpen: true });
          return [{ type: 'tool-call-start', choice: 0, index: toolIndex, id: block.id ?? '', name: block.name ?? '' }];
        }
      default:
        // Server tools (web search, code execution) run at Anthropic; the client sees their outcome as text.
        this.blocks.set(index, { kind: 'server' });
        return [];
    }
  }

  private blockDelta(event: AnthropicStreamEvent): StreamDelta[] {
    const delta = event.delta;
    const block = this.blocks.get(event.index ?? -1);
    if (!delta || !block) return [];
    switch (delta.type) {
      case 'text_delta':
        return delta.text ? [{ type: 'text-delta', choice: 0, text: delta.text }] : [];
      case 'thinking_delta':
        return delta.thinking ? [{ type: 'reasoning-delta', choice: 0, text: delta.thinking }] : [];
      case 'signature_delta':
        return delta.signature ? [{ type: 'reasoning-delta', choice: 0, text: '', signature: delta.signature }] : [];
      case 'input_json_delta': {
        const json = delta.partial_json ?? '';
        if (json === '') return [];
        if (block.kind === 'tool') {
          block.hasArguments = true;
          return [{ type: 'tool-call-delta', choice: 0, index: block.toolIndex, argumentsDelta: json }];
        }
        if (block.kind === 'json-answer') {
          block.hasArguments = true;
          return [{ type: 'text-delta', choice: 0, text: json }];
        }
        return [];
      }
      default:
        return [];
    }
  }

  private stopBlock(index: number): StreamDelta[] {
    const block = this.blocks.get(index);
    if (block?.kind === 'tool' && block.isOpen) {
      block.isOpen = false;
      const ended: StreamDelta[] = [];
      if (!block.hasArguments) ended.push({ type: 'tool-call-delta', choice: 0, index: block.toolIndex, argumentsDelta: '{}' });
      ended.push({ type: 'tool-call-end', choice: 0, index: block.toolIndex });
      return ended;
    }
    if (block?.kind === 'json-answer' && !block.hasArguments) {
      block.hasArguments = true;
      return [{ type: 'text-delta', choice: 0, text: '{}' }];
    }
    return [];
  }

  private messageDelta(event: AnthropicStreamEvent): StreamDelta[] {
    this.rawUsage = mergeAnthropicUsage(this.rawUsage, event.usage);
    const deltas: StreamDelta[] = [];
    const stopReason = event.delta?.stop_reason;
    if (stopReason) {
      deltas.push(...this.finish());
      deltas.push({ type: 'finish', choice: 0, reason: finishReasonOf(stopReason, this.answeredThroughTool && this.toolCount === 0), rawReason: stopReason });
    }
    const usage = this.usage();
    if (usage) deltas.push({ type: 'usage', usage });
    return deltas;
  }
}
