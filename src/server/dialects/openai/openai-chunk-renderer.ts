/**
 * StreamDelta → OpenAI `chat.completion.chunk` objects: the role on each choice's first delta,
 * tool calls opened with index/id/type/name and continued with argument fragments, a finish
 * chunk per choice, and on request a usage-only chunk (`choices: []`) at the end.
 */
import type { ReasoningPart, StreamDelta } from '../../../core/chat.js';
import { openAIFinishReason } from './openai-finish-reason.js';
import { reasoningDetailJson } from './render-openai-reasoning.js';

type JsonObject = Record<string, unknown>;

export interface OpenAIChunkRendererOptions {
  /** Used until the upstream names its own in `message-start`. */
  id: string;
  model: string;
  /** Unix seconds, passed in so rendering reads no clock. */
  created: number;
}

export class OpenAIChunkRenderer {
  private id: string;
  private model: string;
  private readonly created: number;
  private readonly choicesWithRole = new Set<number>();
  private reasoningIndex = 0;
  private isReasoningSigned = false;

  constructor(options: OpenAIChunkRendererOptions) {
    this.id = options.id;
    this.model = options.model;
    this.created = options.created;
  }

  render(delta: StreamDelta): JsonObject[] {
    switch (delta.type) {
      case 'message-start':
        if (delta.id) this.id = delta.id;
        if (delta.model) this.model = delta.model;
        return [this.choiceChunk(0, { content: '' })];
      case 'text-delta':
        return [this.choiceChunk(delta.choice, { content: delta.text })];
      case 'reasoning-delta':
        return [this.choiceChunk(delta.choice, this.reasoningDelta(delta))];
      case 'tool-call-start':
        return [
          this.choiceChunk(delta.choice, {
            tool_calls: [{ index: delta.index, id: delta.id, type: 'function', function: { name: delta.name, arguments: '' } }],
          }),
        ];
      case 'tool-call-delta':
        return [this.choiceChunk(delta.choice, { tool_calls: [{ index: delta.index, function: { arguments: delta.argumentsDelta } }] })];
      case 'finish':
        return [this.choiceChunk(delta.choice, {}, openAIFinishReason(delta.reason))];
      case 'error':
        return [{ error: { message: delta.message, type: 'upstream_error', param: null, code: delta.code ?? null } }];
      case 'tool-call-end':
      case 'usage':
        // Nothing for the client: OpenAI has no end-of-call marker, and usage waits for usageChunk.
        return [];
    }
  }

  /** The final usage-only chunk, rendered when the client asked for `stream_options.include_usage`. */
  usageChunk(usageJson: JsonObject): JsonObject {
    return { ...this.base(), choices: [], usage: usageJson };
  }

  private choiceChunk(choice: number, delta: JsonObject, finishReason: string | null = null): JsonObject {
    const withRole = this.choicesWithRole.has(choice) ? delta : { role: 'assistant', ...delta };
    this.choicesWithRole.add(choice);
    return { ...this.base(), choices: [{ index: choice, delta: withRole, logprobs: null, finish_reason: finishReason }] };
  }

  private base(): JsonObject {
    return { id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model };
  }

  /** Text as `reasoning_content`; every piece also in `reasoning_details`, so signed blocks can be rebuilt by index. */
  private reasoningDelta(delta: Extract<StreamDelta, { type: 'reasoning-delta' }>): JsonObject {
    if (this.isReasoningSigned && (delta.text !== '' || delta.redactedData !== undefined)) {
      this.reasoningIndex += 1;
      this.isReasoningSigned = false;
    }
    const part: ReasoningPart = { text: delta.text };
    if (delta.signature !== undefined) part.signature = delta.signature;
    if (delta.redactedData !== undefined) part.redactedData = delta.redactedData;
    const detail = reasoningDetailJson(part, this.reasoningIndex);
    if (delta.signature !== undefined || delta.redactedData !== undefined) this.isReasoningSigned = true;
    const rendered: JsonObject = { reasoning_details: [detail] };
    if (delta.text !== '') rendered.reasoning_content = delta.text;
    return rendered;
  }
}
