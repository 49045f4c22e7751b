/** An OpenAI-format chat completion body → ChatResponse, with usage through the adapter's own converter. */
import type { ChatChoice, ChatResponse, ChatToolCall, ReasoningPart } from '../../core/chat.js';
import { TollgateError } from '../../core/errors.js';
import type { Usage } from '../../core/usage.js';
import { translateOpenAIFinishReason } from './translate-openai-finish-reason.js';
import { argumentsText, openAIChatResponseSchema, type OpenAIReasoningDetail } from './translate-openai-wire.js';

export function translateOpenAIResponse(body: unknown, convertUsage: (raw: unknown) => Usage | undefined, providerType: string): ChatResponse {
  const parsed = openAIChatResponseSchema.safeParse(body);
  if (!parsed.success) {
    throw new TollgateError('upstream_failed', `${providerType} answered with a chat completion Tollgate could not read (${parsed.error.issues[0]?.message ?? 'bad shape'})`, {
      isRetryable: true,
    });
  }
  const response = parsed.data;
  const choices = response.choices.map((choice, position): ChatChoice => {
    const index = choice.index ?? position;
    const message = choice.message;
    const toolCalls = (message.tool_calls ?? []).map(
      (call, callIndex): ChatToolCall => ({
        id: call.id ?? `call_${index}_${callIndex}`,
        name: call.function?.name ?? '',
        arguments: argumentsText(call.function?.arguments) || '{}',
      }),
    );
    const translated: ChatChoice = {
      index,
      text: message.content ?? message.refusal ?? '',
      toolCalls,
      reasoning: reasoningParts(message.reasoning_details, message.reasoning_content ?? message.reasoning),
      finishReason: translateOpenAIFinishReason(choice.finish_reason),
    };
    if (choice.finish_reason) translated.rawFinishReason = choice.finish_reason;
    return translated;
  });
  const usage = convertUsage(response.usage);
  if (usage && response.service_tier) usage.serviceTier = response.service_tier;
  return {
    id: response.id ?? '',
    model: response.model ?? '',
    // A response without `created` is rare; its time of arrival is the best stand-in.
    createdAt: response.created != null ? new Date(response.created * 1000) : new Date(),
    choices,
    usage,
  };
}

/** Signed reasoning (OpenRouter's reasoning_details) wins over plain reasoning text, which it repeats. */
export function reasoningParts(details: readonly OpenAIReasoningDetail[] | null | undefined, text: string | null | undefined): ReasoningPart[] {
  const parts: ReasoningPart[] = [];
  for (const detail of details ?? []) {
    if (detail.type === 'reasoning.encrypted' && detail.data) {
      parts.push({ text: '', redactedData: detail.data });
    } else if (detail.type === 'reasoning.text' || detail.type === 'reasoning.summary') {
      const part: ReasoningPart = { text: detail.text ?? detail.summary ?? '' };
      if (detail.signature) part.signature = detail.signature;
      parts.push(part);
    }
  }
  if (parts.length === 0 && text) parts.push({ text });
  return parts;
}
