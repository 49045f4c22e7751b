/**
 * The facts of one client request as they accumulate, from arrival to the last byte; the ledger
 * record is built from them once, whatever way the request ended.
 */
import type { RequestMetadata } from '../../core/request-metadata.js';
import type { Usage } from '../../core/usage.js';
import type { Admission } from '../admission/admit-request.js';
import type { CostBreakdown } from '../../pricing/index.js';
import type { AttemptLog } from '../../routing/attempt-log.js';
import type { Target } from '../../routing/target.js';

export interface Exchange {
  meta: RequestMetadata;
  endpoint: 'chat' | 'embeddings' | 'messages' | 'responses';
  requestedModel: string;
  route: string | null;
  streamed: boolean;
  startedAtMs: number;
  requestBytes: number;
  attempts: AttemptLog[];
  target?: Target;
  servedModel?: string;
  usage?: Usage;
  cost?: CostBreakdown;
  firstTokenAtMs?: number;
  streamStartedAtMs?: number;
  endedAtMs?: number;
  status: 'ok' | 'error' | 'cancelled';
  httpStatus: number;
  errorCode?: string;
  errorClass?: string;
  responseBytes: number;
  /** What the request reserved against budgets and rate limits, settled when it ends. */
  admission?: Admission;
  /** The route the client asked for, when a cap or budget served it from a cheaper one. */
  downgradedFrom?: string;
}

export function startExchange(meta: RequestMetadata, endpoint: Exchange['endpoint'], requestedModel: string, streamed: boolean, requestBytes: number, nowMs: number): Exchange {
  return {
    meta,
    endpoint,
    requestedModel,
    route: null,
    streamed,
    startedAtMs: nowMs,
    requestBytes,
    attempts: [],
    status: 'ok',
    httpStatus: 200,
    responseBytes: 0,
  };
}
