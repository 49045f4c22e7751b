/** The Anthropic Messages adapter: same-dialect relay for Anthropic clients, translation for the rest. */
import type { Usage } from '../../core/usage.js';
import type { PassthroughChat, ProviderAdapter, TranslatedChat } from '../adapter.js';
import { AnthropicStreamTracker } from './anthropic-stream-tracker.js';
import { classifyAnthropicError } from './classify-anthropic-error.js';
import { convertAnthropicUsage } from './convert-anthropic-usage.js';
import { anthropicRequest, prepareAnthropicPassthrough } from './prepare-anthropic-request.js';
import { buildAnthropicBody } from './translate-anthropic-request.js';
import { translateAnthropicResponse } from './translate-anthropic-response.js';
import { AnthropicTranslatedStreamParser } from './translate-anthropic-stream.js';

const chat: PassthroughChat = {
  prepare: prepareAnthropicPassthrough,
  usageFromBody(body: unknown): Usage | undefined {
    return isObject(body) ? convertAnthropicUsage(body.usage) : undefined;
  },
  modelFromBody(body: unknown): string | undefined {
    if (!isObject(body)) return undefined;
    if (typeof body.model === 'string') return body.model;
    // A stream's first event is message_start, which names the model inside `message`.
    return isObject(body.message) && typeof body.message.model === 'string' ? body.message.model : undefined;
  },
  trackStream() {
    return new AnthropicStreamTracker();
  },
};

const translated: TranslatedChat = {
  prepare(request, context) {
    const built = buildAnthropicBody(request, context);
    return anthropicRequest(built.body, context, built.warnings);
  },
  parseResponse: translateAnthropicResponse,
  streamParser() {
    return new AnthropicTranslatedStreamParser();
  },
};

export const anthropicAdapter: ProviderAdapter = {
  type: 'anthropic',
  dialect: 'anthropic',
  defaultBaseUrl: 'https://api.anthropic.com',
  chat,
  translated,
  classifyError: classifyAnthropicError,
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
