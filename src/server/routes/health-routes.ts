/** Liveness and readiness: /healthz says the process is up; /readyz turns false while draining. */
import type { FastifyInstance } from 'fastify';
import type { GatewayContext } from '../gateway-context.js';

export function registerHealthRoutes(app: FastifyInstance, context: () => GatewayContext): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const { lifecycle } = context();
    if (lifecycle.draining) return reply.code(503).send({ status: 'draining', in_flight: lifecycle.inFlight });
    return { status: 'ready', in_flight: lifecycle.inFlight };
  });
}
