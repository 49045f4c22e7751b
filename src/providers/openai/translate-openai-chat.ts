/** The translation lane of every OpenAI-format adapter, built from the same options as its passthrough lane. */
import type { TranslatedChat } from '../adapter.js';
import { convertOpenAIUsage } from './convert-openai-usage.js';
import type { OpenAICompatibleOptions } from './openai-adapter.js';
import { joinUrl, openAIRequest, prepareOpenAIChatBody } from './prepare-openai-chat.js';
import { buildOpenAIChatBody } from './translate-openai-request.js';
import { translateOpenAIResponse } from './translate-openai-response.js';
import { OpenAITranslatedStreamParser } from './translate-openai-stream.js';

export function createOpenAITranslatedChat(options: OpenAICompatibleOptions): TranslatedChat {
  const quirks = options.quirks ?? {};
  const convertUsage = options.convertUsage ?? ((raw: unknown) => convertOpenAIUsage(raw, options.usage));
  const chatPath = options.chatPath ?? '/chat/completions';
  return {
    prepare(request, context) {
      const built = buildOpenAIChatBody(request, context.model, context.stream, options.type);
      const prepared = prepareOpenAIChatBody(built.body, context, quirks);
      return openAIRequest(joinUrl(context.account.baseUrl, chatPath), prepared.body, context, quirks, [...built.warnings, ...prepared.warnings]);
    },
    parseResponse(body) {
      return translateOpenAIResponse(body, convertUsage, options.type);
    },
    streamParser() {
      return new OpenAITranslatedStreamParser(convertUsage);
    },
  };
}
