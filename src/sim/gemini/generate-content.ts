/**
 * POST /v1beta/models/{model}:generateContent and :streamGenerateContent: key, body and model
 * checks, prompt counting, implicit caching, thinking, candidates, then one response or a stream.
 *
 * Implicit caching (Gemini 2.5 models): a prompt that repeats a prefix of at least the model's
 * minimum (model-list) reads it back as `cachedContentTokenCount`, counted within
 * `promptTokenCount`. Google documents no granularity; the simulator reports prefixes in 64-token
 * steps from the minimum, scoped per key and model, kept 5 minutes after last use.
 */
import { bodyFaultOf, isContentFiltered, isErrorFault, resolveFault } from '../faults.js';
import { sendJson } from '../http-io.js';
import { lookupModel, type SimModelInfo } from '../model-list.js';
import { applyPrefixCache, steppedPositions } from '../prompt-cache.js';
import { readRequestControls, resolvePacing, resolveTargetTokens } from '../request-controls.js';
import { holdForever, type SimExchange } from '../sim-context.js';
import { hashString } from '../seeded-random.js';
import { afterDelay, totalDurationMs, writePaced, writeThenDestroy } from '../sse-writer.js';
import { planCandidate, toolUsePromptTokens, type GeminiCandidatePlan } from './gemini-answer.js';
import { contextLengthError, faultError, invalidArgument, modelNotFound, sendGoogleError } from './gemini-errors.js';
import { buildGeminiPrompt } from './gemini-prompt.js';
import { describeRequestProblem, generateContentRequestSchema, normaliseFieldNames, type GenerateContentRequest } from './gemini-request.js';
import { candidateObject, candidateParts, generateContentResponse, newResponseId, usageMetadata } from './gemini-response.js';
import { geminiStreamFrames, malformGeminiFrames } from './gemini-stream.js';
import { resolveThinking } from './gemini-thinking.js';

export const GEMINI_CACHE_STEP_TOKENS = 64;
export const GEMINI_CACHE_IDLE_MS = 5 * 60_000;

/** The parsed request, or undefined once a 400 has been sent. */
export function parseGenerateContentBody(exchange: SimExchange, rawBody: string): GenerateContentRequest | undefined {
  let body: unknown;
  try {
    body = normaliseFieldNames(JSON.parse(rawBody));
  } catch {
    sendGoogleError(exchange.response, invalidArgument('Invalid JSON payload received. Unexpected token.'));
    return undefined;
  }
  const parsed = generateContentRequestSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  sendGoogleError(exchange.response, invalidArgument(describeRequestProblem(parsed.error, body)));
  return undefined;
}

function validate(request: GenerateContentRequest, model: SimModelInfo): string | undefined {
  const cap = request.generationConfig?.maxOutputTokens;
  if (cap !== undefined && cap > model.maxOutputTokens) {
    return `Unable to submit request because it has a maxOutputTokens value of ${cap} but the supported range is from 1 (inclusive) to ${model.maxOutputTokens + 1} (exclusive). Update the value and try again.`;
  }
  const config = request.generationConfig;
  const hasSchema = config?.responseSchema !== undefined || config?.responseJsonSchema !== undefined;
  if (hasSchema && config?.responseMimeType !== 'application/json') return 'response_schema is only supported with response_mime_type: application/json.';
  if (config?.responseSchema !== undefined && config.responseJsonSchema !== undefined) return 'response_schema and response_json_schema cannot both be set.';
  const calling = request.toolConfig?.functionCallingConfig;
  if ((calling?.allowedFunctionNames?.length ?? 0) > 0 && calling?.mode !== 'ANY') {
    return 'allowed_function_names is only allowed when function calling mode is ANY.';
  }
  const declared = new Set((request.tools ?? []).flatMap((tool) => (tool.functionDeclarations ?? []).map((declaration) => declaration.name)));
  const unknown = calling?.allowedFunctionNames?.find((name) => !declared.has(name));
  if (unknown !== undefined) return `allowed_function_names contains a function name (${unknown}) that is not declared in tools.`;
  return undefined;
}

export function handleGenerateContent(exchange: SimExchange, rawBody: string, apiKey: string, modelName: string, isStreaming: boolean): void {
  const { request, response, context, tracker, query } = exchange;
  tracker.setModel(modelName);
  const controlsResult = readRequestControls(request.headers);
  if ('problem' in controlsResult) return sendGoogleError(response, invalidArgument(controlsResult.problem));
  const generateRequest = parseGenerateContentBody(exchange, rawBody);
  if (generateRequest === undefined) return;
  const model = lookupModel('gemini', modelName, context.behaviours.has(modelName));
  if (model === undefined || model.kind !== 'chat') return sendGoogleError(response, modelNotFound(modelName, isStreaming ? 'streamGenerateContent' : 'generateContent'));
  const problem = validate(generateRequest, model);
  if (problem !== undefined) return sendGoogleError(response, invalidArgument(problem));
  const seed = hashString(`${modelName}\u0000${JSON.stringify(generateRequest.systemInstruction ?? null)}\u0000${JSON.stringify(generateRequest.contents)}\u0000${JSON.stringify(generateRequest.tools ?? null)}`);
  const thinking = resolveThinking(model, generateRequest.generationConfig?.thinkingConfig, seed);
  if ('problem' in thinking) return sendGoogleError(response, invalidArgument(thinking.problem));

  const prompt = buildGeminiPrompt(generateRequest);
  const controls = controlsResult.controls;
  const fault = resolveFault(controls, context.behaviours, [modelName]);
  if (fault?.fault === 'hang') return holdForever(exchange);
  if (fault !== undefined && isErrorFault(fault.fault)) {
    return sendGoogleError(response, faultError(fault.fault, { retryAfterSeconds: fault.retryAfterSeconds, promptTokens: prompt.sequence.length, contextWindow: model.contextWindow }));
  }
  if (prompt.sequence.length > model.contextWindow) return sendGoogleError(response, contextLengthError(prompt.sequence.length, model.contextWindow));

  const minimum = model.cacheMinimumTokens;
  const cachedTokens =
    minimum > 0
      ? applyPrefixCache(context.caches.get('gemini'), `${apiKey}\u0000${model.responseModel}`, prompt.sequence, steppedPositions(prompt.sequence.length, minimum, GEMINI_CACHE_STEP_TOKENS), GEMINI_CACHE_IDLE_MS)
      : 0;
  const behaviour = context.behaviours.get(modelName);
  const options = { seed, targetTokens: resolveTargetTokens(controls, behaviour, context.options, seed), thinking, isContentFiltered: isContentFiltered(fault) };
  const candidates: GeminiCandidatePlan[] = [];
  for (let index = 0; index < (generateRequest.generationConfig?.candidateCount ?? 1); index++) candidates.push(planCandidate(generateRequest, index, options));
  const tier = generateRequest.serviceTier;
  const usageBase = {
    promptTokens: prompt.sequence.length,
    modalities: prompt.modalities,
    cachedTokens,
    thoughtTokens: candidates.reduce((sum, candidate) => sum + candidate.plan.reasoningTokens, 0),
    toolUsePromptTokens: toolUsePromptTokens(generateRequest, seed),
    serviceTier: tier === undefined ? undefined : model.serviceTiers.includes(tier.toLowerCase()) ? tier.toLowerCase() : 'standard',
  };
  const envelope = { modelVersion: model.responseModel, responseId: newResponseId() };
  const pacing = resolvePacing(controls, behaviour, context.options);
  const bodyFault = bodyFaultOf(fault);
  const onCut = (): void => tracker.markClosedByServer();
  const headers = { 'x-gemini-service-tier': usageBase.serviceTier ?? 'standard', 'server-timing': `gfet4t7; dur=${Math.max(1, Math.round(performance.now() - exchange.startedAt))}` };

  if (isStreaming) {
    const format = query.get('alt') === 'sse' ? 'sse' : 'json-array';
    response.writeHead(200, { ...headers, 'content-type': format === 'sse' ? 'text/event-stream' : 'application/json; charset=UTF-8', 'cache-control': 'no-cache' });
    const frames = geminiStreamFrames(envelope, candidates, usageBase, format);
    const sent = bodyFault === 'malformed' ? malformGeminiFrames(frames, format) : frames;
    writePaced(response, sent, { pacing, ...(bodyFault === 'cut' ? { cutAfterFrames: Math.ceil(sent.length / 2), onCut } : {}) });
    return;
  }
  const candidateTokens = candidates.reduce((sum, candidate) => sum + candidate.candidateTokens, 0);
  const body = generateContentResponse(
    envelope,
    candidates.map((candidate) => candidateObject(candidate, candidateParts(candidate), true)),
    usageMetadata({ ...usageBase, candidateTokens }),
  );
  const text = JSON.stringify(body);
  afterDelay(response, totalDurationMs(pacing, candidateTokens + usageBase.thoughtTokens), () => {
    const half = text.slice(0, Math.floor(text.length / 2));
    if (bodyFault === 'cut') {
      response.writeHead(200, { ...headers, 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(text) });
      writeThenDestroy(response, half, onCut);
      return;
    }
    if (bodyFault === 'malformed') {
      response.writeHead(200, { ...headers, 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(half) });
      response.end(half);
      return;
    }
    sendJson(response, 200, body, headers);
  });
}
