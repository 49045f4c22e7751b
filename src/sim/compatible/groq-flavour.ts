/**
 * Groq's OpenAI-compatible Chat Completions (`/openai/v1/chat/completions`): usage with timing
 * fields (queue_time, prompt_time, completion_time, total_time, in seconds), `x_groq` with the
 * request id (and the seed on a completion), `usage_breakdown: null`, `service_tier: on_demand`,
 * tool calls whole in one delta. When streaming, the first chunk carries `x_groq.id` and the
 * finish chunk `x_groq.usage` whether or not usage was asked for; `stream_options.include_usage`
 * adds the usual usage chunk. Only one choice per request (`n` must be 1). Errors are OpenAI's
 * shape without `param`.
 */
import { randomUUID } from 'node:crypto';
import type { ErrorFault } from '../faults.js';
import { randomIdPart } from '../seeded-random.js';
import { totalDurationMs } from '../sse-writer.js';
import type { ChatErrors, ChatFlavour, ErrorReply } from '../openai/chat-flavour.js';
import { validateToolChoice } from '../openai/chat-validation.js';
import { fingerprintOf } from '../openai/openai-flavour.js';
import { invalidRequest } from '../openai/openai-errors.js';

const LOWER_ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** Output speed used for completion_time when the simulator runs without pacing (Groq's published speeds). */
const NOMINAL_TOKENS_PER_SECOND: Record<string, number> = { 'llama-3.3-70b-versatile': 275, 'llama-3.1-8b-instant': 750 };
const PROMPT_TOKENS_PER_SECOND = 20_000;

function groqError(status: number, message: string, type: string, code?: string, headers?: Record<string, string>): ErrorReply {
  return { status, body: { error: { message, type, ...(code === undefined ? {} : { code }) } }, ...(headers === undefined ? {} : { headers }) };
}

const invalidKey = (): ErrorReply => groqError(401, 'Invalid API Key', 'invalid_request_error', 'invalid_api_key');

function contextLength(): ErrorReply {
  return groqError(400, 'Please reduce the length of the messages or completion.', 'invalid_request_error', 'context_length_exceeded');
}

function faultReply(fault: ErrorFault, context: { model: string; retryAfterSeconds: number }): ErrorReply {
  switch (fault) {
    case 'rate_limit': {
      const seconds = context.retryAfterSeconds;
      return groqError(
        429,
        `Rate limit reached for model \`${context.model}\` in organization \`org_simulator\` service tier \`on_demand\` on requests per minute (RPM): Limit 30, Used 30, Requested 1. Please try again in ${seconds}s. Need more tokens? Upgrade to Dev Tier today at https://console.groq.com/settings/billing`,
        'requests',
        'rate_limit_exceeded',
        { 'retry-after': String(Math.ceil(seconds)), 'x-ratelimit-limit-requests': '30', 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': `${seconds}s` },
      );
    }
    case 'server_error':
      return groqError(500, 'Internal Server Error', 'internal_server_error');
    case 'overloaded':
      return groqError(503, 'Service Unavailable', 'internal_server_error');
    case 'auth':
      return invalidKey();
    case 'context_length':
      return contextLength();
    case 'bad_request':
      return groqError(400, "Invalid request: the simulator was told to reject it (fault 'bad_request').", 'invalid_request_error');
  }
}

const GROQ_ERRORS: ChatErrors = {
  invalid: (details, status = 400) => groqError(status, details.message, 'invalid_request_error', details.code ?? undefined),
  missingKey: invalidKey,
  rejectedKey: invalidKey,
  unparsableBody: () => groqError(400, "'json' : could not parse the request body as JSON", 'invalid_request_error'),
  modelNotFound: (model) => groqError(404, `The model \`${model}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found'),
  contextLength,
  fault: faultReply,
};

function seconds(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}

export const GROQ_FLAVOUR: ChatFlavour = {
  provider: 'groq',
  errors: GROQ_ERRORS,
  headers: () => ({ 'x-request-id': `req_01${randomIdPart(24, LOWER_ALPHANUMERIC)}` }),
  validate: (request, model) => {
    if ((request.n ?? 1) > 1) return GROQ_ERRORS.invalid(invalidRequest("'n' : number must be at most 1", 'n'));
    const cap = request.max_completion_tokens ?? request.max_tokens;
    if (cap !== undefined && cap !== null && cap > model.maxOutputTokens) {
      return GROQ_ERRORS.invalid(invalidRequest(`\`max_tokens\` must be less than or equal to \`${model.maxOutputTokens}\`, the maximum value for \`max_tokens\` is less than the \`context_window\` for this model`, 'max_tokens'));
    }
    const problem = validateToolChoice(request);
    return problem === undefined ? undefined : GROQ_ERRORS.invalid(problem);
  },
  cachedTokens: () => 0,
  reasoning: () => ({ tokens: 0, isVisible: false }),
  newCompletionId: () => `chatcmpl-${randomUUID()}`,
  newToolCallId: () => randomIdPart(9, LOWER_ALPHANUMERIC),
  envelopeFields: (model) => ({ serviceTier: 'on_demand', systemFingerprint: fingerprintOf(model.responseModel), requestId: `req_01${randomIdPart(24, LOWER_ALPHANUMERIC)}` }),
  usage: ({ model, prompt, plans, pacing, seed }) => {
    const completion = plans.reduce((sum, plan) => sum + plan.outputTokens, 0);
    const paced = totalDurationMs(pacing, completion) / 1000;
    const completionTime = pacing.tokensPerSecond === Number.POSITIVE_INFINITY && pacing.ttftMs <= 0 ? completion / (NOMINAL_TOKENS_PER_SECOND[model.responseModel] ?? 400) : paced;
    const promptTime = prompt.length / PROMPT_TOKENS_PER_SECOND;
    return {
      queue_time: seconds(0.01 + (seed % 90) / 1000),
      prompt_tokens: prompt.length,
      prompt_time: seconds(promptTime),
      completion_tokens: completion,
      completion_time: seconds(completionTime),
      total_tokens: prompt.length + completion,
      total_time: seconds(promptTime + completionTime),
    };
  },
  body: { messageExtras: {}, toolOnlyContent: 'omit', hasNullToolCalls: false, toolCall: { hasType: true, hasIndex: false }, hasChoiceLogprobs: true },
  bodyFields: (envelope, usage, seed) => ({
    usage,
    usage_breakdown: null,
    system_fingerprint: envelope.systemFingerprint,
    x_groq: { id: envelope.requestId, seed: seed % 2_147_483_647 },
    service_tier: envelope.serviceTier,
  }),
  stream: {
    roleChunk: 'separate',
    roleDelta: () => ({ role: 'assistant', content: '' }),
    toolDeltaPrefix: {},
    hasNullChoiceFields: true,
    toolCalls: 'whole',
    toolCallDelta: { hasType: true, hasIndex: true },
    usage: 'usage-chunk',
    isOpenAIPadded: false,
  },
  chunkHeadFields: (envelope) => ({ system_fingerprint: envelope.systemFingerprint }),
  chunkTailFields: (envelope, position, usage) => {
    if (position === 'first') return { x_groq: { id: envelope.requestId } };
    if (position === 'finish' || position === 'usage') return { x_groq: { id: envelope.requestId, usage } };
    return {};
  },
};
