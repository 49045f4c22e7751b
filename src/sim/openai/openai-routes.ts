/** OpenAI's routes, at the root (`/v1/...`) and under `/openai/v1/...`. */
import type { RouteGroup, RouteMethods } from '../route-table.js';
import { handleChatCompletions } from './chat-completions.js';
import { handleEmbeddings } from './embeddings.js';
import { invalidRequest, sendOpenAIError } from './openai-errors.js';
import { handleOpenAIModels } from './openai-models.js';
import { handleResponses } from './responses.js';

const chat: RouteMethods = { POST: handleChatCompletions };
const embeddings: RouteMethods = { POST: handleEmbeddings };
const responses: RouteMethods = { POST: handleResponses };
const models: RouteMethods = { GET: handleOpenAIModels };

export const OPENAI_ROUTES: RouteGroup = {
  provider: 'openai',
  prefixes: ['/'],
  exact: {
    '/v1/chat/completions': chat,
    '/openai/v1/chat/completions': chat,
    '/v1/responses': responses,
    '/openai/v1/responses': responses,
    '/v1/embeddings': embeddings,
    '/openai/v1/embeddings': embeddings,
    '/v1/models': models,
    '/openai/v1/models': models,
  },
  parameterized: { '/v1/models/': models, '/openai/v1/models/': models },
  sendRoutingError(response, status, method, path, startedAt) {
    const message =
      status === 404 ? `Invalid URL (${method} ${path})` : status === 405 ? `Invalid method for URL (${method} ${path})` : status === 413 ? 'Request body too large.' : 'The server had an error while processing your request. Sorry about that!';
    sendOpenAIError(response, status, status === 500 ? { message, type: 'server_error', param: null, code: null } : invalidRequest(message), startedAt);
  },
};
