/**
 * Routes of the OpenAI-compatible flavours, each under its own prefix so a gateway's `baseUrl` is
 * `${url}/deepseek`, `${url}/mistral/v1`, `${url}/xai/v1` or `${url}/groq/openai/v1`.
 */
import { sendJson } from '../http-io.js';
import { chatCompletionsHandler } from '../openai/chat-completions.js';
import type { ChatFlavour } from '../openai/chat-flavour.js';
import { invalidRequest } from '../openai/openai-errors.js';
import type { RouteGroup, RouteMethods } from '../route-table.js';
import { compatibleModelsHandler, describeDeepSeekModel, describeGroqModel, describeMistralModel, describeXaiModel, type DescribeModel } from './compatible-models.js';
import { DEEPSEEK_FLAVOUR } from './deepseek-flavour.js';
import { GROQ_FLAVOUR } from './groq-flavour.js';
import { handleMistralEmbeddings } from './mistral-embeddings.js';
import { MISTRAL_FLAVOUR } from './mistral-flavour.js';
import { XAI_FLAVOUR } from './xai-flavour.js';

function routeGroup(flavour: ChatFlavour, bases: readonly string[], describe: DescribeModel, extra: Record<string, RouteMethods> = {}): RouteGroup {
  const chat: RouteMethods = { POST: chatCompletionsHandler(flavour) };
  const models: RouteMethods = { GET: compatibleModelsHandler(flavour, describe) };
  const exact: Record<string, RouteMethods> = {};
  const parameterized: Record<string, RouteMethods> = {};
  for (const base of bases) {
    exact[`${base}/chat/completions`] = chat;
    exact[`${base}/models`] = models;
    parameterized[`${base}/models/`] = models;
    for (const [path, methods] of Object.entries(extra)) exact[`${base}${path}`] = methods;
  }
  const prefix = `/${flavour.provider}`;
  return {
    provider: flavour.provider,
    prefixes: [prefix],
    exact,
    parameterized,
    sendRoutingError(response, status, method, path, startedAt) {
      const message = status === 404 ? `Invalid URL (${method} ${path})` : status === 405 ? `Invalid method for URL (${method} ${path})` : status === 413 ? 'Request body too large.' : 'Internal server error';
      const reply = status === 500 ? flavour.errors.fault('server_error', { model: '', apiKey: '', retryAfterSeconds: 0, contextWindow: 0, promptTokens: 0, startedAt }) : flavour.errors.invalid(invalidRequest(message), status);
      sendJson(response, reply.status, reply.body, { ...flavour.headers(startedAt), ...reply.headers });
    },
  };
}

export const DEEPSEEK_ROUTES = routeGroup(DEEPSEEK_FLAVOUR, ['/deepseek', '/deepseek/v1'], describeDeepSeekModel);
export const MISTRAL_ROUTES = routeGroup(MISTRAL_FLAVOUR, ['/mistral/v1'], describeMistralModel, { '/embeddings': { POST: handleMistralEmbeddings } });
export const XAI_ROUTES = routeGroup(XAI_FLAVOUR, ['/xai/v1'], describeXaiModel);
export const GROQ_ROUTES = routeGroup(GROQ_FLAVOUR, ['/groq/openai/v1'], describeGroqModel);
