/**
 * The Gemini adapter (Google AI Studio / Gemini Developer API, `generativelanguage`). Clients
 * reach it through the translated lane; the same-dialect lane exists for a client that speaks
 * Gemini itself.
 */
import type { ProviderAdapter, TranslatedChat } from '../adapter.js';
import { classifyGeminiError } from './classify-gemini-error.js';
import { geminiEmbeddings } from './gemini-embeddings.js';
import { createGeminiPassthrough } from './gemini-passthrough.js';
import { translateGeminiRequest } from './translate-gemini-request.js';
import { translateGeminiResponse } from './translate-gemini-response.js';
import { GeminiStreamParser } from './translate-gemini-stream.js';

export interface GeminiAdapterOptions {
  /** The clock for stamping answers that carry no creation time (tests pass a fixed one). */
  now?: () => number;
}

export function createGeminiAdapter(options: GeminiAdapterOptions = {}): ProviderAdapter {
  const now = options.now ?? Date.now;
  const translated: TranslatedChat = {
    prepare: translateGeminiRequest,
    parseResponse: (body) => translateGeminiResponse(body, () => new Date(now())),
    streamParser: () => new GeminiStreamParser(),
  };
  return {
    type: 'gemini',
    dialect: 'gemini',
    defaultBaseUrl: 'https://generativelanguage.googleapis.com',
    chat: createGeminiPassthrough(now),
    translated,
    embeddings: geminiEmbeddings,
    classifyError: classifyGeminiError,
  };
}

export const geminiAdapter = createGeminiAdapter();
