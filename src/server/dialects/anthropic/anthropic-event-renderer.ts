/**
 * StreamDelta → Anthropic Messages SSE text: message_start, content blocks with their indexes
 * (text, thinking with its signature, redacted thinking, tool_use with input_json_delta), then
 * message_delta with the stop reason and final usage, and message_stop. Only choice 0 is
 * rendered: Anthropic has one answer per request.
 */
import type { FinishReason, StreamDelta } from '../../../core/chat.js';
import type { Usage } from '../../../core/usage.js';
import { anthropicStopReason } from './anthropic-stop-reason.js';
import { anthropicUsageJson } from './anthropic-usage-json.js';

type JsonObject = Record<string, unknown>;

export interface AnthropicEventRendererOptions {
  /** Used until the upstream names its own in `message-start`. */
  id: string;
  model: string;
  /** Usage known at the start (the prompt's), for message_start; zeros when absent. */
  initialUsage?: Usage;
  /** Send a `ping` after message_start, as Anthropic does. */
  ping?: boolean;
}

export class AnthropicEventRenderer {
  private id: string;
  private model: string;
  private hasStarted = false;
  private hasEnded = false;
  private nextBlockIndex = 0;
  /** The open text or thinking block, if any. */
  private openBlock: { index: number; kind: 'text' | 'thinking' } | undefined;
  private readonly toolBlocks = new Map<number, { index: number; isOpen: boolean }>();
  private finishReason: FinishReason = 'stop';
  private rawFinishReason: string | undefined;
  private lastUsage: Usage | undefined;

  constructor(private readonly options: AnthropicEventRendererOptions) {
    this.id = options.id;
    this.model = options.model;
  }

  render(delta: StreamDelta): string {
    if (this.hasEnded) return '';
    if (delta.type === 'message-start') {
      if (delta.id) this.id = delta.id;
      if (delta.model) this.model = delta.model;
      return this.start();
    }
    if (delta.type === 'usage') {
      this.lastUsage = delta.usage;
      return '';
    }
    if (delta.type === 'error') return event('error', { type: 'error', error: { type: 'api_error', message: delta.message } });
    if (delta.choice !== 0) return '';
    return this.start() + this.renderContent(delta);
  }

  /** Closes what is open and ends the message; `extraUsageMembers` is JSON member text added to usage (cost fields). */
  end(usage: Usage | undefined = this.lastUsage, extraUsageMembers?: string): string {
    if (this.hasEnded) return '';
    let text = this.start() + this.closeAll();
    this.hasEnded = true;
    const usageText = JSON.stringify(anthropicUsageJson(usage));
    const usageWithExtras = extraUsageMembers ? `${usageText.slice(0, -1)},${extraUsageMembers}}` : usageText;
    const stop = { stop_reason: anthropicStopReason(this.finishReason, this.rawFinishReason), stop_sequence: null };
    text += `event: message_delta\ndata: {"type":"message_delta","delta":${JSON.stringify(stop)},"usage":${usageWithExtras}}\n\n`;
    text += event('message_stop', { type: 'message_stop' });
    return text;
  }

  private renderContent(delta: Exclude<StreamDelta, { type: 'message-start' | 'usage' | 'error' }>): string {
    switch (delta.type) {
      case 'text-delta':
        return this.ensureOpen('text') + this.blockEvent('content_block_delta', this.openIndex(), { type: 'text_delta', text: delta.text });
      case 'reasoning-delta':
        return this.reasoning(delta);
      case 'tool-call-start': {
        const index = this.nextBlockIndex++;
        this.toolBlocks.set(delta.index, { index, isOpen: true });
        return this.closeOpenBlock() + this.blockStart(index, { type: 'tool_use', id: delta.id, name: delta.name, input: {} });
      }
      case 'tool-call-delta': {
        const block = this.toolBlocks.get(delta.index);
        if (!block?.isOpen) return '';
        return this.blockEvent('content_block_delta', block.index, { type: 'input_json_delta', partial_json: delta.argumentsDelta });
      }
      case 'tool-call-end':
        return this.closeTool(delta.index);
      case 'finish':
        this.finishReason = delta.reason;
        this.rawFinishReason = delta.rawReason;
        return this.closeAll();
    }
  }

  private reasoning(delta: Extract<StreamDelta, { type: 'reasoning-delta' }>): string {
    if (delta.redactedData !== undefined) {
      const index = this.nextBlockIndex++;
      return this.closeOpenBlock() + this.blockStart(index, { type: 'redacted_thinking', data: delta.redactedData }) + this.blockEvent('content_block_stop', index);
    }
    let text = this.ensureOpen('thinking');
    const index = this.openIndex();
    if (delta.text !== '') text += this.blockEvent('content_block_delta', index, { type: 'thinking_delta', thinking: delta.text });
    if (delta.signature !== undefined) {
      // The signature completes a thinking block; more reasoning opens the next one.
      text += this.blockEvent('content_block_delta', index, { type: 'signature_delta', signature: delta.signature }) + this.closeOpenBlock();
    }
    return text;
  }

  private start(): string {
    if (this.hasStarted) return '';
    this.hasStarted = true;
    const usage = anthropicUsageJson(this.options.initialUsage);
    const message = { id: this.id, type: 'message', role: 'assistant', model: this.model, content: [], stop_reason: null, stop_sequence: null, usage };
    return event('message_start', { type: 'message_start', message }) + (this.options.ping ? event('ping', { type: 'ping' }) : '');
  }

  private ensureOpen(kind: 'text' | 'thinking'): string {
    if (this.openBlock?.kind === kind) return '';
    let text = this.closeOpenBlock() + this.closeTools();
    const index = this.nextBlockIndex++;
    this.openBlock = { index, kind };
    text += this.blockStart(index, kind === 'text' ? { type: 'text', text: '' } : { type: 'thinking', thinking: '', signature: '' });
    return text;
  }

  private openIndex(): number {
    return this.openBlock?.index ?? 0;
  }

  private closeOpenBlock(): string {
    if (!this.openBlock) return '';
    const index = this.openBlock.index;
    this.openBlock = undefined;
    return this.blockEvent('content_block_stop', index);
  }

  private closeTool(toolIndex: number): string {
    const block = this.toolBlocks.get(toolIndex);
    if (!block?.isOpen) return '';
    block.isOpen = false;
    return this.blockEvent('content_block_stop', block.index);
  }

  private closeTools(): string {
    return [...this.toolBlocks.keys()].map((toolIndex) => this.closeTool(toolIndex)).join('');
  }

  private closeAll(): string {
    return this.closeOpenBlock() + this.closeTools();
  }

  private blockStart(index: number, contentBlock: JsonObject): string {
    return event('content_block_start', { type: 'content_block_start', index, content_block: contentBlock });
  }

  private blockEvent(type: 'content_block_delta' | 'content_block_stop', index: number, delta?: JsonObject): string {
    return event(type, delta ? { type, index, delta } : { type, index });
  }
}

function event(name: string, data: JsonObject): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}
