/**
 * The parts of Gemini's GenerateContentResponse that Tollgate reads, as zod schemas (loose: fields
 * Tollgate does not know are kept, not rejected).
 */
import { z } from 'zod';

const count = z.number().nonnegative().nullish();

const modalityCountSchema = z.looseObject({ modality: z.string().nullish(), tokenCount: count });

export const geminiUsageSchema = z.looseObject({
  promptTokenCount: count,
  cachedContentTokenCount: count,
  candidatesTokenCount: count,
  toolUsePromptTokenCount: count,
  thoughtsTokenCount: count,
  totalTokenCount: count,
  promptTokensDetails: z.array(modalityCountSchema).nullish(),
  cacheTokensDetails: z.array(modalityCountSchema).nullish(),
  candidatesTokensDetails: z.array(modalityCountSchema).nullish(),
  serviceTier: z.string().nullish(),
});

export type GeminiUsage = z.infer<typeof geminiUsageSchema>;

export const geminiPartSchema = z.looseObject({
  text: z.string().nullish(),
  thought: z.boolean().nullish(),
  thoughtSignature: z.string().nullish(),
  functionCall: z
    .looseObject({ id: z.string().nullish(), name: z.string(), args: z.record(z.string(), z.unknown()).nullish() })
    .nullish(),
});

export type GeminiPart = z.infer<typeof geminiPartSchema>;

export const geminiCandidateSchema = z.looseObject({
  content: z.looseObject({ parts: z.array(geminiPartSchema).nullish(), role: z.string().nullish() }).nullish(),
  finishReason: z.string().nullish(),
  finishMessage: z.string().nullish(),
  index: z.number().int().nonnegative().nullish(),
});

export type GeminiCandidate = z.infer<typeof geminiCandidateSchema>;

export const geminiResponseSchema = z.looseObject({
  candidates: z.array(geminiCandidateSchema).nullish(),
  promptFeedback: z.looseObject({ blockReason: z.string().nullish(), blockReasonMessage: z.string().nullish() }).nullish(),
  usageMetadata: z.unknown().optional(),
  modelVersion: z.string().nullish(),
  responseId: z.string().nullish(),
});

export type GeminiResponse = z.infer<typeof geminiResponseSchema>;

/** google.rpc.Status as Gemini sends it: `{error: {code, message, status, details}}`. */
export const geminiErrorSchema = z.looseObject({
  error: z.looseObject({
    code: z.number().nullish(),
    message: z.string().nullish(),
    status: z.string().nullish(),
    details: z.array(z.looseObject({ '@type': z.string().nullish() })).nullish(),
  }),
});

export type GeminiError = z.infer<typeof geminiErrorSchema>['error'];
