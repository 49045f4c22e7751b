/** What routing decided for one request: the ordered candidates and the limits that apply. */
import type { Target } from './target.js';

export interface RouteTimeouts {
  firstTokenMs?: number;
  totalMs?: number;
}

export interface RoutePlan {
  /** The `model` the client asked for. */
  requested: string;
  /** The route that served, when the client named a route (the innermost for nested routes). */
  route: string | null;
  /** Targets in the order they will be tried. */
  candidates: Target[];
  timeouts: RouteTimeouts;
  /** Retries per target before moving on. */
  retries: number;
}
