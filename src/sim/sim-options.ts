/** The simulator's public option and result types (re-exported by index.ts). */

export type SimFault =
  | 'rate_limit'
  | 'server_error'
  | 'overloaded'
  | 'hang'
  | 'cut'
  | 'malformed'
  | 'auth'
  | 'context_length'
  | 'bad_request'
  | 'content_filter';

export const SIM_FAULTS: readonly SimFault[] = [
  'rate_limit',
  'server_error',
  'overloaded',
  'hang',
  'cut',
  'malformed',
  'auth',
  'context_length',
  'bad_request',
  'content_filter',
];

export function isSimFault(value: unknown): value is SimFault {
  return typeof value === 'string' && (SIM_FAULTS as readonly string[]).includes(value);
}

export interface SimModelBehaviour {
  fault?: SimFault;
  /** Inject `fault` on the next `faultCount` requests to this model (default: on every request). */
  faultCount?: number;
  retryAfterSeconds?: number;
  ttftMs?: number;
  tokensPerSecond?: number;
  outputTokens?: number;
}

export interface SimulatorOptions {
  /** 0 / undefined = a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default: ttftMs 0, tokensPerSecond Infinity (no delay). */
  latency?: { ttftMs?: number; tokensPerSecond?: number };
  /** Per-model behaviour, keyed by model name. */
  models?: Record<string, SimModelBehaviour>;
  /** Default answer length in tokens when the request gives no hint (default 24..64, chosen deterministically). */
  defaultOutputTokens?: number;
  /** API keys the simulator rejects with the provider's 401 (to test "provider rejected our key"). */
  rejectedApiKeys?: string[];
  /** Milliseconds since the epoch; prompt-cache TTLs read it, so tests can move time. Default Date.now. */
  now?: () => number;
}

export interface SimulatorStats {
  requests: number;
  completed: number;
  /** Requests whose client closed the connection before the response ended. */
  aborted: number;
  inFlight: number;
  byModel: Record<string, { requests: number; completed: number; aborted: number }>;
}

export interface RunningSimulator {
  /** e.g. http://127.0.0.1:43123 (no trailing slash). */
  url: string;
  port: number;
  stats(): SimulatorStats;
  setModelBehaviour(model: string, behaviour: SimModelBehaviour | undefined): void;
  resetStats(): void;
  /** Closes listeners and destroys open sockets (including hung requests). */
  close(): Promise<void>;
}
