/** An Anthropic `message` → ChatResponse: text, tool calls (JSON arguments), signed reasoning, usage. */
import type { ChatChoice, ChatResponse, ChatToolCall, FinishReason, ReasoningPart } from '../../core/chat.js';
import { TollgateError } from '../../core/errors.js';
import { anthropicMessageSchema } from './anthropic-wire.js';
import { convertAnthropicUsage } from './convert-anthropic-usage.js';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.js';
import { RESPONSE_FORMAT_TOOL } from './translate-anthropic-tools.js';

export function translateAnthropicResponse(body: unknown): ChatResponse {
  const parsed = anthropicMessageSchema.safeParse(body);
  if (!parsed.success || parsed.data.type === 'error') {
    throw new TollgateError('upstream_failed', 'Anthropic answered with a message Tollgate could not read', { isRetryable: true });
  }
  const message = parsed.data;
  let text = '';
  const toolCalls: ChatToolCall[] = [];
  const reasoning: ReasoningPart[] = [];
  let answeredThroughTool = false;
  for (const block of message.content ?? []) {
    switch (block.type) {
      case 'text':
        text += block.text ?? '';
        break;
      case 'tool_use':
        if (block.name === RESPONSE_FORMAT_TOOL) {
          text += inputJson(block.input);
          answeredThroughTool = true;
        } else {
          toolCalls.push({ id: block.id ?? '', name: block.name ?? '', arguments: inputJson(block.input) });
        }
        break;
      case 'thinking': {
        const part: ReasoningPart = { text: block.thinking ?? '' };
        if (block.signature) part.signature = block.signature;
        reasoning.push(part);
        break;
      }
      case 'redacted_thinking':
        reasoning.push({ text: '', redactedData: block.data ?? '' });
        break;
      default:
        // Server tool blocks (web search, code execution) ran at Anthropic; their outcome is in the text.
        break;
    }
  }
  const choice: ChatChoice = {
    index: 0,
    text,
    toolCalls,
    reasoning,
    finishReason: finishReasonOf(message.stop_reason, answeredThroughTool && toolCalls.length === 0),
  };
  if (message.stop_reason) choice.rawFinishReason = message.stop_reason;
  return {
    id: message.id ?? '',
    model: message.model ?? '',
    // Anthropic's message carries no timestamp; the time it was read is the best there is.
    createdAt: new Date(),
    choices: [choice],
    usage: convertAnthropicUsage(message.usage),
  };
}

/** A JSON answer given through the response-format tool is a finished answer, not a tool call. */
export function finishReasonOf(stopReason: string | null | undefined, answeredThroughTool: boolean): FinishReason {
  if (answeredThroughTool && stopReason === 'tool_use') return 'stop';
  return mapAnthropicStopReason(stopReason);
}

/** Tool input as JSON text; a call without arguments is `{}`, which every client parses. */
function inputJson(input: unknown): string {
  if (input === undefined || input === null) return '{}';
  return JSON.stringify(input);
}
