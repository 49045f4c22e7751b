/**
 * Mistral's Chat Completions (`/v1/chat/completions`): 32-hex ids, 9-character tool-call ids,
 * usage with only the three counts and no caching, tool calls sent whole in one delta without
 * `index` or `type`, and no separate usage chunk: finish reason and usage ride on the last delta
 * of every stream (`stream_options` is not part of Mistral's schema and earns the 422 its
 * validator gives any unknown field, as does `max_completion_tokens`). Errors are Mistral's:
 * `{"object":"error","message","type","param","code"}`, validation failures as FastAPI details,
 * 401 as `{"message":"Unauthorized","request_id"}`.
 */
import type { ErrorFault } from '../faults.js';
import { randomIdPart } from '../seeded-random.js';
import type { ChatErrors, ChatFlavour, ErrorReply } from '../openai/chat-flavour.js';
import { validateToolChoice } from '../openai/chat-validation.js';

/** OpenAI fields Mistral's request schema does not have; sending one is a 422. */
export const MISTRAL_FORBIDDEN_FIELDS: readonly string[] = ['stream_options', 'max_completion_tokens'];

const HEX = '0123456789abcdef';

function mistralError(status: number, message: string, type: string, code: string | null): ErrorReply {
  return { status, body: { object: 'error', message, type, param: null, code } };
}

function unauthorized(): ErrorReply {
  return { status: 401, body: { message: 'Unauthorized', request_id: randomIdPart(32, HEX) } };
}

export function extraForbidden(field: string, input: unknown): ErrorReply {
  return {
    status: 422,
    body: {
      object: 'error',
      message: { detail: [{ type: 'extra_forbidden', loc: ['body', field], msg: 'Extra inputs are not permitted', input }] },
      type: 'invalid_request_error',
      param: null,
      code: null,
    },
  };
}

function contextLength(contextWindow: number, promptTokens: number): ErrorReply {
  return mistralError(400, `Prompt contains ${promptTokens} tokens and 0 draft tokens, too large for model with ${contextWindow} maximum context length`, 'invalid_request_error', '3051');
}

function faultReply(fault: ErrorFault, context: { retryAfterSeconds: number; contextWindow: number; promptTokens: number }): ErrorReply {
  switch (fault) {
    case 'rate_limit':
      return { ...mistralError(429, 'Requests rate limit exceeded', 'rate_limited', '1300'), headers: { 'retry-after': String(Math.ceil(context.retryAfterSeconds)) } };
    case 'server_error':
      return mistralError(500, 'Internal server error', 'internal_server_error', '1000');
    case 'overloaded':
      // Mistral reports a saturated model as a 429 of its own type, not a 503.
      return mistralError(429, 'Service tier capacity exceeded for this model.', 'service_tier_capacity_exceeded', '3505');
    case 'auth':
      return unauthorized();
    case 'context_length':
      return contextLength(context.contextWindow, Math.max(context.promptTokens, context.contextWindow + 1));
    case 'bad_request':
      return mistralError(400, "Invalid request: the simulator was told to reject it (fault 'bad_request').", 'invalid_request_error', '3000');
  }
}

export const MISTRAL_ERRORS: ChatErrors = {
  invalid: (details, status = 400) => mistralError(status, details.message, 'invalid_request_error', details.code),
  missingKey: unauthorized,
  rejectedKey: unauthorized,
  unparsableBody: () => ({
    status: 422,
    body: {
      object: 'error',
      message: { detail: [{ type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error', input: {}, ctx: { error: 'Expecting value' } }] },
      type: 'invalid_request_error',
      param: null,
      code: null,
    },
  }),
  modelNotFound: (model) => mistralError(404, `Invalid model: ${model}`, 'invalid_model', '1500'),
  contextLength,
  fault: faultReply,
};

export const MISTRAL_FLAVOUR: ChatFlavour = {
  provider: 'mistral',
  errors: MISTRAL_ERRORS,
  headers: () => ({ 'mistral-correlation-id': randomIdPart(32, HEX) }),
  validate: (request, _model, body) => {
    const forbidden = MISTRAL_FORBIDDEN_FIELDS.find((field) => field in body);
    if (forbidden !== undefined) return extraForbidden(forbidden, body[forbidden]);
    const problem = validateToolChoice(request);
    return problem === undefined ? undefined : MISTRAL_ERRORS.invalid(problem);
  },
  cachedTokens: () => 0,
  reasoning: () => ({ tokens: 0, isVisible: false }),
  newCompletionId: () => randomIdPart(32, HEX),
  newToolCallId: () => randomIdPart(9),
  envelopeFields: () => ({ serviceTier: '', systemFingerprint: '', requestId: '' }),
  usage: ({ prompt, plans }) => {
    const completion = plans.reduce((sum, plan) => sum + plan.outputTokens, 0);
    return { prompt_tokens: prompt.length, total_tokens: prompt.length + completion, completion_tokens: completion };
  },
  body: { messageExtras: {}, toolOnlyContent: 'omit', hasNullToolCalls: true, toolCall: { hasType: false, hasIndex: false }, hasChoiceLogprobs: false },
  bodyFields: (_envelope, usage) => ({ usage }),
  stream: {
    roleChunk: 'separate',
    roleDelta: () => ({ role: 'assistant', content: '' }),
    toolDeltaPrefix: { content: null },
    hasNullChoiceFields: true,
    toolCalls: 'whole',
    toolCallDelta: { hasType: false, hasIndex: false },
    usage: 'last-delta',
    isOpenAIPadded: false,
  },
  chunkHeadFields: () => ({}),
  chunkTailFields: () => ({}),
};
