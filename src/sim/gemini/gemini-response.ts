/**
 * Renders Gemini candidates as a GenerateContentResponse: parts (a thought summary with
 * `thought: true`, text, `functionCall` without an id, as the Gemini API sends them), a
 * `thoughtSignature` on the first answer part when the model thought and either showed its
 * thoughts or called a function, finishReason, safety ratings when the safety filter stopped the
 * answer, and usageMetadata (zero-valued counts left out, as proto JSON does).
 */
import { randomBytes } from 'node:crypto';
import { randomIdPart } from '../seeded-random.js';
import type { GeminiCandidatePlan } from './gemini-answer.js';
import { modalityDetails, type Modality } from './gemini-prompt.js';

export interface UsageInput {
  promptTokens: number;
  modalities: ReadonlyMap<Modality, number>;
  cachedTokens: number;
  candidateTokens: number;
  thoughtTokens: number;
  toolUsePromptTokens: number;
  serviceTier: string | undefined;
}

export function usageMetadata(input: UsageInput): Record<string, unknown> {
  const usage: Record<string, unknown> = { promptTokenCount: input.promptTokens };
  if (input.candidateTokens > 0) usage.candidatesTokenCount = input.candidateTokens;
  usage.totalTokenCount = input.promptTokens + input.candidateTokens + input.thoughtTokens + input.toolUsePromptTokens;
  if (input.cachedTokens > 0) usage.cachedContentTokenCount = input.cachedTokens;
  usage.promptTokensDetails = modalityDetails(input.modalities);
  if (input.cachedTokens > 0) usage.cacheTokensDetails = [{ modality: 'TEXT', tokenCount: input.cachedTokens }];
  if (input.candidateTokens > 0) usage.candidatesTokensDetails = [{ modality: 'TEXT', tokenCount: input.candidateTokens }];
  if (input.toolUsePromptTokens > 0) {
    usage.toolUsePromptTokenCount = input.toolUsePromptTokens;
    usage.toolUsePromptTokensDetails = [{ modality: 'TEXT', tokenCount: input.toolUsePromptTokens }];
  }
  if (input.thoughtTokens > 0) usage.thoughtsTokenCount = input.thoughtTokens;
  if (input.serviceTier !== undefined) usage.serviceTier = input.serviceTier;
  return usage;
}

export function newResponseId(): string {
  return randomIdPart(23, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_');
}

export function newThoughtSignature(): string {
  return randomBytes(180).toString('base64');
}

export function functionCallPart(call: { name: string; argumentsJson: string }): Record<string, unknown> {
  return { functionCall: { name: call.name, args: JSON.parse(call.argumentsJson) as unknown } };
}

/** Blocked answers carry the ratings that blocked them. */
export function safetyRatings(): Array<Record<string, unknown>> {
  return [
    { category: 'HARM_CATEGORY_HATE_SPEECH', probability: 'NEGLIGIBLE' },
    { category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true },
    { category: 'HARM_CATEGORY_HARASSMENT', probability: 'NEGLIGIBLE' },
    { category: 'HARM_CATEGORY_SEXUALLY_EXPLICIT', probability: 'NEGLIGIBLE' },
  ];
}

/** Whether this candidate's first answer part carries a thought signature. */
export function hasSignature(candidate: GeminiCandidatePlan): boolean {
  return candidate.plan.reasoningTokens > 0 && (candidate.thoughtSummary !== undefined || candidate.calls.length > 0);
}

export function candidateParts(candidate: GeminiCandidatePlan): Array<Record<string, unknown>> {
  const parts: Array<Record<string, unknown>> = [];
  if (candidate.thoughtSummary !== undefined) parts.push({ text: candidate.thoughtSummary, thought: true });
  const text = candidate.plan.text?.text ?? '';
  const answerStart = parts.length;
  if (text.length > 0 || (candidate.calls.length === 0 && candidate.plan.text !== undefined)) parts.push({ text });
  for (const call of candidate.calls) parts.push(functionCallPart(call));
  const first = parts[answerStart];
  if (first !== undefined && hasSignature(candidate)) first.thoughtSignature = newThoughtSignature();
  return parts;
}

export function candidateObject(candidate: GeminiCandidatePlan, parts: Array<Record<string, unknown>>, isFinal: boolean): Record<string, unknown> {
  const object: Record<string, unknown> = { content: parts.length === 0 ? { role: 'model' } : { parts, role: 'model' } };
  if (isFinal) object.finishReason = candidate.finishReason;
  object.index = candidate.index;
  if (isFinal && candidate.finishReason === 'SAFETY') object.safetyRatings = safetyRatings();
  if (isFinal && candidate.calls.length > 0 && candidate.finishReason === 'STOP') object.finishMessage = 'Model generated function call(s).';
  return object;
}

export interface ResponseEnvelope {
  modelVersion: string;
  responseId: string;
}

export function generateContentResponse(envelope: ResponseEnvelope, candidates: Array<Record<string, unknown>>, usage: Record<string, unknown>): Record<string, unknown> {
  return { candidates, usageMetadata: usage, modelVersion: envelope.modelVersion, responseId: envelope.responseId };
}
