/**
 * Fireworks AI. Its request schema has refused `stream_options` ("Extra inputs are not permitted")
 * while its streams end with a usage-bearing chunk anyway, so the option is not sent. Embeddings
 * come from the OpenAI-format base.
 */
import { createOpenAICompatibleAdapter } from '../openai/openai-adapter.js';

export const fireworksAdapter = createOpenAICompatibleAdapter({
  type: 'fireworks',
  defaultBaseUrl: 'https://api.fireworks.ai/inference/v1',
  quirks: { rejectsStreamOptions: true, rejectsMetadata: true, unsupportedFields: ['service_tier'] },
});
