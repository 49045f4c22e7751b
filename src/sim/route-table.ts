/**
 * The simulator's URL space: one route group per provider, each with its path prefixes (so an
 * unknown path under them is answered in that provider's error shape), exact routes, and routes
 * that end in one parameter segment (a model id, or Gemini's `model:action`).
 */
import type { ServerResponse } from 'node:http';
import type { SimProvider } from './model-list.js';
import type { SimExchange } from './sim-context.js';

export type RouteHandler = (exchange: SimExchange, rawBody: string) => void;
export type RouteMethods = Partial<Record<'GET' | 'POST', RouteHandler>>;
export type RoutingStatus = 404 | 405 | 413 | 500;

export interface RouteGroup {
  provider: SimProvider;
  /** Paths starting with one of these belong to this provider. */
  prefixes: readonly string[];
  exact: Readonly<Record<string, RouteMethods>>;
  /** `prefix` + one segment without `/`, handed to the handler as `pathParameter`. */
  parameterized: Readonly<Record<string, RouteMethods>>;
  sendRoutingError(response: ServerResponse, status: RoutingStatus, method: string, path: string, startedAt: number): void;
}

export interface MatchedRoute {
  group: RouteGroup;
  methods: RouteMethods;
  parameter: string | undefined;
}

export class RouteTable {
  private readonly exact = new Map<string, { group: RouteGroup; methods: RouteMethods }>();
  private readonly parameterized: Array<{ prefix: string; group: RouteGroup; methods: RouteMethods }> = [];

  /** Groups in order of precedence: the first whose prefix matches owns an unknown path. */
  constructor(private readonly groups: readonly RouteGroup[]) {
    for (const group of groups) {
      for (const [path, methods] of Object.entries(group.exact)) this.exact.set(path, { group, methods });
      for (const [prefix, methods] of Object.entries(group.parameterized)) this.parameterized.push({ prefix, group, methods });
    }
    this.parameterized.sort((left, right) => right.prefix.length - left.prefix.length);
  }

  match(path: string): MatchedRoute | undefined {
    const exact = this.exact.get(path);
    if (exact !== undefined) return { ...exact, parameter: undefined };
    for (const { prefix, group, methods } of this.parameterized) {
      const rest = path.slice(prefix.length);
      if (path.startsWith(prefix) && rest.length > 0 && !rest.includes('/')) return { group, methods, parameter: decodeURIComponent(rest) };
    }
    return undefined;
  }

  /** The group whose error shape an unmatched path gets; the last group is the fallback. */
  groupOf(path: string): RouteGroup {
    const owner = this.groups.find((group) => group.prefixes.some((prefix) => path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`)));
    const fallback = this.groups[this.groups.length - 1];
    if (owner !== undefined) return owner;
    if (fallback === undefined) throw new Error('a route table needs at least one group');
    return fallback;
  }
}
