/** POST /v1/chat/completions: validation, prompt counting and caching, planning, sync or streamed reply. */
import { planAnswer, type AnswerPlanInput, type ResponseFormat } from '../answer-plan.js';
import { bodyFaultOf, isErrorFault, resolveFault } from '../faults.js';
import { lookupModel } from '../model-list.js';
import { applyOpenAIPromptCache } from '../prompt-cache.js';
import { readRequestControls, resolvePacing, resolveTargetTokens } from '../request-controls.js';
import { holdForever, type SimExchange } from '../sim-context.js';
import { hashString } from '../seeded-random.js';
import { afterDelay, totalDurationMs, writePaced, writeThenDestroy } from '../sse-writer.js';
import { chooseToolCalls, type ToolChoiceMode, type ToolSpec } from '../tool-decision.js';
import { authenticateOpenAI, parseJsonBody } from './openai-request.js';
import { buildChatPrompt, messageText } from './chat-prompt.js';
import { parseChatRequest, type ChatRequest } from './chat-request.js';
import { chatCompletionBody, newChatCompletionId, newToolCallId, openAIUsage, type ChatCompletionEnvelope, type RenderedChoice } from './chat-response.js';
import { chatCompletionFrames, malformFrames } from './chat-stream.js';
import { validateChatRequest } from './chat-validation.js';
import { contextLengthError, invalidRequest, modelNotFoundError, openAIHeaders, sendOpenAIError, sendOpenAIFault } from './openai-errors.js';
import { reasoningTokenCount } from './reasoning-tokens.js';

export function handleChatCompletions(exchange: SimExchange, rawBody: string): void {
  const { request, response, context, tracker, startedAt } = exchange;
  const apiKey = authenticateOpenAI(exchange);
  if (apiKey === undefined) return;
  const controlsResult = readRequestControls(request.headers);
  if ('problem' in controlsResult) return sendOpenAIError(response, 400, invalidRequest(controlsResult.problem), startedAt);
  const body = parseJsonBody(exchange, rawBody);
  if (body === undefined) return;
  if (typeof body.model === 'string') tracker.setModel(body.model);
  const parsed = parseChatRequest(body);
  if ('error' in parsed) return sendOpenAIError(response, 400, parsed.error, startedAt);
  const chatRequest = parsed.request;
  const model = lookupModel('openai', chatRequest.model, context.behaviours.has(chatRequest.model));
  if (model === undefined) return sendOpenAIError(response, 404, modelNotFoundError(chatRequest.model), startedAt);
  if (model.kind !== 'chat') {
    return sendOpenAIError(
      response,
      404,
      invalidRequest('This is not a chat model and thus not supported in the v1/chat/completions endpoint. Did you mean to use v1/completions?', 'model'),
      startedAt,
    );
  }
  const problem = validateChatRequest(chatRequest, model);
  if (problem !== undefined) return sendOpenAIError(response, 400, problem, startedAt);

  const prompt = buildChatPrompt(chatRequest);
  const controls = controlsResult.controls;
  const fault = resolveFault(controls, context.behaviours, [chatRequest.model, model.responseModel]);
  if (fault?.fault === 'hang') return holdForever(exchange);
  if (fault !== undefined && isErrorFault(fault.fault)) {
    return sendOpenAIFault(response, fault.fault, {
      model: chatRequest.model,
      apiKey,
      retryAfterSeconds: fault.retryAfterSeconds,
      contextWindow: model.contextWindow,
      promptTokens: prompt.length,
      startedAt,
    });
  }
  if (prompt.length > model.contextWindow) return sendOpenAIError(response, 400, contextLengthError(model.contextWindow, prompt.length), startedAt);

  const cachedTokens = applyOpenAIPromptCache(context.openAICache, `${apiKey}\u0000${model.responseModel}`, prompt);
  const behaviour = context.behaviours.get(chatRequest.model) ?? context.behaviours.get(model.responseModel);
  const seed = requestSeed(chatRequest);
  const choiceCount = chatRequest.n ?? 1;
  const choices: RenderedChoice[] = [];
  for (let index = 0; index < choiceCount; index++) {
    const plan = planAnswer(planInput(chatRequest, seed + index * 7919, model.isReasoning, resolveTargetTokens(controls, behaviour, context.options, seed)));
    choices.push({ plan, toolCallIds: plan.toolCalls.map(() => newToolCallId()) });
  }
  const usage = openAIUsage(prompt.length, cachedTokens, choices.map((choice) => choice.plan));
  const tier = chatRequest.service_tier;
  const envelope: ChatCompletionEnvelope = {
    id: newChatCompletionId(),
    created: Math.floor(context.now() / 1000),
    model: model.responseModel,
    serviceTier: tier !== undefined && tier !== null && model.serviceTiers.includes(tier) ? tier : 'default',
    systemFingerprint: `fp_${hashString(model.responseModel).toString(16).slice(-10).padStart(10, '0')}`,
  };
  const pacing = resolvePacing(controls, behaviour, context.options);
  const bodyFault = bodyFaultOf(fault);
  const onCut = (): void => tracker.markClosedByServer();

  if (chatRequest.stream === true) {
    response.writeHead(200, {
      ...openAIHeaders(startedAt),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    const frames = chatCompletionFrames(envelope, choices, usage, {
      includeUsage: chatRequest.stream_options?.include_usage === true,
      includeObfuscation: chatRequest.stream_options?.include_obfuscation !== false,
    });
    const sent = bodyFault === 'malformed' ? malformFrames(frames) : frames;
    writePaced(response, sent, { pacing, ...(bodyFault === 'cut' ? { cutAfterFrames: Math.ceil(sent.length / 2), onCut } : {}) });
    return;
  }

  const text = JSON.stringify(chatCompletionBody(envelope, choices, usage));
  afterDelay(response, totalDurationMs(pacing, usage.completion_tokens), () => {
    const headers = { ...openAIHeaders(startedAt), 'content-type': 'application/json' };
    if (bodyFault === 'cut') {
      response.writeHead(200, { ...headers, 'content-length': Buffer.byteLength(text) });
      writeThenDestroy(response, text.slice(0, Math.floor(text.length / 2)), onCut);
      return;
    }
    const sent = bodyFault === 'malformed' ? text.slice(0, Math.floor(text.length / 2)) : text;
    response.writeHead(200, { ...headers, 'content-length': Buffer.byteLength(sent) });
    response.end(sent);
  });
}

/** Same conversation, same answer: the seed ignores stream, caps and stop sequences. */
function requestSeed(chatRequest: ChatRequest): number {
  const base = hashString(`${chatRequest.model}\u0000${JSON.stringify(chatRequest.messages)}\u0000${JSON.stringify(chatRequest.tools ?? null)}`);
  return chatRequest.seed === undefined || chatRequest.seed === null ? base : hashString(String(chatRequest.seed), base % 4294967296);
}

function toolChoiceMode(choice: ChatRequest['tool_choice']): ToolChoiceMode {
  if (choice === undefined || choice === null || choice === 'auto') return { kind: 'auto' };
  if (choice === 'none') return { kind: 'none' };
  if (choice === 'required') return { kind: 'required' };
  return { kind: 'named', name: choice.function.name };
}

function responseFormatOf(chatRequest: ChatRequest): ResponseFormat {
  const format = chatRequest.response_format;
  if (format?.type === 'json_schema') return { kind: 'json_schema', schema: format.json_schema?.schema ?? { type: 'object' } };
  if (format?.type === 'json_object') return { kind: 'json_object' };
  return { kind: 'text' };
}

function planInput(chatRequest: ChatRequest, seed: number, isReasoning: boolean, targetTokens: number): AnswerPlanInput {
  const tools: ToolSpec[] = (chatRequest.tools ?? []).flatMap((tool) =>
    tool.type === 'function' && tool.function !== undefined ? [{ name: tool.function.name, parameters: tool.function.parameters ?? { type: 'object', properties: {} } }] : [],
  );
  const last = chatRequest.messages[chatRequest.messages.length - 1];
  const isUserTurn = last?.role === 'user';
  const stop = chatRequest.stop;
  return {
    seed,
    targetTokens,
    maxTokens: chatRequest.max_completion_tokens ?? chatRequest.max_tokens ?? undefined,
    hiddenReasoningTokens: isReasoning ? reasoningTokenCount(chatRequest.reasoning_effort, seed) : 0,
    thinkingTokens: 0,
    stopSequences: stop === undefined || stop === null ? [] : typeof stop === 'string' ? [stop] : stop,
    toolCalls: chooseToolCalls({
      tools,
      choice: toolChoiceMode(chatRequest.tool_choice),
      allowsParallel: chatRequest.parallel_tool_calls !== false,
      isUserTurn,
      lastUserText: isUserTurn && last !== undefined ? messageText(last.content) : '',
      seed,
    }),
    toolPreambleTokens: 0,
    responseFormat: responseFormatOf(chatRequest),
  };
}
