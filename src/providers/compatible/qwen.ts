/**
 * Qwen through Alibaba Cloud DashScope's OpenAI-compatible mode (international endpoint). Streams
 * report usage only when `stream_options.include_usage` is set, which the base always does.
 */
import { createOpenAICompatibleAdapter } from '../openai/openai-adapter.js';

export const qwenAdapter = createOpenAICompatibleAdapter({
  type: 'qwen',
  defaultBaseUrl: 'https://dashscope-intl.aliyuncs.com/compatible-mode/v1',
  quirks: { rejectsMetadata: true, unsupportedFields: ['service_tier'] },
});
