/** GET /v1/models: routes first, then every `provider/model` the configured providers serve. */
import type { FastifyInstance } from 'fastify';
import type { GatewayContext } from '../gateway-context.js';

interface ModelEntry {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

export function registerModelsRoute(app: FastifyInstance, context: () => GatewayContext): void {
  app.get('/v1/models', async () => {
    const current = context();
    const created = Math.floor(current.now() / 1000);
    const data: ModelEntry[] = Object.keys(current.config.routes).map((id) => ({ id, object: 'model', created, owned_by: 'tollgate-route' }));
    for (const [providerId, provider] of current.providers) {
      const models = provider.listedModels ?? [...Object.keys(provider.account.deployments ?? {}), ...current.priceBook.knownModels(provider.account.type)];
      for (const model of new Set(models)) data.push({ id: `${providerId}/${model}`, object: 'model', created, owned_by: providerId });
    }
    return { object: 'list', data };
  });
}
