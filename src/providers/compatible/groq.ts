/**
 * Groq. Answers 400 to `metadata` ("not supported with this model") and to logprobs / logit_bias,
 * which its models do not produce. `service_tier` is Groq's own (`on_demand`, `flex`, `auto`) and
 * passes through when the client sets it. No embeddings endpoint.
 */
import { createOpenAICompatibleAdapter } from '../openai/openai-adapter.js';

export const groqAdapter = createOpenAICompatibleAdapter({
  type: 'groq',
  defaultBaseUrl: 'https://api.groq.com/openai/v1',
  quirks: { rejectsMetadata: true, unsupportedFields: ['logprobs', 'top_logprobs', 'logit_bias'] },
  embeddingsPath: null,
});
