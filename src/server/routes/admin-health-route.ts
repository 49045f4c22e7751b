/** GET /admin/health: each target's breaker, cooldown and latency, and each provider's concurrency. */
import type { FastifyInstance } from 'fastify';
import type { GatewayContext } from '../gateway-context.js';
import { checkAdmin } from '../auth/check-admin.js';

export function registerAdminHealthRoute(app: FastifyInstance, getContext: () => GatewayContext): void {
  app.get('/admin/health', async (request) => {
    const context = getContext();
    checkAdmin(request, context.config.server.adminKey, 'loopback');
    return context.router.runtime.snapshot(context.now());
  });
}
