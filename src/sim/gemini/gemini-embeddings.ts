/**
 * :embedContent and :batchEmbedContents. Vectors are deterministic per model and text; the full
 * vector is unit length, and `outputDimensionality` truncates it without renormalising (Google
 * asks callers to normalise smaller gemini-embedding-001 vectors themselves). Text past the
 * model's 2048-token input limit is cut silently (autoTruncate). A batch takes at most 100
 * requests, each naming the model of the URL.
 */
import { z } from 'zod';
import { isErrorFault, resolveFault } from '../faults.js';
import { sendJson } from '../http-io.js';
import { lookupModel, type SimModelInfo } from '../model-list.js';
import { embeddingVector } from '../openai/embeddings.js';
import { readRequestControls, resolvePacing } from '../request-controls.js';
import { holdForever, type SimExchange } from '../sim-context.js';
import { afterDelay, writeThenDestroy } from '../sse-writer.js';
import { truncateToTokens } from '../tokens.js';
import { faultError, invalidArgument, modelNotFound, sendGoogleError } from './gemini-errors.js';
import { contentSchema, normaliseFieldNames } from './gemini-request.js';

const MAX_BATCH = 100;

const embedRequestSchema = z.looseObject({
  model: z.string().optional(),
  content: contentSchema,
  taskType: z.string().optional(),
  title: z.string().optional(),
  outputDimensionality: z.number().int().min(1).optional(),
});

const batchRequestSchema = z.looseObject({ requests: z.array(embedRequestSchema).min(1) });

type EmbedRequest = z.infer<typeof embedRequestSchema>;

function vectorFor(model: SimModelInfo, request: EmbedRequest): number[] | string {
  const native = model.embeddingDimensions ?? 768;
  const dimensions = request.outputDimensionality ?? native;
  if (dimensions > native) return `outputDimensionality ${dimensions} exceeds the maximum of ${native} for models/${model.requested}.`;
  const text = truncateToTokens(request.content.parts.map((part) => part.text ?? '').join('\n'), model.contextWindow);
  return Array.from(embeddingVector(model.responseModel, text, native, native)).slice(0, dimensions);
}

export function handleEmbedding(exchange: SimExchange, rawBody: string, modelName: string, isBatch: boolean): void {
  const { request, response, context, tracker } = exchange;
  tracker.setModel(modelName);
  const controls = readRequestControls(request.headers);
  if ('problem' in controls) return sendGoogleError(response, invalidArgument(controls.problem));
  let body: unknown;
  try {
    body = normaliseFieldNames(JSON.parse(rawBody));
  } catch {
    return sendGoogleError(response, invalidArgument('Invalid JSON payload received. Unexpected token.'));
  }
  const model = lookupModel('gemini', modelName, context.behaviours.has(modelName));
  const method = isBatch ? 'batchEmbedContents' : 'embedContent';
  if (model === undefined || model.kind !== 'embedding') return sendGoogleError(response, modelNotFound(modelName, method));
  let requests: EmbedRequest[];
  if (isBatch) {
    const parsed = batchRequestSchema.safeParse(body);
    if (!parsed.success) return sendGoogleError(response, invalidArgument(`* BatchEmbedContentsRequest.${parsed.error.issues[0]?.path.join('.') ?? 'requests'}: ${parsed.error.issues[0]?.message ?? 'invalid'}\n`));
    if (parsed.data.requests.length > MAX_BATCH) return sendGoogleError(response, invalidArgument(`* BatchEmbedContentsRequest.requests: at most ${MAX_BATCH} requests can be in one batch\n`));
    const stray = parsed.data.requests.find((item) => item.model !== undefined && item.model !== `models/${modelName}`);
    if (stray !== undefined) return sendGoogleError(response, invalidArgument(`Model in request (${stray.model ?? ''}) does not match model in URL (models/${modelName}).`));
    requests = parsed.data.requests;
  } else {
    const parsed = embedRequestSchema.safeParse(body);
    if (!parsed.success) return sendGoogleError(response, invalidArgument(`* EmbedContentRequest.${parsed.error.issues[0]?.path.join('.') ?? 'content'}: ${parsed.error.issues[0]?.message ?? 'invalid'}\n`));
    requests = [parsed.data];
  }
  const fault = resolveFault(controls.controls, context.behaviours, [modelName]);
  if (fault?.fault === 'hang') return holdForever(exchange);
  if (fault !== undefined && isErrorFault(fault.fault)) return sendGoogleError(response, faultError(fault.fault, { retryAfterSeconds: fault.retryAfterSeconds, promptTokens: 0, contextWindow: model.contextWindow }));
  const vectors: number[][] = [];
  for (const item of requests) {
    const vector = vectorFor(model, item);
    if (typeof vector === 'string') return sendGoogleError(response, invalidArgument(vector));
    vectors.push(vector);
  }
  const result = isBatch ? { embeddings: vectors.map((values) => ({ values })) } : { embedding: { values: vectors[0] ?? [] } };
  const text = JSON.stringify(result);
  afterDelay(response, resolvePacing(controls.controls, context.behaviours.get(modelName), context.options).ttftMs, () => {
    const half = text.slice(0, Math.floor(text.length / 2));
    if (fault?.fault === 'cut') {
      response.writeHead(200, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(text) });
      writeThenDestroy(response, half, () => tracker.markClosedByServer());
      return;
    }
    if (fault?.fault === 'malformed') {
      response.writeHead(200, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(half) });
      response.end(half);
      return;
    }
    sendJson(response, 200, result);
  });
}
