/**
 * A Gemini GenerateContentResponse → the shared ChatResponse. Thought parts become reasoning with
 * their signatures; a signature on a function call or plain part is kept as a text-less reasoning
 * part, so a client that sends reasoning back returns it to the right place.
 */
import type { ChatChoice, ChatResponse, ChatToolCall, ReasoningPart } from '../../core/chat.js';
import { TollgateError } from '../../core/errors.js';
import { convertGeminiUsage } from './convert-gemini-usage.js';
import { geminiResponseSchema, type GeminiCandidate } from './gemini-api.js';
import { geminiToolCallId } from './gemini-tool-call-id.js';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.js';

export function translateGeminiResponse(body: unknown, now: () => Date): ChatResponse {
  const parsed = geminiResponseSchema.safeParse(body);
  if (!parsed.success) throw new TollgateError('upstream_failed', 'gemini answered with a body Tollgate cannot read as a GenerateContentResponse');
  const response = parsed.data;
  const responseId = response.responseId ?? '';
  const choices = (response.candidates ?? []).map((candidate, position) => translateCandidate(candidate, candidate.index ?? position, responseId));
  const blockReason = response.promptFeedback?.blockReason;
  if (choices.length === 0 && blockReason) {
    choices.push({ index: 0, text: '', toolCalls: [], reasoning: [], finishReason: 'content_filter', rawFinishReason: blockReason });
  }
  return { id: responseId, model: response.modelVersion ?? '', createdAt: now(), choices, usage: convertGeminiUsage(response.usageMetadata) };
}

function translateCandidate(candidate: GeminiCandidate, index: number, responseId: string): ChatChoice {
  let text = '';
  const toolCalls: ChatToolCall[] = [];
  const reasoning: ReasoningPart[] = [];
  for (const part of candidate.content?.parts ?? []) {
    if (part.thought) {
      reasoning.push({ text: part.text ?? '', ...(part.thoughtSignature ? { signature: part.thoughtSignature } : {}) });
      continue;
    }
    if (part.thoughtSignature) reasoning.push({ text: '', signature: part.thoughtSignature });
    if (part.functionCall) {
      const { name, id, args } = part.functionCall;
      toolCalls.push({ id: id ?? geminiToolCallId(responseId, index, toolCalls.length, name), name, arguments: JSON.stringify(args ?? {}) });
    } else if (typeof part.text === 'string') {
      text += part.text;
    }
  }
  const choice: ChatChoice = { index, text, toolCalls, reasoning, finishReason: 'other' };
  if (candidate.finishReason) {
    choice.finishReason = mapGeminiFinishReason(candidate.finishReason, toolCalls.length > 0);
    choice.rawFinishReason = candidate.finishReason;
  }
  return choice;
}
