/**
 * Mistral (La Plateforme). Its request schema forbids unknown fields (422 `extra_forbidden`), so the
 * OpenAI-only ones are removed rather than sent. Streams carry usage without being asked, on the
 * same chunk as the last delta (the stream tracker keeps that chunk: it is not usage-only). Tool
 * calls come without `type` and, streamed, without `index`: normalised for OpenAI clients.
 */
import { createOpenAICompatibleAdapter } from '../openai/openai-adapter.js';

export const mistralAdapter = createOpenAICompatibleAdapter({
  type: 'mistral',
  defaultBaseUrl: 'https://api.mistral.ai/v1',
  quirks: {
    rejectsStreamOptions: true,
    omitsToolCallTypeAndIndex: true,
    rejectsMetadata: true,
    unsupportedFields: ['user', 'service_tier', 'store', 'logit_bias', 'logprobs', 'top_logprobs', 'prompt_cache_key', 'safety_identifier'],
    renamedFields: { seed: 'random_seed', max_completion_tokens: 'max_tokens' },
  },
});
