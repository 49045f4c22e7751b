/**
 * GET /v1/usage, /v1/usage/tasks and /v1/usage/output-tokens: what requests cost, grouped and bucketed,
 * per task and per answer length. Admin only (usage-admin-access.ts); parameters in usage-parameters.ts.
 */
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/store.js';
import { queryOutputTokenStats } from '../../store/usage/output-token-stats.js';
import { queryTasks } from '../../store/usage/task-query.js';
import { outputTokenResponseJson, taskResponseJson, usageResponseJson } from '../../store/usage/usage-json.js';
import { parseOutputTokenParameters, parseTaskParameters, parseUsageParameters } from '../../store/usage/usage-parameters.js';
import type { QueryParameters } from '../../store/usage/usage-parameters.js';
import { queryUsage } from '../../store/usage/usage-query.js';
import { checkAdmin } from '../auth/check-admin.js';

export interface UsageRouteDeps {
  store: Store;
  adminKey: string | undefined;
  /** The gateway's clock: `to` defaults to now. */
  now: () => number;
}

export function registerUsageRoutes(app: FastifyInstance, getDeps: () => UsageRouteDeps): void {
  app.get('/v1/usage', async (request) => {
    const deps = getDeps();
    checkAdmin(request, deps.adminKey, 'loopback');
    const query = parseUsageParameters(queryParameters(request.query), deps.now());
    return usageResponseJson(query, await queryUsage(deps.store, query));
  });

  app.get('/v1/usage/tasks', async (request) => {
    const deps = getDeps();
    checkAdmin(request, deps.adminKey, 'loopback');
    const query = parseTaskParameters(queryParameters(request.query), deps.now());
    return taskResponseJson(query, await queryTasks(deps.store, query));
  });

  app.get('/v1/usage/output-tokens', async (request) => {
    const deps = getDeps();
    checkAdmin(request, deps.adminKey, 'loopback');
    const query = parseOutputTokenParameters(queryParameters(request.query), deps.now());
    return outputTokenResponseJson(query, await queryOutputTokenStats(deps.store, query));
  });
}

function queryParameters(query: unknown): QueryParameters {
  return typeof query === 'object' && query !== null ? (query as QueryParameters) : {};
}
