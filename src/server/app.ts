/**
 * The HTTP surface: fastify with our body parser, error shapes, CORS, draining and routes. The
 * gateway context is read through a getter so that a config reload can swap it atomically.
 */
import cors from '@fastify/cors';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { TollgateConfig } from '../config/schema.js';
import { TollgateError } from '../core/errors.js';
import { handleChat } from './chat/handle-chat.js';
import { anthropicClientDialect } from './dialects/anthropic/anthropic-client-dialect.js';
import { openAIClientDialect } from './dialects/openai/openai-client-dialect.js';
import { openAIResponsesDialect } from './dialects/openai/openai-responses-dialect.js';
import { handleEmbeddings } from './chat/handle-embeddings.js';
import type { GatewayContext } from './gateway-context.js';
import { registerJsonBodyParser } from './json-body-parser.js';
import { newRequestId } from './read-request-metadata.js';
import { replyError } from './reply-error.js';
import { registerAdminHealthRoute } from './routes/admin-health-route.js';
import { registerEstimateRoute } from './routes/estimate-route.js';
import { registerAdminKeyRoutes } from './routes/admin-keys-route.js';
import { registerHealthRoutes } from './routes/health-routes.js';
import { registerModelsRoute } from './routes/models-route.js';
import { registerFeedbackRoute } from './routes/feedback-route.js';
import { registerUsageRoutes } from './routes/usage-routes.js';
import { registerMetricsRoute } from '../telemetry/metrics-route.js';

export interface AppOptions {
  logLevel?: string;
}

/** Headers browser clients may read (CORS): what a request cost, who served it, and why it was refused. */
const EXPOSED_HEADERS = [
  'x-tollgate-request-id',
  'x-tollgate-cost-usd',
  'x-tollgate-provider',
  'x-tollgate-model',
  'x-tollgate-attempts',
  'x-tollgate-route',
  'x-tollgate-warning',
  'x-tollgate-downgraded-from',
  'x-tollgate-budget',
  'x-tollgate-budget-reset',
  'retry-after',
];

const ALWAYS_SERVED = new Set(['/healthz', '/readyz', '/metrics']);

/** `config` sets what cannot change without a restart (body limit, CORS); the rest is read per request. */
export async function buildApp(config: TollgateConfig, getContext: () => GatewayContext, options: AppOptions = {}): Promise<FastifyInstance> {
  const bodyLimit = Math.floor(config.server.bodyLimitMb * 1024 * 1024);
  const app = Fastify({
    logger: { level: options.logLevel ?? 'info', redact: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers["api-key"]'] },
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit,
    genReqId: newRequestId,
    requestIdHeader: false,
    return503OnClosing: false,
  });
  registerJsonBodyParser(app, bodyLimit);
  if (config.server.cors.origins.length > 0) {
    await app.register(cors, { origin: config.server.cors.origins, exposedHeaders: EXPOSED_HEADERS });
  }

  app.addHook('onRequest', async (request, reply) => {
    const { lifecycle } = getContext();
    if (ALWAYS_SERVED.has(request.url)) return;
    if (lifecycle.draining) throw new TollgateError('shutting_down', 'Tollgate is shutting down; retry on another instance or in a moment', { isRetryable: true });
    lifecycle.inFlight += 1;
    reply.raw.once('close', () => {
      lifecycle.inFlight -= 1;
    });
  });
  app.setErrorHandler((error, request, reply) => replyError(request, reply, error));
  app.setNotFoundHandler((request, reply) =>
    replyError(request, reply, new TollgateError('not_found', `no such endpoint: ${request.method} ${request.url.split('?')[0]}. Tollgate serves /v1/chat/completions, /v1/responses, /v1/embeddings, /v1/models and /v1/messages.`, { isRetryable: false })),
  );

  registerHealthRoutes(app, getContext);
  registerModelsRoute(app, getContext);
  registerAdminHealthRoute(app, getContext);
  registerEstimateRoute(app, getContext);
  registerAdminKeyRoutes(app, () => {
    const context = getContext();
    return { keyService: context.policy.keys, adminKey: context.config.server.adminKey, now: context.now };
  });
  const usageDeps = () => {
    const context = getContext();
    return { store: context.store, adminKey: context.config.server.adminKey, now: context.now };
  };
  registerUsageRoutes(app, usageDeps);
  registerFeedbackRoute(app, usageDeps);
  registerMetricsRoute(app, () => getContext().telemetry.metrics);
  app.post('/v1/chat/completions', (request, reply) => handleChat(getContext(), openAIClientDialect, request, reply));
  app.post('/v1/responses', (request, reply) => handleChat(getContext(), openAIResponsesDialect, request, reply));
  app.post('/v1/messages', (request, reply) => handleChat(getContext(), anthropicClientDialect, request, reply));
  app.post('/v1/embeddings', (request, reply) => handleEmbeddings(getContext(), request, reply));
  return app;
}
