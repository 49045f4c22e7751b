/**
 * DeepSeek's Chat Completions (`/chat/completions`, also under `/v1`): UUID ids, a 32-hex system
 * fingerprint, usage that splits the prompt into `prompt_cache_hit_tokens` + `prompt_cache_miss_tokens`
 * (and repeats the hit as `prompt_tokens_details.cached_tokens`, as the captures show), and
 * deepseek-reasoner's visible `reasoning_content`, billed inside completion_tokens.
 *
 * Caching follows DeepSeek's context-caching guide: the disk cache stores prefixes in 64-token
 * units (nothing under 64 tokens is cached) per user and model, and a later request reads the
 * longest stored unit-aligned prefix. Unused entries are cleared "within hours to days"; the
 * simulator keeps them for 6 hours without use.
 */
import { randomUUID } from 'node:crypto';
import type { ErrorFault } from '../faults.js';
import { applyPrefixCache, steppedPositions } from '../prompt-cache.js';
import { hashString, randomIdPart } from '../seeded-random.js';
import type { ChatErrors, ChatFlavour, ErrorReply } from '../openai/chat-flavour.js';
import { validateToolChoice } from '../openai/chat-validation.js';
import { invalidRequest, type OpenAIErrorDetails } from '../openai/openai-errors.js';
import { reasoningTokenCount } from '../openai/reasoning-tokens.js';

export const DEEPSEEK_CACHE_UNIT_TOKENS = 64;
export const DEEPSEEK_CACHE_IDLE_MS = 6 * 60 * 60_000;

function deepSeekError(status: number, message: string, type = 'invalid_request_error'): ErrorReply {
  return { status, body: { error: { message, type, param: null, code: 'invalid_request_error' } } };
}

function maskedKey(key: string): string {
  return `****${key.slice(-4)}`;
}

function faultReply(fault: ErrorFault, context: { apiKey: string; contextWindow: number; promptTokens: number }): ErrorReply {
  switch (fault) {
    case 'rate_limit':
      return deepSeekError(429, 'Rate Limit Reached', 'rate_limit_error');
    case 'server_error':
      return deepSeekError(500, 'Server Error', 'api_error');
    case 'overloaded':
      return deepSeekError(503, 'Server Overloaded', 'api_error');
    case 'auth':
      return deepSeekError(401, `Authentication Fails, Your api key: ${maskedKey(context.apiKey)} is invalid`, 'authentication_error');
    case 'context_length':
      return contextLength(context.contextWindow, Math.max(context.promptTokens, context.contextWindow + 1));
    case 'bad_request':
      return deepSeekError(400, "Invalid request: the simulator was told to reject it (fault 'bad_request').");
  }
}

function contextLength(contextWindow: number, promptTokens: number): ErrorReply {
  return deepSeekError(
    400,
    `This model's maximum context length is ${contextWindow} tokens. However, you requested ${promptTokens} tokens (${promptTokens} in the messages, 0 in the completion). Please reduce the length of the messages or completion.`,
  );
}

const DEEPSEEK_ERRORS: ChatErrors = {
  invalid: (details: OpenAIErrorDetails, status = 400) => ({ status, body: { error: { ...details, type: 'invalid_request_error' } } }),
  missingKey: () => deepSeekError(401, 'Authentication Fails (no such user)', 'authentication_error'),
  rejectedKey: (key) => deepSeekError(401, `Authentication Fails, Your api key: ${maskedKey(key)} is invalid`, 'authentication_error'),
  unparsableBody: () => deepSeekError(400, 'Failed to deserialize the JSON body into the target type: expected value at line 1 column 1'),
  // The real API answers an unknown model with 400 "Model Not Exist"; the simulator uses 404 like every flavour.
  modelNotFound: () => deepSeekError(404, 'Model Not Exist'),
  contextLength,
  fault: faultReply,
};

export const DEEPSEEK_FLAVOUR: ChatFlavour = {
  provider: 'deepseek',
  errors: DEEPSEEK_ERRORS,
  headers: () => ({ 'x-ds-trace-id': randomIdPart(32, '0123456789abcdef') }),
  validate: (request, model) => {
    const cap = request.max_tokens ?? request.max_completion_tokens;
    if (cap !== undefined && cap !== null && cap > model.maxOutputTokens) {
      return DEEPSEEK_ERRORS.invalid(invalidRequest(`Invalid max_tokens value, the valid range of max_tokens is [1, ${model.maxOutputTokens}]`, 'max_tokens'));
    }
    if (request.response_format?.type === 'json_schema') return DEEPSEEK_ERRORS.invalid(invalidRequest('This response_format type is unavailable now', 'response_format'));
    const problem = validateToolChoice(request);
    return problem === undefined ? undefined : DEEPSEEK_ERRORS.invalid(problem);
  },
  cachedTokens: (store, scope, prompt) =>
    applyPrefixCache(store, scope, prompt, steppedPositions(prompt.length, DEEPSEEK_CACHE_UNIT_TOKENS, DEEPSEEK_CACHE_UNIT_TOKENS), DEEPSEEK_CACHE_IDLE_MS),
  reasoning: (model, _request, seed) => ({ tokens: model.isReasoning ? reasoningTokenCount('medium', seed) : 0, isVisible: true }),
  newCompletionId: () => randomUUID(),
  newToolCallId: (index) => `call_${String(index).padStart(2, '0')}_${randomIdPart(24)}`,
  envelopeFields: (model) => ({
    serviceTier: '',
    systemFingerprint: [1, 2, 3, 4].map((lane) => (hashString(model.responseModel, lane) >>> 0).toString(16).padStart(8, '0')).join(''),
    requestId: '',
  }),
  usage: ({ model, prompt, cachedTokens, plans }) => {
    const completion = plans.reduce((sum, plan) => sum + plan.outputTokens, 0);
    const reasoning = plans.reduce((sum, plan) => sum + (plan.thinking?.tokens ?? 0), 0);
    return {
      prompt_tokens: prompt.length,
      completion_tokens: completion,
      total_tokens: prompt.length + completion,
      prompt_tokens_details: { cached_tokens: cachedTokens },
      ...(model.isReasoning ? { completion_tokens_details: { reasoning_tokens: reasoning } } : {}),
      prompt_cache_hit_tokens: cachedTokens,
      prompt_cache_miss_tokens: prompt.length - cachedTokens,
    };
  },
  body: { messageExtras: {}, toolOnlyContent: '', hasNullToolCalls: false, toolCall: { hasType: true, hasIndex: true }, hasChoiceLogprobs: true },
  bodyFields: (envelope, usage) => ({ usage, system_fingerprint: envelope.systemFingerprint }),
  stream: {
    roleChunk: 'separate',
    roleDelta: () => ({ role: 'assistant', content: '' }),
    toolDeltaPrefix: {},
    hasNullChoiceFields: true,
    toolCalls: 'fragments',
    toolCallDelta: { hasType: true, hasIndex: true },
    usage: 'usage-chunk',
    isOpenAIPadded: false,
  },
  chunkHeadFields: (envelope) => ({ system_fingerprint: envelope.systemFingerprint }),
  chunkTailFields: () => ({}),
};
