/**
 * POST /v1/embeddings: deterministic unit vectors from a hash of each input (a shortened vector
 * is the full one cut and renormalised, as text-embedding-3 behaves), `float` or `base64`
 * (little-endian float32, as OpenAI sends), usage from the tokenizer.
 */
import { z } from 'zod';
import { isErrorFault, resolveFault } from '../faults.js';
import { lookupModel } from '../model-list.js';
import { resolvePacing } from '../request-controls.js';
import { holdForever, type SimExchange } from '../sim-context.js';
import { createSeededRandom, hashString } from '../seeded-random.js';
import { afterDelay, writeThenDestroy } from '../sse-writer.js';
import { countTokens } from '../tokens.js';
import { bracketPath, firstIssue } from '../zod-issues.js';
import { invalidRequest, modelNotFoundError, openAIHeaders, sendOpenAIError, sendOpenAIFault } from './openai-errors.js';
import { readOpenAIPost } from './openai-request.js';

const MAX_INPUTS = 2048;

const embeddingRequestSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(z.string()), z.array(z.number().int()), z.array(z.array(z.number().int()))]),
  encoding_format: z.enum(['float', 'base64']).nullish(),
  dimensions: z.number().int().min(1).nullish(),
});

type EmbeddingRequest = z.infer<typeof embeddingRequestSchema>;

function inputsOf(input: EmbeddingRequest['input']): Array<{ key: string; tokens: number }> {
  if (typeof input === 'string') return [{ key: input, tokens: countTokens(input) }];
  if (input.length === 0) return [];
  const first = input[0];
  if (typeof first === 'number') return [{ key: JSON.stringify(input), tokens: input.length }];
  return (input as Array<string | number[]>).map((item) =>
    typeof item === 'string' ? { key: item, tokens: countTokens(item) } : { key: JSON.stringify(item), tokens: item.length },
  );
}

/** A deterministic unit vector of `dimensions`, float32-exact so float and base64 agree. */
export function embeddingVector(model: string, key: string, nativeDimensions: number, dimensions: number): Float32Array {
  const random = createSeededRandom(hashString(`${model}\u0000${key}`));
  const full = new Float64Array(nativeDimensions);
  for (let index = 0; index < nativeDimensions; index += 2) {
    const radius = Math.sqrt(-2 * Math.log(1 - random.next()));
    const angle = 2 * Math.PI * random.next();
    full[index] = radius * Math.cos(angle);
    if (index + 1 < nativeDimensions) full[index + 1] = radius * Math.sin(angle);
  }
  let norm = 0;
  for (let index = 0; index < dimensions; index++) norm += (full[index] ?? 0) ** 2;
  norm = Math.sqrt(norm) || 1;
  const vector = new Float32Array(dimensions);
  for (let index = 0; index < dimensions; index++) vector[index] = (full[index] ?? 0) / norm;
  return vector;
}

function toBase64(vector: Float32Array): string {
  const buffer = Buffer.alloc(vector.length * 4);
  for (let index = 0; index < vector.length; index++) buffer.writeFloatLE(vector[index] ?? 0, index * 4);
  return buffer.toString('base64');
}

export function handleEmbeddings(exchange: SimExchange, rawBody: string): void {
  const { response, context, tracker, startedAt } = exchange;
  const post = readOpenAIPost(exchange, rawBody);
  if (post === undefined) return;
  const { apiKey, controls, body } = post;
  const parsed = embeddingRequestSchema.safeParse(body);
  if (!parsed.success) {
    const { path, isMissing } = firstIssue(parsed.error, body);
    const param = bracketPath(path);
    const message = isMissing ? `Missing required parameter: '${param}'.` : `'$.${param}' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.`;
    return sendOpenAIError(response, 400, invalidRequest(message, param, isMissing ? 'missing_required_parameter' : 'invalid_value'), startedAt);
  }
  const embeddingRequest = parsed.data;
  tracker.setModel(embeddingRequest.model);
  const model = lookupModel('openai', embeddingRequest.model, context.behaviours.has(embeddingRequest.model));
  if (model === undefined) return sendOpenAIError(response, 404, modelNotFoundError(embeddingRequest.model), startedAt);
  if (model.kind !== 'embedding') return sendOpenAIError(response, 400, invalidRequest('You are not allowed to generate embeddings from this model'), startedAt);
  const nativeDimensions = model.embeddingDimensions ?? 1536;
  const dimensions = embeddingRequest.dimensions ?? nativeDimensions;
  if (embeddingRequest.dimensions !== undefined && embeddingRequest.dimensions !== null && model.supportsDimensions !== true) {
    return sendOpenAIError(response, 400, invalidRequest('This model does not support specifying dimensions.', 'dimensions'), startedAt);
  }
  if (dimensions > nativeDimensions) {
    return sendOpenAIError(response, 400, invalidRequest(`Invalid value for 'dimensions' = ${dimensions}. Must be less than or equal to ${nativeDimensions}.`, 'dimensions', 'invalid_value'), startedAt);
  }
  const inputs = inputsOf(embeddingRequest.input);
  if (inputs.length === 0 || inputs.length > MAX_INPUTS || inputs.some((input) => input.key.length === 0)) {
    return sendOpenAIError(response, 400, invalidRequest("'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.", 'input'), startedAt);
  }
  const longest = Math.max(...inputs.map((input) => input.tokens));
  if (longest > model.contextWindow) {
    return sendOpenAIError(
      response,
      400,
      invalidRequest(
        `This model's maximum context length is ${model.contextWindow} tokens, however you requested ${longest} tokens (${longest} in your prompt; 0 for the completion). Please reduce your prompt; or completion length.`,
        null,
        'context_length_exceeded',
      ),
      startedAt,
    );
  }
  const promptTokens = inputs.reduce((sum, input) => sum + input.tokens, 0);
  const fault = resolveFault(controls, context.behaviours, [embeddingRequest.model]);
  if (fault?.fault === 'hang') return holdForever(exchange);
  if (fault !== undefined && isErrorFault(fault.fault)) {
    return sendOpenAIFault(response, fault.fault, {
      model: embeddingRequest.model,
      apiKey,
      retryAfterSeconds: fault.retryAfterSeconds,
      contextWindow: model.contextWindow,
      promptTokens: longest,
      startedAt,
    });
  }
  const isBase64 = embeddingRequest.encoding_format === 'base64';
  const data = inputs.map((input, index) => {
    const vector = embeddingVector(model.responseModel, input.key, nativeDimensions, dimensions);
    return { object: 'embedding', index, embedding: isBase64 ? toBase64(vector) : Array.from(vector) };
  });
  const text = JSON.stringify({ object: 'list', data, model: embeddingRequest.model, usage: { prompt_tokens: promptTokens, total_tokens: promptTokens } });
  const behaviour = context.behaviours.get(embeddingRequest.model);
  afterDelay(response, resolvePacing(controls, behaviour, context.options).ttftMs, () => {
    const headers = { ...openAIHeaders(startedAt), 'content-type': 'application/json' };
    const half = text.slice(0, Math.floor(text.length / 2));
    if (fault?.fault === 'cut') {
      response.writeHead(200, { ...headers, 'content-length': Buffer.byteLength(text) });
      writeThenDestroy(response, half, () => tracker.markClosedByServer());
      return;
    }
    const sent = fault?.fault === 'malformed' ? half : text;
    response.writeHead(200, { ...headers, 'content-length': Buffer.byteLength(sent) });
    response.end(sent);
  });
}
