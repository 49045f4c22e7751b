/**
 * Tollgate's provider simulator: a real HTTP server speaking the providers' wire formats, with
 * prompt caching, latency and faults, so the gateway, its tests, benchmarks and demo mode need no
 * provider keys. It shares no code with providers/ (written from the providers' documentation;
 * where they disagree, the recorded captures decide).
 *
 * Base URLs (point a provider's `baseUrl` at them):
 * - OpenAI     `${url}/v1` (also `${url}/openai/v1`): chat/completions, embeddings, models[/:id]
 * - Anthropic  `${url}/anthropic` (the SDK adds /v1): messages, messages/count_tokens, models[/:id]
 * - Gemini     `${url}/gemini`: POST /v1beta/models/{model}:generateContent | :streamGenerateContent
 *              (`?alt=sse` for SSE, else a streamed JSON array) | :embedContent | :batchEmbedContents
 *              | :countTokens; GET /v1beta/models[/{model}]; also under /v1. Key: `x-goog-api-key` or `?key=`.
 * - Cohere     `${url}/cohere`: POST /v2/chat, /v2/embed; GET /v1/models[/:model]. Bearer key.
 * - DeepSeek   `${url}/deepseek` (also `${url}/deepseek/v1`): chat/completions, models.
 * - Mistral    `${url}/mistral/v1`: chat/completions, embeddings, models[/:id].
 * - xAI        `${url}/xai/v1`: chat/completions, models[/:id].
 * - Groq       `${url}/groq/openai/v1`: chat/completions, models[/:id].
 * Each provider answers only its own models (model-list.ts, model-entries.ts) plus any model with
 * a behaviour entry, 404 otherwise, and every error in that provider's shape.
 *
 * Control (not counted in stats): `POST /_sim/models/:model` with a SimModelBehaviour (`{}` clears
 * it), `GET /_sim/stats` (byModel counts every provider's requests by the model name asked for),
 * `POST /_sim/reset` (zeroes stats, empties every provider's prompt cache).
 *
 * Per-request headers, each overriding the model's behaviour, which overrides the options:
 * `x-sim-output-tokens`, `x-sim-ttft-ms`, `x-sim-tps`, `x-sim-fault`, `x-sim-retry-after`.
 * Faults: rate_limit, server_error, overloaded, auth, context_length, bad_request (each provider's
 * error), hang, cut, malformed (the body itself), content_filter (the provider's safety stop).
 *
 * Documented rules live beside the code that applies them: token counting (tokens.ts), tool-call
 * decisions (tool-decision.ts), prompt caching (prompt-cache.ts; Gemini in gemini/generate-content.ts,
 * Cohere in cohere/cohere-prompt.ts, DeepSeek and xAI in their flavours), pacing (sse-writer.ts),
 * stats (sim-stats.ts), hidden reasoning (openai/reasoning-tokens.ts), Gemini thinking
 * (gemini/gemini-thinking.ts), the OpenAI-compatible differences (openai/chat-flavour.ts and
 * compatible/*-flavour.ts).
 */
export { startSimulator } from './simulator-server.js';
export type { RunningSimulator, SimFault, SimModelBehaviour, SimulatorOptions, SimulatorStats } from './sim-options.js';
export { SIM_FAULTS } from './sim-options.js';
export { SIM_PROVIDERS, type SimProvider } from './model-list.js';

/** Where each provider lives on a running simulator: the `baseUrl` a gateway config should use. */
export function simulatorBaseUrls(url: string): Record<'openai' | 'anthropic' | 'gemini' | 'cohere' | 'deepseek' | 'mistral' | 'xai' | 'groq', string> {
  return {
    openai: `${url}/v1`,
    anthropic: `${url}/anthropic`,
    gemini: `${url}/gemini`,
    cohere: `${url}/cohere`,
    deepseek: `${url}/deepseek`,
    mistral: `${url}/mistral/v1`,
    xai: `${url}/xai/v1`,
    groq: `${url}/groq/openai/v1`,
  };
}
