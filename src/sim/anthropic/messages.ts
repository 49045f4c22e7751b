/** POST /v1/messages (and count_tokens): validation, prompt counting and caching, planning, sync or streamed reply. */
import { applyContentFilter, planAnswer, type ResponseFormat } from '../answer-plan.js';
import { bodyFaultOf, isContentFiltered, isErrorFault, resolveFault } from '../faults.js';
import { sendJson } from '../http-io.js';
import { lookupModel } from '../model-list.js';
import { applyAnthropicPromptCache } from '../prompt-cache.js';
import { readRequestControls, resolvePacing, resolveTargetTokens } from '../request-controls.js';
import { holdForever, type SimExchange } from '../sim-context.js';
import { hashString } from '../seeded-random.js';
import { afterDelay, totalDurationMs, writePaced, writeThenDestroy } from '../sse-writer.js';
import { chooseToolCalls, type ToolChoiceMode, type ToolSpec } from '../tool-decision.js';
import { anthropicHeaders, newAnthropicRequestId, promptTooLongMessage, sendAnthropicError, sendAnthropicFault, sendInvalidRequest } from './anthropic-errors.js';
import { buildAnthropicPrompt, lastUserTurn } from './anthropic-prompt.js';
import { authenticateAnthropic, parseAnthropicBody } from './anthropic-request.js';
import { malformMessageFrames, messageStreamFrames } from './anthropic-stream.js';
import { countTokensRequestSchema, describeRequestProblem, messagesRequestSchema, type MessagesRequest } from './messages-request.js';
import { messageBody, messageContentOf } from './messages-response.js';
import { validateMessagesRequest } from './messages-validation.js';

function toolChoiceMode(request: MessagesRequest): ToolChoiceMode {
  const choice = request.tool_choice;
  if (choice === undefined || choice.type === 'auto') return { kind: 'auto' };
  if (choice.type === 'none') return { kind: 'none' };
  if (choice.type === 'any') return { kind: 'required' };
  return { kind: 'named', name: choice.name ?? '' };
}

function responseFormatOf(request: MessagesRequest): ResponseFormat {
  const format = request.output_config?.format;
  return format === undefined || format === null ? { kind: 'text' } : { kind: 'json_schema', schema: format.schema };
}

/** Claude thinks for a while before answering: 48..160 tokens from the seed, never past the budget. */
function thinkingTokens(request: MessagesRequest, seed: number): number {
  const thinking = request.thinking;
  if (thinking === undefined || thinking.type === 'disabled') return 0;
  const wanted = 48 + (Math.floor(seed / 1024) % 113);
  return thinking.type === 'enabled' ? Math.min(wanted, thinking.budget_tokens) : wanted;
}

export function handleMessages(exchange: SimExchange, rawBody: string): void {
  const { request, response, context, tracker } = exchange;
  const apiKey = authenticateAnthropic(exchange, true);
  if (apiKey === undefined) return;
  const controlsResult = readRequestControls(request.headers);
  if ('problem' in controlsResult) return sendInvalidRequest(response, controlsResult.problem);
  const body = parseAnthropicBody(exchange, rawBody);
  if (body === undefined) return;
  if (typeof body.model === 'string') tracker.setModel(body.model);
  const parsed = messagesRequestSchema.safeParse(body);
  if (!parsed.success) return sendInvalidRequest(response, describeRequestProblem(parsed.error, body));
  const messagesRequest = parsed.data;
  const model = lookupModel('anthropic', messagesRequest.model, context.behaviours.has(messagesRequest.model));
  if (model === undefined) return sendAnthropicError(response, 404, 'not_found_error', `model: ${messagesRequest.model}`);
  const prompt = buildAnthropicPrompt(messagesRequest);
  const problem = validateMessagesRequest(messagesRequest, model, prompt);
  if (problem !== undefined) return sendInvalidRequest(response, problem);

  const controls = controlsResult.controls;
  const fault = resolveFault(controls, context.behaviours, [messagesRequest.model, model.responseModel]);
  if (fault?.fault === 'hang') return holdForever(exchange);
  if (fault !== undefined && isErrorFault(fault.fault)) {
    return sendAnthropicFault(response, fault.fault, {
      retryAfterSeconds: fault.retryAfterSeconds,
      contextWindow: model.contextWindow,
      promptTokens: prompt.sequence.length,
      now: context.now(),
    });
  }
  if (prompt.sequence.length > model.contextWindow) return sendInvalidRequest(response, promptTooLongMessage(prompt.sequence.length, model.contextWindow));

  const cache = applyAnthropicPromptCache(context.caches.get('anthropic'), `${apiKey}\u0000${model.responseModel}`, {
    prompt: prompt.sequence,
    blockEnds: prompt.blockEnds,
    breakpoints: prompt.breakpoints,
    minimumTokens: model.cacheMinimumTokens,
  });
  const behaviour = context.behaviours.get(messagesRequest.model) ?? context.behaviours.get(model.responseModel);
  const seed = hashString(
    `${messagesRequest.model}\u0000${JSON.stringify(messagesRequest.system ?? null)}\u0000${JSON.stringify(messagesRequest.messages)}\u0000${JSON.stringify(messagesRequest.tools ?? null)}`,
  );
  const tools: ToolSpec[] = (messagesRequest.tools ?? []).map((tool) => ({ name: tool.name, parameters: tool.input_schema ?? { type: 'object', properties: {} } }));
  const choice = toolChoiceMode(messagesRequest);
  const turn = lastUserTurn(messagesRequest);
  const toolCalls = chooseToolCalls({
    tools,
    choice,
    allowsParallel: messagesRequest.tool_choice?.disable_parallel_tool_use !== true,
    isUserTurn: turn.isUserTurn,
    lastUserText: turn.text,
    seed,
  });
  const planned = planAnswer({
    seed,
    targetTokens: resolveTargetTokens(controls, behaviour, context.options, seed),
    maxTokens: messagesRequest.max_tokens,
    hiddenReasoningTokens: 0,
    thinkingTokens: thinkingTokens(messagesRequest, seed),
    stopSequences: messagesRequest.stop_sequences ?? [],
    toolCalls,
    toolPreambleTokens: choice.kind === 'auto' ? 8 + (seed % 9) : 0,
    responseFormat: responseFormatOf(messagesRequest),
  });
  const plan = isContentFiltered(fault) ? applyContentFilter(planned) : planned;
  const content = messageContentOf(plan, model.responseModel);
  const pacing = resolvePacing(controls, behaviour, context.options);
  const bodyFault = bodyFaultOf(fault);
  const onCut = (): void => tracker.markClosedByServer();
  const headers = anthropicHeaders(newAnthropicRequestId());

  if (messagesRequest.stream === true) {
    response.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const frames = messageStreamFrames(content, cache);
    const sent = bodyFault === 'malformed' ? malformMessageFrames(frames) : frames;
    writePaced(response, sent, { pacing, ...(bodyFault === 'cut' ? { cutAfterFrames: Math.ceil(sent.length / 2), onCut } : {}) });
    return;
  }
  const text = JSON.stringify(messageBody(content, cache));
  afterDelay(response, totalDurationMs(pacing, content.outputTokens), () => {
    const jsonHeaders = { ...headers, 'content-type': 'application/json' };
    const half = text.slice(0, Math.floor(text.length / 2));
    if (bodyFault === 'cut') {
      response.writeHead(200, { ...jsonHeaders, 'content-length': Buffer.byteLength(text) });
      writeThenDestroy(response, half, onCut);
      return;
    }
    const sent = bodyFault === 'malformed' ? half : text;
    response.writeHead(200, { ...jsonHeaders, 'content-length': Buffer.byteLength(sent) });
    response.end(sent);
  });
}

/** POST /v1/messages/count_tokens: the prompt count the Messages endpoint would bill. */
export function handleCountTokens(exchange: SimExchange, rawBody: string): void {
  const { response, context, tracker } = exchange;
  if (authenticateAnthropic(exchange, true) === undefined) return;
  const body = parseAnthropicBody(exchange, rawBody);
  if (body === undefined) return;
  if (typeof body.model === 'string') tracker.setModel(body.model);
  const parsed = countTokensRequestSchema.safeParse(body);
  if (!parsed.success) return sendInvalidRequest(response, describeRequestProblem(parsed.error, body));
  if (lookupModel('anthropic', parsed.data.model, context.behaviours.has(parsed.data.model)) === undefined) {
    return sendAnthropicError(response, 404, 'not_found_error', `model: ${parsed.data.model}`);
  }
  sendJson(response, 200, { input_tokens: buildAnthropicPrompt(parsed.data).sequence.length }, anthropicHeaders(newAnthropicRequestId()));
}
