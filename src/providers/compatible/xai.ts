/**
 * xAI (Grok). Reasoning tokens are reported beside `completion_tokens`, not inside it, and billed
 * as output too. `cost_in_usd_ticks` stays in the raw usage. xAI answers 4xx to `metadata`.
 */
import { createOpenAICompatibleAdapter } from '../openai/openai-adapter.js';

export const xaiAdapter = createOpenAICompatibleAdapter({
  type: 'xai',
  defaultBaseUrl: 'https://api.x.ai/v1',
  quirks: { rejectsMetadata: true, unsupportedFields: ['service_tier'] },
  usage: { reasoningOutsideCompletion: true },
  embeddingsPath: null,
});
