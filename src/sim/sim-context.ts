/** What every route handler gets: the simulator's shared state and this exchange. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ModelBehaviours } from './model-behaviours.js';
import type { Clock } from './prompt-cache.js';
import type { PromptCaches } from './prompt-caches.js';
import type { SimulatorOptions } from './sim-options.js';
import type { RequestTracker, StatsRecorder } from './sim-stats.js';

export interface SimContext {
  options: SimulatorOptions;
  behaviours: ModelBehaviours;
  stats: StatsRecorder;
  /** Prompt caches by provider name (`openai`, `anthropic`, `gemini`, `deepseek`, ...). */
  caches: PromptCaches;
  now: Clock;
  rejectedApiKeys: ReadonlySet<string>;
  /** Responses held open by the `hang` fault, destroyed on close(). */
  heldResponses: Set<ServerResponse>;
}

export interface SimExchange {
  request: IncomingMessage;
  response: ServerResponse;
  context: SimContext;
  tracker: RequestTracker;
  /** The path segment after a route's prefix, e.g. the model id in /v1/models/:id. */
  pathParameter: string | undefined;
  startedAt: number;
  /** The query string (Gemini reads `key` and `alt` from it). */
  query: URLSearchParams;
}

export type SimHandler = (exchange: SimExchange) => void | Promise<void>;

/** Keeps the response open without ever answering, until the client or close() ends it. */
export function holdForever(exchange: SimExchange): void {
  const { response, context } = exchange;
  context.heldResponses.add(response);
  response.once('close', () => context.heldResponses.delete(response));
}
