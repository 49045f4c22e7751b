/**
 * POST /v2/chat: Cohere's chat, sync or streamed. Tool use: with tools offered, tool_choice
 * REQUIRED forces a call and NONE forbids one; Command models write a tool plan (the reasoning
 * they show before calling) first. JSON answers for response_format json_object (with an optional
 * json_schema) or json_schema.
 */
import { applyContentFilter, planAnswer, type ResponseFormat } from '../answer-plan.js';
import { bodyFaultOf, isContentFiltered, isErrorFault, resolveFault } from '../faults.js';
import { sendJson } from '../http-io.js';
import { lookupModel } from '../model-list.js';
import { readRequestControls, resolvePacing, resolveTargetTokens } from '../request-controls.js';
import { holdForever, type SimExchange } from '../sim-context.js';
import { hashString } from '../seeded-random.js';
import { afterDelay, totalDurationMs, writePaced, writeThenDestroy } from '../sse-writer.js';
import { chooseToolCalls, type ToolChoiceMode } from '../tool-decision.js';
import { authenticateCohere, cohereHeaders, contextLengthMessage, modelNotFoundMessage, parseCohereBody, sendCohereError, sendCohereFault, sendInvalidRequest } from './cohere-errors.js';
import { applyCohereCache, buildCoherePrompt } from './cohere-prompt.js';
import { cohereChatRequestSchema, describeCohereProblem, type CohereChatRequest } from './cohere-request.js';
import { cohereAnswerOf, cohereChatBody, cohereUsage } from './cohere-response.js';
import { cohereStreamFrames, malformCohereFrames } from './cohere-stream.js';

function responseFormatOf(request: CohereChatRequest): ResponseFormat {
  const format = request.response_format;
  const schema = format?.json_schema ?? format?.schema;
  if (format === undefined || format.type === 'text') return { kind: 'text' };
  return schema === undefined ? { kind: 'json_object' } : { kind: 'json_schema', schema };
}

function validate(request: CohereChatRequest, maxOutputTokens: number): string | undefined {
  if (request.max_tokens !== undefined && request.max_tokens > maxOutputTokens) return `max_tokens cannot exceed ${maxOutputTokens} for this model, received ${request.max_tokens}`;
  const hasTools = (request.tools ?? []).length > 0;
  if (request.tool_choice !== undefined && !hasTools) return 'tool_choice can only be used with tools';
  if (hasTools && request.response_format !== undefined && request.response_format.type !== 'text') return 'response_format cannot be used together with tools';
  if (request.response_format?.type === 'json_schema' && request.response_format.json_schema === undefined && request.response_format.schema === undefined) {
    return 'response_format.json_schema is required when type is json_schema';
  }
  return undefined;
}

function lastUserText(request: CohereChatRequest): { isUserTurn: boolean; text: string } {
  const last = request.messages[request.messages.length - 1];
  if (last?.role !== 'user') return { isUserTurn: false, text: '' };
  const content = last.content;
  return { isUserTurn: true, text: typeof content === 'string' ? content : (content ?? []).map((part) => part.text ?? '').join('\n') };
}

export function handleCohereChat(exchange: SimExchange, rawBody: string): void {
  const { request, response, context, tracker, startedAt } = exchange;
  const apiKey = authenticateCohere(exchange);
  if (apiKey === undefined) return;
  const controlsResult = readRequestControls(request.headers);
  if ('problem' in controlsResult) return sendInvalidRequest(response, controlsResult.problem);
  const body = parseCohereBody(response, rawBody);
  if (body === undefined) return;
  if (typeof body.model === 'string') tracker.setModel(body.model);
  const parsed = cohereChatRequestSchema.safeParse(body);
  if (!parsed.success) return sendInvalidRequest(response, describeCohereProblem(parsed.error, body));
  const chatRequest = parsed.data;
  const model = lookupModel('cohere', chatRequest.model, context.behaviours.has(chatRequest.model));
  if (model === undefined) return sendCohereError(response, 404, modelNotFoundMessage(chatRequest.model));
  if (model.kind !== 'chat') return sendInvalidRequest(response, `model '${chatRequest.model}' does not support chat`);
  const problem = validate(chatRequest, model.maxOutputTokens);
  if (problem !== undefined) return sendInvalidRequest(response, problem);

  const prompt = buildCoherePrompt(chatRequest);
  const controls = controlsResult.controls;
  const fault = resolveFault(controls, context.behaviours, [chatRequest.model]);
  if (fault?.fault === 'hang') return holdForever(exchange);
  if (fault !== undefined && isErrorFault(fault.fault)) return sendCohereFault(response, fault.fault, { promptTokens: prompt.sequence.length, contextWindow: model.contextWindow });
  if (prompt.sequence.length > model.contextWindow) return sendCohereError(response, 400, contextLengthMessage(prompt.sequence.length, model.contextWindow));

  const cachedTokens = applyCohereCache(context.caches.get('cohere'), `${apiKey}\u0000${model.responseModel}`, prompt);
  const seed = hashString(`${chatRequest.model}\u0000${JSON.stringify(chatRequest.messages)}\u0000${JSON.stringify(chatRequest.tools ?? null)}`);
  const behaviour = context.behaviours.get(chatRequest.model);
  const turn = lastUserText(chatRequest);
  const choice: ToolChoiceMode = chatRequest.tool_choice === 'NONE' ? { kind: 'none' } : chatRequest.tool_choice === 'REQUIRED' ? { kind: 'required' } : { kind: 'auto' };
  const toolCalls = chooseToolCalls({
    tools: (chatRequest.tools ?? []).map((tool) => ({ name: tool.function.name, parameters: tool.function.parameters ?? { type: 'object', properties: {} } })),
    choice,
    allowsParallel: true,
    isUserTurn: turn.isUserTurn,
    lastUserText: turn.text,
    seed,
  });
  const planned = planAnswer({
    seed,
    targetTokens: resolveTargetTokens(controls, behaviour, context.options, seed),
    maxTokens: chatRequest.max_tokens,
    hiddenReasoningTokens: 0,
    thinkingTokens: 0,
    stopSequences: chatRequest.stop_sequences ?? [],
    toolCalls,
    toolPreambleTokens: 12 + (seed % 17),
    responseFormat: responseFormatOf(chatRequest),
  });
  const answer = cohereAnswerOf(isContentFiltered(fault) ? applyContentFilter(planned) : planned);
  const usage = cohereUsage(prompt, cachedTokens, answer);
  const pacing = resolvePacing(controls, behaviour, context.options);
  const bodyFault = bodyFaultOf(fault);
  const onCut = (): void => tracker.markClosedByServer();

  if (chatRequest.stream === true) {
    response.writeHead(200, { ...cohereHeaders(), 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const frames = cohereStreamFrames(answer, usage);
    const sent = bodyFault === 'malformed' ? malformCohereFrames(frames) : frames;
    writePaced(response, sent, { pacing, ...(bodyFault === 'cut' ? { cutAfterFrames: Math.ceil(sent.length / 2), onCut } : {}) });
    return;
  }
  const result = cohereChatBody(answer, usage);
  const text = JSON.stringify(result);
  afterDelay(response, totalDurationMs(pacing, answer.billedOutput), () => {
    const half = text.slice(0, Math.floor(text.length / 2));
    if (bodyFault === 'cut') {
      response.writeHead(200, { ...cohereHeaders(), 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      writeThenDestroy(response, half, onCut);
      return;
    }
    if (bodyFault === 'malformed') {
      response.writeHead(200, { ...cohereHeaders(), 'content-type': 'application/json', 'content-length': Buffer.byteLength(half) });
      response.end(half);
      return;
    }
    sendJson(response, 200, result, { ...cohereHeaders(), 'x-request-duration-ms': String(Math.round(performance.now() - startedAt)) });
  });
}
