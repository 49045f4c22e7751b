/**
 * The OpenAI adapter, and the base every OpenAI-compatible provider builds on by naming its quirks.
 */
import { usageFromParts } from '../../core/usage.js';
import type { Usage } from '../../core/usage.js';
import type { ChatCallContext, EmbeddingsCall, JsonObject, PassthroughChat, ProviderAdapter } from '../adapter.js';
import { classifyOpenAIError } from './classify-openai-error.js';
import { convertOpenAIUsage, type OpenAIUsageOptions } from './convert-openai-usage.js';
import { normalizeToolCallsInBody } from './normalize-tool-calls.js';
import { createOpenAIResponsesCall } from './openai-responses-call.js';
import { OpenAIStreamTracker } from './openai-stream-tracker.js';
import { joinUrl, openAIRequest, prepareOpenAIChatBody, type OpenAICompatibleQuirks } from './prepare-openai-chat.js';
import { createOpenAITranslatedChat } from './translate-openai-chat.js';

export interface OpenAICompatibleOptions {
  type: string;
  defaultBaseUrl: string;
  quirks?: OpenAICompatibleQuirks;
  usage?: OpenAIUsageOptions;
  /** Replaces the usage mapping for providers whose usage object differs (DeepSeek, Cohere-compat, …). */
  convertUsage?: (raw: unknown) => Usage | undefined;
  /** Path of chat completions under the base URL. */
  chatPath?: string;
  embeddingsPath?: string | null;
  /** Path of the Responses API under the base URL; absent for providers that do not serve it. */
  responsesPath?: string;
}

export function createOpenAICompatibleAdapter(options: OpenAICompatibleOptions): ProviderAdapter {
  const quirks = options.quirks ?? {};
  const convertUsage = options.convertUsage ?? ((raw: unknown) => convertOpenAIUsage(raw, options.usage));
  const chatPath = options.chatPath ?? '/chat/completions';

  const chat: PassthroughChat = {
    prepare(body: JsonObject, context: ChatCallContext) {
      const prepared = prepareOpenAIChatBody(body, context, quirks);
      return openAIRequest(joinUrl(context.account.baseUrl, chatPath), prepared.body, context, quirks, prepared.warnings);
    },
    usageFromBody(body: unknown): Usage | undefined {
      if (!isObject(body)) return undefined;
      const usage = convertUsage(body.usage);
      if (usage && typeof body.service_tier === 'string') usage.serviceTier = body.service_tier;
      return usage;
    },
    modelFromBody(body: unknown): string | undefined {
      return isObject(body) && typeof body.model === 'string' ? body.model : undefined;
    },
    normalizeBody(body: unknown): string | undefined {
      if (!quirks.omitsToolCallTypeAndIndex) return undefined;
      const normalized = normalizeToolCallsInBody(body);
      return normalized ? JSON.stringify(normalized) : undefined;
    },
    trackStream() {
      return new OpenAIStreamTracker(convertUsage, { normalizeToolCalls: quirks.omitsToolCallTypeAndIndex === true });
    },
  };

  const embeddingsPath = options.embeddingsPath === undefined ? '/embeddings' : options.embeddingsPath;
  const embeddings: EmbeddingsCall | undefined =
    embeddingsPath === null
      ? undefined
      : {
          prepare(body, context) {
            return openAIRequest(joinUrl(context.account.baseUrl, embeddingsPath), { ...body, model: context.model }, context, quirks, []);
          },
          usageFromBody(body: unknown): Usage | undefined {
            if (!isObject(body) || !isObject(body.usage)) return undefined;
            const prompt = body.usage.prompt_tokens;
            if (typeof prompt !== 'number') return undefined;
            return usageFromParts({ noCacheInput: prompt }, body.usage);
          },
        };

  const adapter: ProviderAdapter = {
    type: options.type,
    dialect: 'openai',
    defaultBaseUrl: options.defaultBaseUrl,
    chat,
    translated: createOpenAITranslatedChat(options),
    classifyError: classifyOpenAIError,
    ...(embeddings ? { embeddings } : {}),
    ...(options.responsesPath === undefined ? {} : { responses: createOpenAIResponsesCall(options.responsesPath, quirks) }),
  };
  return adapter;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const openAIAdapter = createOpenAICompatibleAdapter({
  type: 'openai',
  defaultBaseUrl: 'https://api.openai.com/v1',
  quirks: { hasServiceTiers: true },
  responsesPath: '/responses',
});
