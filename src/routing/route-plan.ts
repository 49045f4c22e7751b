/** What routing decided for one request: the ordered candidates and the limits that apply. */
import type { UpstreamErrorClass } from '../core/upstream-failure.js';
import type { Target } from './target.js';

export interface RouteTimeouts {
  firstTokenMs?: number;
  totalMs?: number;
}

/** A route's reliability settings beyond its targets (config keys proposed to the lead). */
export interface RouteReliability {
  /** Failure classes that move on to the next target; others end the request at once. */
  fallbackOn?: readonly UpstreamErrorClass[];
  /** Start the next candidate alongside an attempt that has not answered after this long. */
  hedgeAfterMs?: number;
}

/** A target the router left out for this request, and why (too long for it, wrong region). */
export interface ExcludedTarget {
  target: Target;
  reason: 'context_window' | 'region';
  message: string;
}

export interface RoutePlan extends RouteReliability {
  /** The `model` the client asked for. */
  requested: string;
  /** The route that served, when the client named a route (the innermost for nested routes). */
  route: string | null;
  /** Targets in the order they will be tried. */
  candidates: Target[];
  timeouts: RouteTimeouts;
  /** Retries per target before moving on. */
  retries: number;
  excluded?: ExcludedTarget[];
}
