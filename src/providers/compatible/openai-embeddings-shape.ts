/**
 * The OpenAI embeddings request and response shapes, for adapters whose providers speak another
 * format (Gemini, Cohere): what texts a request asks for, and the answer rendered as OpenAI's.
 */
import { TollgateError } from '../../core/errors.js';
import type { JsonObject } from '../adapter.js';

export type EmbeddingEncoding = 'float' | 'base64';

export interface EmbeddingsInput {
  texts: string[];
  encodingFormat: EmbeddingEncoding;
  dimensions?: number;
}

export function readEmbeddingsInput(body: JsonObject, providerType: string): EmbeddingsInput {
  const input = body.input;
  let texts: string[];
  if (typeof input === 'string') texts = [input];
  else if (Array.isArray(input) && input.every((item): item is string => typeof item === 'string')) texts = input;
  else {
    throw new TollgateError('unsupported_parameter', `input: ${providerType} embeds text only; token-id arrays cannot be sent to it`, {
      param: 'input',
      isRetryable: false,
    });
  }
  if (texts.length === 0) throw new TollgateError('invalid_request', 'input: give at least one text to embed', { param: 'input', isRetryable: false });
  const format = body.encoding_format;
  if (format !== undefined && format !== 'float' && format !== 'base64') {
    throw new TollgateError('invalid_request', 'encoding_format: use "float" or "base64"', { param: 'encoding_format', isRetryable: false });
  }
  const result: EmbeddingsInput = { texts, encodingFormat: format ?? 'float' };
  if (typeof body.dimensions === 'number') result.dimensions = body.dimensions;
  return result;
}

/** An OpenAI `list` of embeddings; base64 is the little-endian float32 bytes OpenAI sends. */
export function renderOpenAIEmbeddings(vectors: readonly (readonly number[])[], encodingFormat: EmbeddingEncoding, model: string, promptTokens: number): JsonObject {
  return {
    object: 'list',
    data: vectors.map((vector, index) => ({
      object: 'embedding',
      index,
      embedding: encodingFormat === 'base64' ? float32Base64(vector) : [...vector],
    })),
    model,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  };
}

export function float32Base64(vector: readonly number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((value, index) => bytes.writeFloatLE(value, index * 4));
  return bytes.toString('base64');
}
