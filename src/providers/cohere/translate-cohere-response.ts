/**
 * A Cohere v2 chat answer → the shared ChatResponse. `thinking` content and the `tool_plan` (the
 * model's note on which tools it will call) become reasoning. Cohere sends `null` arguments for a
 * tool without parameters: those become `{}`. Its answers name no model and carry no timestamp.
 */
import type { ChatResponse, ChatToolCall, ReasoningPart } from '../../core/chat.js';
import { TollgateError } from '../../core/errors.js';
import { cohereChatResponseSchema } from './cohere-api.js';
import { convertCohereUsage } from './convert-cohere-usage.js';
import { mapCohereFinishReason } from './map-cohere-finish-reason.js';

export function translateCohereResponse(body: unknown, now: () => Date): ChatResponse {
  const parsed = cohereChatResponseSchema.safeParse(body);
  if (!parsed.success) throw new TollgateError('upstream_failed', 'cohere answered with a body Tollgate cannot read as a v2 chat response');
  const { id, message, finish_reason: finishReason, usage } = parsed.data;
  let text = '';
  const reasoning: ReasoningPart[] = [];
  for (const item of message.content ?? []) {
    if (item.type === 'thinking' && item.thinking) reasoning.push({ text: item.thinking });
    else if (typeof item.text === 'string') text += item.text;
  }
  if (message.tool_plan) reasoning.push({ text: message.tool_plan });
  const toolCalls: ChatToolCall[] = (message.tool_calls ?? []).map((call, index) => ({
    id: call.id ?? `call_${index}`,
    name: call.function?.name ?? '',
    arguments: normalizeArguments(call.function?.arguments),
  }));
  return {
    id: id ?? '',
    model: '',
    createdAt: now(),
    choices: [
      {
        index: 0,
        text,
        toolCalls,
        reasoning,
        finishReason: finishReason ? mapCohereFinishReason(finishReason) : 'other',
        ...(finishReason ? { rawFinishReason: finishReason } : {}),
      },
    ],
    usage: convertCohereUsage(usage),
  };
}

export function normalizeArguments(text: string | null | undefined): string {
  const trimmed = text?.trim() ?? '';
  return trimmed === '' || trimmed === 'null' ? '{}' : trimmed;
}
