/**
 * POST /v2/embed: `texts` (at most 96) or `inputs`, `input_type` required for v3 and later
 * models, `embedding_types` (float, int8, uint8, binary, ubinary, base64; float when absent),
 * `output_dimension` for embed-v4.0 (256, 512, 1024, 1536). Vectors are deterministic unit
 * vectors; int8/uint8 quantise each value, binary/ubinary pack sign bits eight to a byte, base64
 * is little-endian float32. Text past the model's limit is cut at the end unless truncate is NONE.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { isErrorFault, resolveFault } from '../faults.js';
import { sendJson } from '../http-io.js';
import { lookupModel } from '../model-list.js';
import { embeddingVector } from '../openai/embeddings.js';
import { readRequestControls, resolvePacing } from '../request-controls.js';
import { holdForever, type SimExchange } from '../sim-context.js';
import { afterDelay, writeThenDestroy } from '../sse-writer.js';
import { countTokens, truncateToTokens } from '../tokens.js';
import { authenticateCohere, cohereHeaders, modelNotFoundMessage, parseCohereBody, sendCohereError, sendCohereFault, sendInvalidRequest } from './cohere-errors.js';
import { describeCohereProblem } from './cohere-request.js';

const EMBEDDING_TYPES = ['float', 'int8', 'uint8', 'binary', 'ubinary', 'base64'] as const;
type EmbeddingType = (typeof EMBEDDING_TYPES)[number];

const embedRequestSchema = z.looseObject({
  model: z.string().min(1),
  texts: z.array(z.string()).max(96).optional(),
  inputs: z.array(z.looseObject({ content: z.array(z.looseObject({ type: z.string(), text: z.string().optional() })) })).max(96).optional(),
  input_type: z.enum(['search_document', 'search_query', 'classification', 'clustering', 'image']).optional(),
  embedding_types: z.array(z.enum(EMBEDDING_TYPES)).min(1).optional(),
  output_dimension: z.number().int().optional(),
  truncate: z.enum(['NONE', 'START', 'END']).optional(),
});

function encode(vector: readonly number[], type: EmbeddingType): unknown {
  switch (type) {
    case 'float':
      return vector;
    case 'int8':
      return vector.map((value) => Math.max(-128, Math.min(127, Math.round(value * 127 * 8))));
    case 'uint8':
      return vector.map((value) => Math.max(0, Math.min(255, Math.round((value * 8 + 1) * 127.5))));
    case 'binary':
    case 'ubinary': {
      const bytes: number[] = [];
      for (let start = 0; start < vector.length; start += 8) {
        let byte = 0;
        for (let bit = 0; bit < 8; bit++) byte = (byte << 1) | ((vector[start + bit] ?? 0) > 0 ? 1 : 0);
        bytes.push(type === 'binary' ? byte - 128 : byte);
      }
      return bytes;
    }
    case 'base64': {
      const buffer = Buffer.alloc(vector.length * 4);
      vector.forEach((value, index) => buffer.writeFloatLE(value, index * 4));
      return buffer.toString('base64');
    }
  }
}

export function handleCohereEmbed(exchange: SimExchange, rawBody: string): void {
  const { request, response, context, tracker } = exchange;
  if (authenticateCohere(exchange) === undefined) return;
  const controls = readRequestControls(request.headers);
  if ('problem' in controls) return sendInvalidRequest(response, controls.problem);
  const body = parseCohereBody(response, rawBody);
  if (body === undefined) return;
  if (typeof body.model === 'string') tracker.setModel(body.model);
  const parsed = embedRequestSchema.safeParse(body);
  if (!parsed.success) return sendInvalidRequest(response, describeCohereProblem(parsed.error, body));
  const embedRequest = parsed.data;
  const model = lookupModel('cohere', embedRequest.model, context.behaviours.has(embedRequest.model));
  if (model === undefined) return sendCohereError(response, 404, modelNotFoundMessage(embedRequest.model));
  if (model.kind !== 'embedding') return sendInvalidRequest(response, `model '${embedRequest.model}' does not support embed`);
  if (embedRequest.input_type === undefined) return sendInvalidRequest(response, 'valid input_type must be provided with the provided model');
  const texts = embedRequest.texts ?? (embedRequest.inputs ?? []).map((input) => input.content.map((part) => part.text ?? '').join('\n'));
  if (texts.length === 0) return sendInvalidRequest(response, 'one of texts, images or inputs must be provided');
  const native = model.embeddingDimensions ?? 1024;
  const dimensions = embedRequest.output_dimension ?? native;
  if (embedRequest.output_dimension !== undefined && (model.supportsDimensions !== true || ![256, 512, 1024, 1536].includes(dimensions))) {
    return sendInvalidRequest(response, model.supportsDimensions === true ? 'output_dimension must be one of 256, 512, 1024, 1536' : `output_dimension is not supported for model '${embedRequest.model}'`);
  }
  const counts = texts.map((text) => countTokens(text));
  const longest = Math.max(...counts);
  if (embedRequest.truncate === 'NONE' && longest > model.contextWindow) {
    return sendInvalidRequest(response, `text is too long: ${longest} tokens exceeds the maximum of ${model.contextWindow} for this model; use truncate START or END`);
  }
  const fault = resolveFault(controls.controls, context.behaviours, [embedRequest.model]);
  if (fault?.fault === 'hang') return holdForever(exchange);
  if (fault !== undefined && isErrorFault(fault.fault)) return sendCohereFault(response, fault.fault, { promptTokens: longest, contextWindow: model.contextWindow });
  const vectors = texts.map((text) => Array.from(embeddingVector(model.responseModel, truncateToTokens(text, model.contextWindow), native, dimensions)));
  const types = embedRequest.embedding_types ?? ['float'];
  const embeddings = Object.fromEntries(types.map((type) => [type, vectors.map((vector) => encode(vector, type))]));
  const billed = counts.reduce((sum, count) => sum + Math.min(count, model.contextWindow), 0);
  const result = { id: randomUUID(), texts, embeddings, meta: { api_version: { version: '2' }, billed_units: { input_tokens: billed } }, response_type: 'embeddings_by_type' };
  const text = JSON.stringify(result);
  afterDelay(response, resolvePacing(controls.controls, context.behaviours.get(embedRequest.model), context.options).ttftMs, () => {
    const half = text.slice(0, Math.floor(text.length / 2));
    if (fault?.fault === 'cut') {
      response.writeHead(200, { ...cohereHeaders(), 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      writeThenDestroy(response, half, () => tracker.markClosedByServer());
      return;
    }
    if (fault?.fault === 'malformed') {
      response.writeHead(200, { ...cohereHeaders(), 'content-type': 'application/json', 'content-length': Buffer.byteLength(half) });
      response.end(half);
      return;
    }
    sendJson(response, 200, result, cohereHeaders());
  });
}
