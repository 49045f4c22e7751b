/**
 * Gemini's routes under `/gemini` (a gateway's `baseUrl` is `${url}/gemini`), for API versions
 * v1beta and v1: `models/{model}:{action}` dispatches generateContent, streamGenerateContent,
 * embedContent, batchEmbedContents and countTokens; GET lists or describes models.
 */
import type { RouteGroup, RouteHandler, RouteMethods } from '../route-table.js';
import { authenticateGemini } from './gemini-auth.js';
import { handleEmbedding } from './gemini-embeddings.js';
import { notFound, sendGoogleError, type GoogleError } from './gemini-errors.js';
import { handleCountTokens, handleGeminiModels } from './gemini-models.js';
import { handleGenerateContent } from './generate-content.js';

/** `gemini-2.5-flash:generateContent` (and `models/` prefixes some clients repeat) → model and action. */
function splitModelAction(parameter: string): { model: string; action: string | undefined } {
  const colon = parameter.lastIndexOf(':');
  const model = colon < 0 ? parameter : parameter.slice(0, colon);
  return { model: model.replace(/^models\//, ''), action: colon < 0 ? undefined : parameter.slice(colon + 1) };
}

const handleModelAction: RouteHandler = (exchange, rawBody) => {
  const apiKey = authenticateGemini(exchange);
  if (apiKey === undefined) return;
  const { model, action } = splitModelAction(exchange.pathParameter ?? '');
  switch (action) {
    case 'generateContent':
      return handleGenerateContent(exchange, rawBody, apiKey, model, false);
    case 'streamGenerateContent':
      return handleGenerateContent(exchange, rawBody, apiKey, model, true);
    case 'embedContent':
      return handleEmbedding(exchange, rawBody, model, false);
    case 'batchEmbedContents':
      return handleEmbedding(exchange, rawBody, model, true);
    case 'countTokens':
      return handleCountTokens(exchange, rawBody, model);
    default:
      return sendGoogleError(exchange.response, notFound(`Method not found: ${action ?? '(none)'}. Use generateContent, streamGenerateContent, embedContent, batchEmbedContents or countTokens.`));
  }
};

const handleModelsGet: RouteHandler = (exchange) => {
  if (authenticateGemini(exchange) === undefined) return;
  const parameter = exchange.pathParameter;
  handleGeminiModels(exchange, parameter === undefined ? undefined : splitModelAction(parameter).model);
};

const list: RouteMethods = { GET: handleModelsGet };
const model: RouteMethods = { GET: handleModelsGet, POST: handleModelAction };

export const GEMINI_ROUTES: RouteGroup = {
  provider: 'gemini',
  prefixes: ['/gemini'],
  exact: { '/gemini/v1beta/models': list, '/gemini/v1/models': list },
  parameterized: { '/gemini/v1beta/models/': model, '/gemini/v1/models/': model },
  sendRoutingError(response, status, method, path) {
    const errors: Record<number, GoogleError> = {
      404: notFound(`Method not found. (${method} ${path}; the simulator's Gemini API lives under /gemini/v1beta/models)`),
      405: { code: 405, message: `Method ${method} not allowed on ${path}.`, status: 'INVALID_ARGUMENT' },
      413: { code: 400, message: 'Request payload size exceeds the limit: 20971520 bytes.', status: 'INVALID_ARGUMENT' },
      500: { code: 500, message: 'An internal error has occurred.', status: 'INTERNAL' },
    };
    sendGoogleError(response, errors[status] ?? notFound('Not found'));
  },
};
