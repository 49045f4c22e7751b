/**
 * POST /mistral/v1/embeddings: mistral-embed's 1024-dimension unit vectors (the same deterministic
 * vectors as the OpenAI route, `float` or little-endian float32 `base64`), usage from the tokenizer with `completion_tokens: 0`, Mistral's id
 * and error shapes; every fault as on the chat route.
 */
import { z } from 'zod';
import { isErrorFault, resolveFault } from '../faults.js';
import { bearerToken, sendJson } from '../http-io.js';
import { lookupModel } from '../model-list.js';
import type { ErrorReply } from '../openai/chat-flavour.js';
import { embeddingVector } from '../openai/embeddings.js';
import { invalidRequest } from '../openai/openai-errors.js';
import { readRequestControls, resolvePacing } from '../request-controls.js';
import { holdForever, type SimExchange } from '../sim-context.js';
import { randomIdPart } from '../seeded-random.js';
import { afterDelay, writeThenDestroy } from '../sse-writer.js';
import { countTokens } from '../tokens.js';
import { extraForbidden, MISTRAL_ERRORS, MISTRAL_FLAVOUR } from './mistral-flavour.js';

const requestSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(z.string()).min(1)]),
  encoding_format: z.enum(['float', 'base64']).nullish(),
});

export function handleMistralEmbeddings(exchange: SimExchange, rawBody: string): void {
  const { request, response, context, tracker, startedAt } = exchange;
  const reply = (answer: ErrorReply): void => sendJson(response, answer.status, answer.body, { ...MISTRAL_FLAVOUR.headers(startedAt), ...answer.headers });
  const apiKey = bearerToken(request);
  if (apiKey === undefined || context.rejectedApiKeys.has(apiKey)) return reply(MISTRAL_ERRORS.missingKey());
  const controls = readRequestControls(request.headers);
  if ('problem' in controls) return reply(MISTRAL_ERRORS.invalid(invalidRequest(controls.problem)));
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    return reply(MISTRAL_ERRORS.unparsableBody());
  }
  const parsed = requestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return reply(MISTRAL_ERRORS.invalid(invalidRequest(`${issue?.path.join('.') ?? 'body'}: ${issue?.message ?? 'invalid'}`), 422));
  }
  const embeddingRequest = parsed.data;
  if ('dimensions' in embeddingRequest) return reply(extraForbidden('dimensions', embeddingRequest.dimensions));
  tracker.setModel(embeddingRequest.model);
  const model = lookupModel('mistral', embeddingRequest.model, context.behaviours.has(embeddingRequest.model));
  if (model === undefined) return reply(MISTRAL_ERRORS.modelNotFound(embeddingRequest.model));
  if (model.kind !== 'embedding') return reply(MISTRAL_ERRORS.invalid(invalidRequest(`Model ${embeddingRequest.model} does not support embeddings`)));
  const inputs = typeof embeddingRequest.input === 'string' ? [embeddingRequest.input] : embeddingRequest.input;
  const counts = inputs.map((input) => countTokens(input));
  const promptTokens = counts.reduce((sum, count) => sum + count, 0);
  const fault = resolveFault(controls.controls, context.behaviours, [embeddingRequest.model]);
  if (fault?.fault === 'hang') return holdForever(exchange);
  if (fault !== undefined && isErrorFault(fault.fault)) {
    return reply(
      MISTRAL_ERRORS.fault(fault.fault, { model: embeddingRequest.model, apiKey, retryAfterSeconds: fault.retryAfterSeconds, contextWindow: model.contextWindow, promptTokens: Math.max(...counts), startedAt }),
    );
  }
  if (Math.max(...counts) > model.contextWindow) return reply(MISTRAL_ERRORS.contextLength(model.contextWindow, Math.max(...counts)));
  const dimensions = model.embeddingDimensions ?? 1024;
  const isBase64 = embeddingRequest.encoding_format === 'base64';
  const data = inputs.map((input, index) => {
    const vector = embeddingVector(model.responseModel, input, dimensions, dimensions);
    return { object: 'embedding', embedding: isBase64 ? Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64') : Array.from(vector), index };
  });
  const text = JSON.stringify({
    id: randomIdPart(32, '0123456789abcdef'),
    object: 'list',
    data,
    model: embeddingRequest.model,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens, completion_tokens: 0 },
  });
  const behaviour = context.behaviours.get(embeddingRequest.model);
  afterDelay(response, resolvePacing(controls.controls, behaviour, context.options).ttftMs, () => {
    const headers = { ...MISTRAL_FLAVOUR.headers(startedAt), 'content-type': 'application/json' };
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
