/**
 * Tollgate's provider simulator: a real HTTP server speaking the providers' wire formats, with
 * prompt caching, latency and faults, so the gateway, its tests, benchmarks and demo mode need no
 * provider keys. It shares no code with providers/ (written from the providers' documentation).
 *
 * Routes: OpenAI `/v1/chat/completions`, `/v1/embeddings`, `/v1/models[/:id]` (also under
 * `/openai/v1/...`); Anthropic `/anthropic/v1/messages` (also `/v1/messages`),
 * `/anthropic/v1/messages/count_tokens`, `/anthropic/v1/models[/:id]`. Control (not counted in
 * stats): `POST /_sim/models/:model` with a SimModelBehaviour (`{}` clears it), `GET /_sim/stats`,
 * `POST /_sim/reset` (zeroes stats, empties prompt caches).
 *
 * Per-request headers, each overriding the model's behaviour, which overrides the options:
 * `x-sim-output-tokens`, `x-sim-ttft-ms`, `x-sim-tps`, `x-sim-fault`, `x-sim-retry-after`.
 *
 * Documented rules live beside the code that applies them: token counting (tokens.ts), tool-call
 * decisions (tool-decision.ts), prompt caching (prompt-cache.ts), pacing (sse-writer.ts), stats
 * (sim-stats.ts), hidden reasoning (openai/reasoning-tokens.ts).
 */
export { startSimulator } from './simulator-server.js';
export type { RunningSimulator, SimFault, SimModelBehaviour, SimulatorOptions, SimulatorStats } from './sim-options.js';
export { SIM_FAULTS } from './sim-options.js';
