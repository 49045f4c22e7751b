/**
 * Embeddings from an OpenAI-format request through Cohere's `/v2/embed`: documents to be searched
 * (`input_type: search_document`, unless the body names another Cohere input type), float
 * vectors, rendered as OpenAI's list. Cohere bills `meta.billed_units.input_tokens`.
 */
import { z } from 'zod';
import { usageFromParts, type Usage } from '../../core/usage.js';
import type { EmbeddingsCall, JsonObject } from '../adapter.js';
import { readEmbeddingsInput, renderOpenAIEmbeddings } from '../compatible/openai-embeddings-shape.js';
import { cohereRequest, cohereUrl } from './cohere-request.js';

const INPUT_TYPES = new Set(['search_document', 'search_query', 'classification', 'clustering']);

const embedResponseSchema = z.looseObject({
  embeddings: z.looseObject({ float: z.array(z.array(z.number())).nullish() }).nullish(),
  meta: z.looseObject({ billed_units: z.looseObject({ input_tokens: z.number().nullish() }).nullish() }).nullish(),
});

export const cohereEmbeddings: EmbeddingsCall = {
  prepare(body, context) {
    const input = readEmbeddingsInput(body, 'cohere');
    const inputType = typeof body.input_type === 'string' && INPUT_TYPES.has(body.input_type) ? body.input_type : 'search_document';
    const request: JsonObject = { model: context.model, texts: input.texts, input_type: inputType, embedding_types: ['float'] };
    if (input.dimensions !== undefined) request.output_dimension = input.dimensions;
    const warnings = body.user === undefined ? [] : ['user: cohere takes no end-user id; dropped'];
    return cohereRequest(cohereUrl(context.account.baseUrl, '/embed'), request, context.account, warnings);
  },

  usageFromBody(body: unknown): Usage | undefined {
    const parsed = embedResponseSchema.safeParse(body);
    const billed = parsed.success ? parsed.data.meta?.billed_units : undefined;
    if (typeof billed?.input_tokens !== 'number') return undefined;
    return usageFromParts({ noCacheInput: billed.input_tokens }, parsed.success ? parsed.data.meta : undefined);
  },

  toOpenAIResponse(body: unknown, request: JsonObject, model: string): JsonObject {
    const parsed = embedResponseSchema.safeParse(body);
    const vectors = parsed.success ? (parsed.data.embeddings?.float ?? []) : [];
    const tokens = parsed.success ? (parsed.data.meta?.billed_units?.input_tokens ?? 0) : 0;
    return renderOpenAIEmbeddings(vectors, request.encoding_format === 'base64' ? 'base64' : 'float', model, tokens);
  },
};
