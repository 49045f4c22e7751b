/**
 * Embeddings from an OpenAI-format request: one text goes to `:embedContent`, several to
 * `:batchEmbedContents`; the answer is rendered as OpenAI's list (floats, or base64 of
 * little-endian float32 when `encoding_format: base64`). Gemini's Developer API reports no token
 * count for embeddings on every model: when it does (`usageMetadata`, or per-embedding
 * `statistics.tokenCount`), that is the usage; otherwise there is none and the cost is unknown.
 */
import { z } from 'zod';
import { usageFromParts, type Usage } from '../../core/usage.js';
import type { EmbeddingsCall, JsonObject } from '../adapter.js';
import { readEmbeddingsInput, renderOpenAIEmbeddings } from '../compatible/openai-embeddings-shape.js';
import { geminiModelResource, geminiRequest, geminiUrl } from './gemini-request.js';

const embeddingSchema = z.looseObject({
  values: z.array(z.number()),
  statistics: z.looseObject({ tokenCount: z.number().nullish() }).nullish(),
});

const embeddingsResponseSchema = z.looseObject({
  embedding: embeddingSchema.nullish(),
  embeddings: z.array(embeddingSchema).nullish(),
  usageMetadata: z.looseObject({ promptTokenCount: z.number().nullish() }).nullish(),
});

export const geminiEmbeddings: EmbeddingsCall = {
  prepare(body, context) {
    const input = readEmbeddingsInput(body, 'gemini');
    const dimensions = input.dimensions === undefined ? {} : { outputDimensionality: input.dimensions };
    const warnings = body.user === undefined ? [] : ['user: gemini takes no end-user id; dropped'];
    const [only] = input.texts;
    if (input.texts.length === 1 && only !== undefined) {
      const single: JsonObject = { content: { parts: [{ text: only }] }, ...dimensions };
      return geminiRequest(geminiUrl(context.account.baseUrl, context.model, 'embedContent'), single, context.account, warnings);
    }
    const model = geminiModelResource(context.model);
    const batch: JsonObject = { requests: input.texts.map((text) => ({ model, content: { parts: [{ text }] }, ...dimensions })) };
    return geminiRequest(geminiUrl(context.account.baseUrl, context.model, 'batchEmbedContents'), batch, context.account, warnings);
  },

  usageFromBody(body: unknown): Usage | undefined {
    const tokens = promptTokens(body);
    return tokens === undefined ? undefined : usageFromParts({ noCacheInput: tokens }, isObject(body) ? (body.usageMetadata ?? null) : null);
  },

  toOpenAIResponse(body: unknown, request: JsonObject, model: string): JsonObject {
    const parsed = embeddingsResponseSchema.safeParse(body);
    const embeddings = parsed.success ? (parsed.data.embeddings ?? (parsed.data.embedding ? [parsed.data.embedding] : [])) : [];
    const encoding = request.encoding_format === 'base64' ? 'base64' : 'float';
    return renderOpenAIEmbeddings(embeddings.map((embedding) => embedding.values), encoding, model, promptTokens(body) ?? 0);
  },
};

function promptTokens(body: unknown): number | undefined {
  const parsed = embeddingsResponseSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const reported = parsed.data.usageMetadata?.promptTokenCount;
  if (typeof reported === 'number') return reported;
  const embeddings = parsed.data.embeddings ?? (parsed.data.embedding ? [parsed.data.embedding] : []);
  const counts = embeddings.map((embedding) => embedding.statistics?.tokenCount);
  if (counts.length === 0 || counts.some((count) => typeof count !== 'number')) return undefined;
  return counts.reduce<number>((sum, count) => sum + (count ?? 0), 0);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
