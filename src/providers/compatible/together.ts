/** Together AI: OpenAI-format chat and embeddings; no OpenAI service tiers, no metadata. */
import { createOpenAICompatibleAdapter } from '../openai/openai-adapter.js';

export const togetherAdapter = createOpenAICompatibleAdapter({
  type: 'together',
  defaultBaseUrl: 'https://api.together.xyz/v1',
  quirks: { rejectsMetadata: true, unsupportedFields: ['service_tier'] },
});
