/**
 * DeepSeek. OpenAI-format with its own cache accounting (hit/miss counts) and reasoning models that
 * stream `reasoning_content`. It has no service tiers and no embeddings endpoint.
 */
import { createOpenAICompatibleAdapter } from '../openai/openai-adapter.js';
import { convertDeepSeekUsage } from './convert-deepseek-usage.js';

export const deepSeekAdapter = createOpenAICompatibleAdapter({
  type: 'deepseek',
  defaultBaseUrl: 'https://api.deepseek.com',
  quirks: { rejectsMetadata: true, unsupportedFields: ['service_tier'] },
  convertUsage: convertDeepSeekUsage,
  embeddingsPath: null,
});
