/**
 * xAI's Chat Completions (`/v1/chat/completions`). Reasoning models report reasoning_tokens NOT
 * inside completion_tokens (total = prompt + completion + reasoning, as the captures show);
 * grok-3-mini streams its reasoning as `reasoning_content`, grok-4 reasons without showing it
 * (xAI's reasoning guide), and only grok-3-mini takes `reasoning_effort` (low | high). Reasoning
 * models refuse presence_penalty, frequency_penalty and stop. Usage carries text/image/cached
 * prompt details and `cost_in_usd_ticks` (1 tick = 1e-10 USD) from xAI's price list. Chunks
 * carry only index and delta per choice, the role rides on the first delta, tool calls arrive
 * whole. Caching is automatic: a repeated prefix is read back up to a message boundary, or up to
 * the last token of an identical prompt (the captures show 11 of 12 and 290 of 291 cached).
 * Errors are `{"code","error"}` (gRPC status text, message).
 */
import { randomUUID } from 'node:crypto';
import type { ErrorFault } from '../faults.js';
import type { SimModelInfo } from '../model-list.js';
import { applyPrefixCache } from '../prompt-cache.js';
import { randomIdPart } from '../seeded-random.js';
import type { ChatErrors, ChatFlavour, ErrorReply } from '../openai/chat-flavour.js';
import { validateToolChoice } from '../openai/chat-validation.js';
import { fingerprintOf } from '../openai/openai-flavour.js';
import { maskApiKey } from '../openai/openai-errors.js';
import { reasoningTokenCount } from '../openai/reasoning-tokens.js';

export const XAI_CACHE_IDLE_MS = 10 * 60_000;

/** Prices in ticks (1e-10 USD) per token: input, cached input, output (reasoning is billed as output). */
const TICKS_PER_TOKEN: Record<string, { input: number; cached: number; output: number }> = {
  'grok-3': { input: 30_000, cached: 7500, output: 150_000 },
  'grok-3-mini': { input: 3000, cached: 750, output: 5000 },
  'grok-4-0709': { input: 30_000, cached: 7500, output: 150_000 },
};

const INVALID = 'Client specified an invalid argument';

function xaiError(status: number, code: string, error: string, headers?: Record<string, string>): ErrorReply {
  return { status, body: { code, error }, ...(headers === undefined ? {} : { headers }) };
}

function rejectedKey(key: string): ErrorReply {
  return xaiError(400, INVALID, `Incorrect API key provided: ${maskApiKey(key)}. You can obtain an API key from https://console.x.ai.`);
}

function contextLength(contextWindow: number, promptTokens: number): ErrorReply {
  return xaiError(400, INVALID, `This model's maximum prompt length is ${contextWindow} but the request contains ${promptTokens} tokens.`);
}

function faultReply(fault: ErrorFault, context: { model: string; retryAfterSeconds: number; contextWindow: number; promptTokens: number }): ErrorReply {
  switch (fault) {
    case 'rate_limit':
      return xaiError(429, 'Some resource has been exhausted', `Too many requests for model ${context.model}: the team's requests-per-second limit is reached. Please retry later.`, {
        'retry-after': String(Math.ceil(context.retryAfterSeconds)),
      });
    case 'server_error':
      return xaiError(500, 'Internal error', 'An internal error occurred while processing the request.');
    case 'overloaded':
      return xaiError(503, 'The service is currently unavailable', 'The model is currently overloaded. Please try again later.');
    case 'auth':
      return xaiError(403, 'The caller does not have permission to execute the specified operation', 'Your team does not have any credits or licenses yet. Purchase them on https://console.x.ai.');
    case 'context_length':
      return contextLength(context.contextWindow, Math.max(context.promptTokens, context.contextWindow + 1));
    case 'bad_request':
      return xaiError(400, INVALID, "Invalid request: the simulator was told to reject it (fault 'bad_request').");
  }
}

const XAI_ERRORS: ChatErrors = {
  invalid: (details, status = 400) => xaiError(status, INVALID, details.message),
  missingKey: () => rejectedKey(''),
  rejectedKey,
  unparsableBody: () => xaiError(400, INVALID, 'Failed to deserialize the JSON body into the target type: expected value at line 1 column 1'),
  modelNotFound: (model) =>
    xaiError(404, 'Some requested entity was not found', `The model ${model} does not exist or your team does not have access to it. Please ensure you're using the correct API key.`),
  contextLength,
  fault: faultReply,
};

function isVisibleReasoner(model: SimModelInfo): boolean {
  return model.isReasoning && model.responseModel.startsWith('grok-3-mini');
}

const CAMEL_NAMES: Record<string, string> = { presence_penalty: 'presencePenalty', frequency_penalty: 'frequencyPenalty', stop: 'stop', reasoning_effort: 'reasoningEffort' };

function unsupported(model: SimModelInfo, field: string): ErrorReply {
  return xaiError(400, INVALID, `Model ${model.responseModel} does not support parameter ${CAMEL_NAMES[field] ?? field}.`);
}

export const XAI_FLAVOUR: ChatFlavour = {
  provider: 'xai',
  errors: XAI_ERRORS,
  headers: () => ({ 'x-request-id': randomUUID() }),
  validate: (request, model, body) => {
    if (model.isReasoning) {
      const refused = ['presence_penalty', 'frequency_penalty', 'stop'].find((field) => body[field] !== undefined && body[field] !== null);
      if (refused !== undefined) return unsupported(model, refused);
    }
    const effort = request.reasoning_effort;
    if (effort !== undefined && effort !== null) {
      if (!isVisibleReasoner(model)) return unsupported(model, 'reasoning_effort');
      if (effort !== 'low' && effort !== 'high') return xaiError(400, INVALID, `reasoning_effort must be one of low, high; got ${effort}.`);
    }
    const problem = validateToolChoice(request);
    return problem === undefined ? undefined : XAI_ERRORS.invalid(problem);
  },
  cachedTokens: (store, scope, prompt) => {
    const positions = [...new Set([...prompt.boundaries, prompt.length - 1])].filter((position) => position > 0 && position < prompt.length).sort((left, right) => left - right);
    return applyPrefixCache(store, scope, prompt, positions, XAI_CACHE_IDLE_MS);
  },
  reasoning: (model, request, seed) => {
    if (!model.isReasoning) return { tokens: 0, isVisible: false };
    return { tokens: reasoningTokenCount(request.reasoning_effort === 'high' ? 'high' : 'medium', seed), isVisible: isVisibleReasoner(model) };
  },
  newCompletionId: () => randomUUID(),
  newToolCallId: () => `call_${randomIdPart(8, '0123456789')}`,
  envelopeFields: (model) => ({ serviceTier: '', systemFingerprint: fingerprintOf(model.responseModel), requestId: '' }),
  usage: ({ model, prompt, cachedTokens, plans }) => {
    const reasoning = plans.reduce((sum, plan) => sum + plan.reasoningTokens + (plan.thinking?.tokens ?? 0), 0);
    const completion = plans.reduce((sum, plan) => sum + plan.outputTokens, 0) - reasoning;
    const prices = TICKS_PER_TOKEN[model.responseModel] ?? { input: 30_000, cached: 7500, output: 150_000 };
    const cost = (prompt.length - cachedTokens) * prices.input + cachedTokens * prices.cached + (completion + reasoning) * prices.output;
    return {
      prompt_tokens: prompt.length,
      completion_tokens: completion,
      total_tokens: prompt.length + completion + reasoning,
      prompt_tokens_details: { text_tokens: prompt.length - prompt.opaqueTokens, audio_tokens: 0, image_tokens: prompt.opaqueTokens, cached_tokens: cachedTokens },
      completion_tokens_details: { reasoning_tokens: reasoning, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
      num_sources_used: 0,
      cost_in_usd_ticks: cost,
    };
  },
  body: { messageExtras: { refusal: null }, toolOnlyContent: null, hasNullToolCalls: false, toolCall: { hasType: true, hasIndex: false }, hasChoiceLogprobs: false },
  bodyFields: (envelope, usage) => ({ usage, system_fingerprint: envelope.systemFingerprint }),
  stream: {
    roleChunk: 'merged',
    roleDelta: () => ({ role: 'assistant' }),
    toolDeltaPrefix: {},
    hasNullChoiceFields: false,
    toolCalls: 'whole',
    toolCallDelta: { hasType: true, hasIndex: true },
    usage: 'usage-chunk',
    isOpenAIPadded: false,
  },
  chunkHeadFields: () => ({}),
  chunkTailFields: (envelope) => ({ system_fingerprint: envelope.systemFingerprint }),
};
