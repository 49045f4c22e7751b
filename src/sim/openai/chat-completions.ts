/**
 * POST /chat/completions for every flavour: authentication, validation, prompt counting and
 * caching, planning, then a sync or streamed reply, each step shaped by the flavour's options.
 */
import { applyContentFilter, planAnswer, type AnswerPlanInput, type ResponseFormat } from '../answer-plan.js';
import { bodyFaultOf, isContentFiltered, isErrorFault, resolveFault } from '../faults.js';
import { bearerToken, sendJson } from '../http-io.js';
import { lookupModel } from '../model-list.js';
import { readRequestControls, resolvePacing, resolveTargetTokens } from '../request-controls.js';
import { holdForever, type SimExchange } from '../sim-context.js';
import { hashString } from '../seeded-random.js';
import { afterDelay, totalDurationMs, writePaced, writeThenDestroy } from '../sse-writer.js';
import { chooseToolCalls, type ToolChoiceMode, type ToolSpec } from '../tool-decision.js';
import type { ChatEnvelope, ChatFlavour, ErrorReply, ReasoningPlan, RenderedChoice } from './chat-flavour.js';
import { buildChatPrompt, messageText } from './chat-prompt.js';
import { parseChatRequest, type ChatRequest } from './chat-request.js';
import { chatCompletionBody } from './chat-response.js';
import { chatCompletionFrames, malformFrames } from './chat-stream.js';
import { invalidRequest } from './openai-errors.js';
import { OPENAI_FLAVOUR } from './openai-flavour.js';

export type ChatHandler = (exchange: SimExchange, rawBody: string) => void;

function sendReply(exchange: SimExchange, flavour: ChatFlavour, reply: ErrorReply): void {
  sendJson(exchange.response, reply.status, reply.body, { ...flavour.headers(exchange.startedAt), ...reply.headers });
}

function parseBody(rawBody: string): Record<string, unknown> | undefined {
  try {
    const body: unknown = JSON.parse(rawBody);
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    // answered by the caller
  }
  return undefined;
}

export function chatCompletionsHandler(flavour: ChatFlavour): ChatHandler {
  const { errors } = flavour;
  return function handleChat(exchange, rawBody) {
    const { request, response, context, tracker, startedAt } = exchange;
    const reply = (answer: ErrorReply): void => sendReply(exchange, flavour, answer);
    const apiKey = bearerToken(request);
    if (apiKey === undefined) return reply(errors.missingKey());
    if (context.rejectedApiKeys.has(apiKey)) return reply(errors.rejectedKey(apiKey));
    const controlsResult = readRequestControls(request.headers);
    if ('problem' in controlsResult) return reply(errors.invalid(invalidRequest(controlsResult.problem)));
    const body = parseBody(rawBody);
    if (body === undefined) return reply(errors.unparsableBody());
    if (typeof body.model === 'string') tracker.setModel(body.model);
    const parsed = parseChatRequest(body);
    if ('error' in parsed) return reply(errors.invalid(parsed.error));
    const chatRequest = parsed.request;
    const model = lookupModel(flavour.provider, chatRequest.model, context.behaviours.has(chatRequest.model));
    if (model === undefined) return reply(errors.modelNotFound(chatRequest.model));
    if (model.kind !== 'chat') {
      const message = 'This is not a chat model and thus not supported in the v1/chat/completions endpoint. Did you mean to use v1/completions?';
      return reply(errors.invalid(invalidRequest(message, 'model'), 404));
    }
    const problem = flavour.validate(chatRequest, model, body);
    if (problem !== undefined) return reply(problem);

    const prompt = buildChatPrompt(chatRequest);
    const controls = controlsResult.controls;
    const fault = resolveFault(controls, context.behaviours, [chatRequest.model, model.responseModel]);
    if (fault?.fault === 'hang') return holdForever(exchange);
    if (fault !== undefined && isErrorFault(fault.fault)) {
      return reply(
        errors.fault(fault.fault, { model: chatRequest.model, apiKey, retryAfterSeconds: fault.retryAfterSeconds, contextWindow: model.contextWindow, promptTokens: prompt.length, startedAt }),
      );
    }
    if (prompt.length > model.contextWindow) return reply(errors.contextLength(model.contextWindow, prompt.length));

    const cachedTokens = flavour.cachedTokens(context.caches.get(flavour.provider), `${apiKey}\u0000${model.responseModel}`, prompt);
    const behaviour = context.behaviours.get(chatRequest.model) ?? context.behaviours.get(model.responseModel);
    const seed = requestSeed(chatRequest);
    const targetTokens = resolveTargetTokens(controls, behaviour, context.options, seed);
    const choices: RenderedChoice[] = [];
    for (let index = 0; index < (chatRequest.n ?? 1); index++) {
      const choiceSeed = seed + index * 7919;
      const planned = planAnswer(planInput(chatRequest, choiceSeed, flavour.reasoning(model, chatRequest, choiceSeed), targetTokens));
      const plan = isContentFiltered(fault) ? applyContentFilter(planned) : planned;
      choices.push({ plan, toolCallIds: plan.toolCalls.map((_call, callIndex) => flavour.newToolCallId(callIndex)) });
    }
    const pacing = resolvePacing(controls, behaviour, context.options);
    const plans = choices.map((choice) => choice.plan);
    const usage = flavour.usage({ model, prompt, cachedTokens, plans, pacing, seed });
    const envelope: ChatEnvelope = {
      id: flavour.newCompletionId(),
      created: Math.floor(context.now() / 1000),
      model: model.responseModel,
      ...flavour.envelopeFields(model, chatRequest),
    };
    const bodyFault = bodyFaultOf(fault);
    const onCut = (): void => tracker.markClosedByServer();

    if (chatRequest.stream === true) {
      response.writeHead(200, { ...flavour.headers(startedAt), 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
      const frames = chatCompletionFrames(flavour, envelope, choices, usage, {
        includeUsage: chatRequest.stream_options?.include_usage === true,
        includeObfuscation: chatRequest.stream_options?.include_obfuscation !== false,
      });
      const sent = bodyFault === 'malformed' ? malformFrames(frames) : frames;
      writePaced(response, sent, { pacing, ...(bodyFault === 'cut' ? { cutAfterFrames: Math.ceil(sent.length / 2), onCut } : {}) });
      return;
    }

    const text = JSON.stringify(chatCompletionBody(flavour, envelope, choices, usage, seed));
    const generated = plans.reduce((sum, plan) => sum + plan.outputTokens, 0);
    afterDelay(response, totalDurationMs(pacing, generated), () => {
      const headers = { ...flavour.headers(startedAt), 'content-type': 'application/json' };
      if (bodyFault === 'cut') {
        response.writeHead(200, { ...headers, 'content-length': Buffer.byteLength(text) });
        writeThenDestroy(response, text.slice(0, Math.floor(text.length / 2)), onCut);
        return;
      }
      const sent = bodyFault === 'malformed' ? text.slice(0, Math.floor(text.length / 2)) : text;
      response.writeHead(200, { ...headers, 'content-length': Buffer.byteLength(sent) });
      response.end(sent);
    });
  };
}

/** OpenAI's own chat route. */
export const handleChatCompletions: ChatHandler = chatCompletionsHandler(OPENAI_FLAVOUR);

/** Same conversation, same answer: the seed ignores stream, caps and stop sequences. */
function requestSeed(chatRequest: ChatRequest): number {
  const base = hashString(`${chatRequest.model}\u0000${JSON.stringify(chatRequest.messages)}\u0000${JSON.stringify(chatRequest.tools ?? null)}`);
  return chatRequest.seed === undefined || chatRequest.seed === null ? base : hashString(String(chatRequest.seed), base % 4294967296);
}

function toolChoiceMode(choice: ChatRequest['tool_choice']): ToolChoiceMode {
  if (choice === undefined || choice === null || choice === 'auto') return { kind: 'auto' };
  if (choice === 'none') return { kind: 'none' };
  if (choice === 'required' || choice === 'any') return { kind: 'required' };
  return { kind: 'named', name: choice.function.name };
}

function responseFormatOf(chatRequest: ChatRequest): ResponseFormat {
  const format = chatRequest.response_format;
  if (format?.type === 'json_schema') return { kind: 'json_schema', schema: format.json_schema?.schema ?? { type: 'object' } };
  if (format?.type === 'json_object') return { kind: 'json_object' };
  return { kind: 'text' };
}

function planInput(chatRequest: ChatRequest, seed: number, reasoning: ReasoningPlan, targetTokens: number): AnswerPlanInput {
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
    hiddenReasoningTokens: reasoning.isVisible ? 0 : reasoning.tokens,
    thinkingTokens: reasoning.isVisible ? reasoning.tokens : 0,
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
