/** The Cohere adapter: v2 chat (`/v2/chat`, SSE when streaming) and `/v2/embed`, bearer auth. */
import type { ProviderAdapter, TranslatedChat } from '../adapter.js';
import { classifyCohereError } from './classify-cohere-error.js';
import { cohereEmbeddings } from './cohere-embeddings.js';
import { coherePassthrough } from './cohere-passthrough.js';
import { translateCohereRequest } from './translate-cohere-request.js';
import { translateCohereResponse } from './translate-cohere-response.js';
import { CohereStreamParser } from './translate-cohere-stream.js';

export interface CohereAdapterOptions {
  /** The clock for stamping answers, which carry no creation time (tests pass a fixed one). */
  now?: () => number;
}

export function createCohereAdapter(options: CohereAdapterOptions = {}): ProviderAdapter {
  const now = options.now ?? Date.now;
  const translated: TranslatedChat = {
    prepare: translateCohereRequest,
    parseResponse: (body) => translateCohereResponse(body, () => new Date(now())),
    streamParser: () => new CohereStreamParser(),
  };
  return {
    type: 'cohere',
    dialect: 'cohere',
    defaultBaseUrl: 'https://api.cohere.com',
    chat: coherePassthrough,
    translated,
    embeddings: cohereEmbeddings,
    classifyError: classifyCohereError,
  };
}

export const cohereAdapter = createCohereAdapter();
