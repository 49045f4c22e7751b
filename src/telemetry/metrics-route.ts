/** GET /metrics in the Prometheus text format; 404 when `telemetry.metrics.enabled` is false. */
import type { FastifyInstance } from 'fastify';
import { TollgateError } from '../core/errors.js';
import type { GatewayMetrics } from './metrics.js';

export function registerMetricsRoute(app: FastifyInstance, getMetrics: () => GatewayMetrics | null): void {
  app.get('/metrics', async (_request, reply) => {
    const metrics = getMetrics();
    if (!metrics) throw new TollgateError('not_found', 'metrics are off: set telemetry.metrics.enabled: true to serve /metrics', { isRetryable: false });
    const text = await metrics.text();
    return reply.type(metrics.contentType).send(text);
  });
}
