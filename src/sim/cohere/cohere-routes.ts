/** Cohere's routes under `/cohere` (a gateway's `baseUrl` is `${url}/cohere`): v2 chat and embed, v1 models. */
import type { RouteGroup } from '../route-table.js';
import { handleCohereChat } from './cohere-chat.js';
import { handleCohereEmbed } from './cohere-embed.js';
import { sendCohereError } from './cohere-errors.js';
import { handleCohereModels } from './cohere-models.js';

export const COHERE_ROUTES: RouteGroup = {
  provider: 'cohere',
  prefixes: ['/cohere'],
  exact: {
    '/cohere/v2/chat': { POST: handleCohereChat },
    '/cohere/v2/embed': { POST: handleCohereEmbed },
    '/cohere/v1/models': { GET: handleCohereModels },
  },
  parameterized: { '/cohere/v1/models/': { GET: handleCohereModels } },
  sendRoutingError(response, status, method, path) {
    const messages: Record<number, string> = {
      404: `no route for ${method} ${path}`,
      405: `method ${method} is not allowed for ${path}`,
      413: 'invalid request: request body is too large',
      500: 'internal server error, this has been reported to our developers',
    };
    sendCohereError(response, status, messages[status] ?? 'not found');
  },
};
