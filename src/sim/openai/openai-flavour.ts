/** OpenAI's own Chat Completions: the reference every other flavour is a variation of. */
import { applyOpenAIPromptCache } from '../prompt-cache.js';
import { hashString } from '../seeded-random.js';
import type { ChatFlavour } from './chat-flavour.js';
import { newChatCompletionId, newToolCallId, openAIUsage } from './chat-response.js';
import { validateChatRequest } from './chat-validation.js';
import { invalidRequest, openAIChatErrors, openAIHeaders } from './openai-errors.js';
import { reasoningTokenCount } from './reasoning-tokens.js';

/** A stable `fp_` + 10 hex digits per model, as OpenAI's fingerprints look. */
export function fingerprintOf(model: string): string {
  return `fp_${hashString(model).toString(16).slice(-10).padStart(10, '0')}`;
}

export const OPENAI_FLAVOUR: ChatFlavour = {
  provider: 'openai',
  errors: openAIChatErrors,
  headers: openAIHeaders,
  validate: (request, model) => {
    if (request.tool_choice === 'any') {
      return openAIChatErrors.invalid(invalidRequest("Invalid value for 'tool_choice': \"any\" is not allowed here; use 'none', 'auto' or 'required'.", 'tool_choice', 'invalid_value'));
    }
    const problem = validateChatRequest(request, model);
    return problem === undefined ? undefined : openAIChatErrors.invalid(problem);
  },
  cachedTokens: applyOpenAIPromptCache,
  reasoning: (model, request, seed) => ({ tokens: model.isReasoning ? reasoningTokenCount(request.reasoning_effort, seed) : 0, isVisible: false }),
  newCompletionId: newChatCompletionId,
  newToolCallId: () => newToolCallId(),
  envelopeFields: (model, request) => {
    const tier = request.service_tier;
    return {
      serviceTier: tier !== undefined && tier !== null && model.serviceTiers.includes(tier) ? tier : 'default',
      systemFingerprint: fingerprintOf(model.responseModel),
      requestId: '',
    };
  },
  usage: (facts) => ({ ...openAIUsage(facts.prompt.length, facts.cachedTokens, facts.plans) }),
  body: {
    messageExtras: { refusal: null, annotations: [] },
    toolOnlyContent: null,
    hasNullToolCalls: false,
    toolCall: { hasType: true, hasIndex: false },
    hasChoiceLogprobs: true,
  },
  bodyFields: (envelope, usage) => ({ usage, service_tier: envelope.serviceTier, system_fingerprint: envelope.systemFingerprint }),
  stream: {
    roleChunk: 'separate',
    roleDelta: (isToolOnly) => ({ role: 'assistant', content: isToolOnly ? null : '', refusal: null }),
    toolDeltaPrefix: {},
    hasNullChoiceFields: true,
    toolCalls: 'fragments',
    toolCallDelta: { hasType: true, hasIndex: true },
    usage: 'usage-chunk',
    isOpenAIPadded: true,
  },
  chunkHeadFields: (envelope) => ({ service_tier: envelope.serviceTier, system_fingerprint: envelope.systemFingerprint }),
  chunkTailFields: () => ({}),
};
