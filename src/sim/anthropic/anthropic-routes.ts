/** Anthropic's routes under `/anthropic/v1/...`, and `/v1/messages` at the root. */
import type { RouteGroup, RouteMethods } from '../route-table.js';
import { sendAnthropicError } from './anthropic-errors.js';
import { handleAnthropicModels } from './anthropic-models.js';
import { handleCountTokens, handleMessages } from './messages.js';

const messages: RouteMethods = { POST: handleMessages };
const countTokens: RouteMethods = { POST: handleCountTokens };
const models: RouteMethods = { GET: handleAnthropicModels };

export const ANTHROPIC_ROUTES: RouteGroup = {
  provider: 'anthropic',
  prefixes: ['/anthropic', '/v1/messages'],
  exact: {
    '/anthropic/v1/messages': messages,
    '/v1/messages': messages,
    '/anthropic/v1/messages/count_tokens': countTokens,
    '/v1/messages/count_tokens': countTokens,
    '/anthropic/v1/models': models,
  },
  parameterized: { '/anthropic/v1/models/': models },
  sendRoutingError(response, status) {
    const [type, message] =
      status === 404
        ? ['not_found_error', 'Not Found']
        : status === 405
          ? ['invalid_request_error', 'Method Not Allowed']
          : status === 413
            ? ['request_too_large', 'Request exceeds the maximum allowed number of bytes.']
            : ['api_error', 'Internal server error'];
    sendAnthropicError(response, status, type, message);
  },
};
