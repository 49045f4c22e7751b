/**
 * POST /v1/responses (OpenAI's Responses API): authentication, validation, prompt counting and
 * caching, planning, then a whole `response` object or its event stream, with usage from the
 * tokenizer as the chat route has. Tools are not simulated here: the answer is always text.
 */
import { applyContentFilter, planAnswer } from '../answer-plan.js';
import { bodyFaultOf, isContentFiltered, isErrorFault, resolveFault } from '../faults.js';
import { lookupModel } from '../model-list.js';
import { applyOpenAIPromptCache } from '../prompt-cache.js';
import { resolvePacing, resolveTargetTokens } from '../request-controls.js';
import { hashString } from '../seeded-random.js';
import { holdForever, type SimExchange } from '../sim-context.js';
import { afterDelay, totalDurationMs, writePaced, writeThenDestroy } from '../sse-writer.js';
import { bracketPath, firstIssue } from '../zod-issues.js';
import { contextLengthError, invalidRequest, modelNotFoundError, openAIHeaders, sendOpenAIError, sendOpenAIFault } from './openai-errors.js';
import { readOpenAIPost } from './openai-request.js';
import { reasoningTokenCount } from './reasoning-tokens.js';
import { buildResponsesPrompt, responsesRequestSchema } from './responses-request.js';
import { newResponseIds, responseEventFrames, responseObject, responsesUsage, type ResponseFacts } from './responses-render.js';

export function handleResponses(exchange: SimExchange, rawBody: string): void {
  const { response, context, tracker, startedAt } = exchange;
  const post = readOpenAIPost(exchange, rawBody);
  if (post === undefined) return;
  const { apiKey, controls, body } = post;
  if (typeof body.model === 'string') tracker.setModel(body.model);
  const parsed = responsesRequestSchema.safeParse(body);
  if (!parsed.success) {
    const { path, isMissing } = firstIssue(parsed.error, body);
    const param = bracketPath(path);
    const message = isMissing ? `Missing required parameter: '${param}'.` : `Invalid value for '${param}'. Please check the API reference: https://platform.openai.com/docs/api-reference/responses.`;
    return sendOpenAIError(response, 400, invalidRequest(message, param, isMissing ? 'missing_required_parameter' : 'invalid_value'), startedAt);
  }
  const responsesRequest = parsed.data;
  const model = lookupModel('openai', responsesRequest.model, context.behaviours.has(responsesRequest.model));
  if (model === undefined) return sendOpenAIError(response, 404, modelNotFoundError(responsesRequest.model), startedAt);
  if (model.kind !== 'chat') return sendOpenAIError(response, 400, invalidRequest(`The model \`${responsesRequest.model}\` is not supported with the Responses API.`, 'model'), startedAt);

  const prompt = buildResponsesPrompt(responsesRequest);
  const fault = resolveFault(controls, context.behaviours, [responsesRequest.model, model.responseModel]);
  if (fault?.fault === 'hang') return holdForever(exchange);
  if (fault !== undefined && isErrorFault(fault.fault)) {
    return sendOpenAIFault(response, fault.fault, {
      model: responsesRequest.model,
      apiKey,
      retryAfterSeconds: fault.retryAfterSeconds,
      contextWindow: model.contextWindow,
      promptTokens: prompt.length,
      startedAt,
    });
  }
  if (prompt.length > model.contextWindow) return sendOpenAIError(response, 400, { ...contextLengthError(model.contextWindow, prompt.length), param: 'input' }, startedAt);

  const cachedTokens = applyOpenAIPromptCache(context.caches.get('openai'), `${apiKey}\u0000${model.responseModel}`, prompt);
  const behaviour = context.behaviours.get(responsesRequest.model) ?? context.behaviours.get(model.responseModel);
  // Same conversation, same answer, streamed or not.
  const seed = hashString(`${responsesRequest.model}\u0000${responsesRequest.instructions ?? ''}\u0000${JSON.stringify(responsesRequest.input ?? null)}`);
  const planned = planAnswer({
    seed,
    targetTokens: resolveTargetTokens(controls, behaviour, context.options, seed),
    maxTokens: responsesRequest.max_output_tokens ?? undefined,
    hiddenReasoningTokens: model.isReasoning ? reasoningTokenCount(responsesRequest.reasoning?.effort, seed) : 0,
    thinkingTokens: 0,
    stopSequences: [],
    toolCalls: [],
    toolPreambleTokens: 0,
    responseFormat: { kind: 'text' },
  });
  const plan = isContentFiltered(fault) ? applyContentFilter(planned) : planned;
  const tier = responsesRequest.service_tier;
  const facts: ResponseFacts = {
    ...newResponseIds(),
    createdAt: Math.floor(context.now() / 1000),
    model: model.responseModel,
    serviceTier: tier !== undefined && tier !== null && model.serviceTiers.includes(tier) ? tier : 'default',
    request: responsesRequest,
    plan,
    usage: responsesUsage(prompt.length, cachedTokens, plan),
  };
  const pacing = resolvePacing(controls, behaviour, context.options);
  const bodyFault = bodyFaultOf(fault);
  const onCut = (): void => tracker.markClosedByServer();

  if (responsesRequest.stream === true) {
    response.writeHead(200, { ...openAIHeaders(startedAt), 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const frames = responseEventFrames(facts);
    if (bodyFault === 'malformed') frames.splice(Math.max(1, Math.floor(frames.length / 2)), 0, { data: 'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":\n\n', tokens: 0 });
    writePaced(response, frames, { pacing, ...(bodyFault === 'cut' ? { cutAfterFrames: Math.ceil(frames.length / 2), onCut } : {}) });
    return;
  }
  const text = JSON.stringify(responseObject(facts, true));
  afterDelay(response, totalDurationMs(pacing, plan.outputTokens), () => {
    const headers = { ...openAIHeaders(startedAt), 'content-type': 'application/json' };
    const half = text.slice(0, Math.floor(text.length / 2));
    if (bodyFault === 'cut') {
      response.writeHead(200, { ...headers, 'content-length': Buffer.byteLength(text) });
      writeThenDestroy(response, half, onCut);
      return;
    }
    const sent = bodyFault === 'malformed' ? half : text;
    response.writeHead(200, { ...headers, 'content-length': Buffer.byteLength(sent) });
    response.end(sent);
  });
}
