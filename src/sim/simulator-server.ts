/** The simulator's HTTP server: node:http, a route table, stats per request, close() that leaves nothing behind. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { handleAnthropicModels } from './anthropic/anthropic-models.js';
import { sendAnthropicError } from './anthropic/anthropic-errors.js';
import { handleCountTokens, handleMessages } from './anthropic/messages.js';
import { CONTROL_PREFIX, handleControl } from './control-endpoints.js';
import { BodyTooLargeError, readBody } from './http-io.js';
import { ModelBehaviours } from './model-behaviours.js';
import { handleChatCompletions } from './openai/chat-completions.js';
import { handleEmbeddings } from './openai/embeddings.js';
import { handleOpenAIModels } from './openai/openai-models.js';
import { invalidRequest, sendOpenAIError } from './openai/openai-errors.js';
import { PromptCacheStore } from './prompt-cache.js';
import type { SimContext, SimExchange } from './sim-context.js';
import type { RunningSimulator, SimulatorOptions } from './sim-options.js';
import type { RequestTracker } from './sim-stats.js';
import { StatsRecorder } from './sim-stats.js';

type Flavour = 'openai' | 'anthropic';
type RouteHandler = (exchange: SimExchange, rawBody: string) => void;

interface Route {
  flavour: Flavour;
  methods: Partial<Record<'GET' | 'POST', RouteHandler>>;
}

const BODY_LIMIT_BYTES = 32 * 1024 * 1024;

const openAIChat: Route = { flavour: 'openai', methods: { POST: handleChatCompletions } };
const openAIEmbeddings: Route = { flavour: 'openai', methods: { POST: handleEmbeddings } };
const openAIModels: Route = { flavour: 'openai', methods: { GET: handleOpenAIModels } };
const anthropicMessages: Route = { flavour: 'anthropic', methods: { POST: handleMessages } };
const anthropicModels: Route = { flavour: 'anthropic', methods: { GET: handleAnthropicModels } };
const anthropicCountTokens: Route = { flavour: 'anthropic', methods: { POST: handleCountTokens } };

const EXACT_ROUTES = new Map<string, Route>([
  ['/v1/chat/completions', openAIChat],
  ['/openai/v1/chat/completions', openAIChat],
  ['/v1/embeddings', openAIEmbeddings],
  ['/openai/v1/embeddings', openAIEmbeddings],
  ['/v1/models', openAIModels],
  ['/openai/v1/models', openAIModels],
  ['/anthropic/v1/messages', anthropicMessages],
  ['/v1/messages', anthropicMessages],
  ['/anthropic/v1/messages/count_tokens', anthropicCountTokens],
  ['/v1/messages/count_tokens', anthropicCountTokens],
  ['/anthropic/v1/models', anthropicModels],
]);

/** Routes that take one trailing path segment (a model id). */
const PARAMETER_ROUTES: ReadonlyArray<[string, Route]> = [
  ['/v1/models/', openAIModels],
  ['/openai/v1/models/', openAIModels],
  ['/anthropic/v1/models/', anthropicModels],
];

function matchRoute(path: string): { route: Route; parameter: string | undefined } | undefined {
  const exact = EXACT_ROUTES.get(path);
  if (exact !== undefined) return { route: exact, parameter: undefined };
  for (const [prefix, route] of PARAMETER_ROUTES) {
    const rest = path.slice(prefix.length);
    if (path.startsWith(prefix) && rest.length > 0 && !rest.includes('/')) return { route, parameter: decodeURIComponent(rest) };
  }
  return undefined;
}

function flavourOfPath(path: string): Flavour {
  return path.startsWith('/anthropic') || path.startsWith('/v1/messages') ? 'anthropic' : 'openai';
}

function sendRoutingError(flavour: Flavour, response: ServerResponse, status: 404 | 405 | 413 | 500, method: string, path: string): void {
  if (flavour === 'anthropic') {
    const [type, message] =
      status === 404 ? ['not_found_error', 'Not Found'] : status === 405 ? ['invalid_request_error', 'Method Not Allowed'] : status === 413 ? ['request_too_large', 'Request exceeds the maximum allowed number of bytes.'] : ['api_error', 'Internal server error'];
    sendAnthropicError(response, status, type, message);
    return;
  }
  const message =
    status === 404 ? `Invalid URL (${method} ${path})` : status === 405 ? `Invalid method for URL (${method} ${path})` : status === 413 ? 'Request body too large.' : 'The server had an error while processing your request. Sorry about that!';
  sendOpenAIError(response, status, status === 500 ? { message, type: 'server_error', param: null, code: null } : invalidRequest(message), performance.now());
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const now = options.now ?? Date.now;
  const context: SimContext = {
    options,
    behaviours: new ModelBehaviours(options.models),
    stats: new StatsRecorder(),
    openAICache: new PromptCacheStore(now),
    anthropicCache: new PromptCacheStore(now),
    now,
    rejectedApiKeys: new Set(options.rejectedApiKeys ?? []),
    heldResponses: new Set(),
  };
  const activeTrackers = new Set<RequestTracker>();
  const sockets = new Set<Socket>();

  const serve = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const startedAt = performance.now();
    const method = request.method ?? 'GET';
    const url = request.url ?? '/';
    const queryStart = url.indexOf('?');
    const path = queryStart < 0 ? url : url.slice(0, queryStart);
    if (path.startsWith(CONTROL_PREFIX)) {
      const rawBody = method === 'POST' ? await readBody(request, BODY_LIMIT_BYTES) : '';
      handleControl(context, request, response, path, rawBody);
      return;
    }
    const tracker = context.stats.begin();
    activeTrackers.add(tracker);
    response.once('close', () => {
      activeTrackers.delete(tracker);
      tracker.end(response.writableFinished);
    });
    const matched = matchRoute(path);
    if (matched === undefined) return sendRoutingError(flavourOfPath(path), response, 404, method, path);
    const handler = method === 'GET' || method === 'POST' ? matched.route.methods[method] : undefined;
    if (handler === undefined) {
      response.setHeader('allow', Object.keys(matched.route.methods).join(', '));
      return sendRoutingError(matched.route.flavour, response, 405, method, path);
    }
    let rawBody = '';
    try {
      if (method === 'POST') rawBody = await readBody(request, BODY_LIMIT_BYTES);
    } catch (error) {
      return sendRoutingError(matched.route.flavour, response, error instanceof BodyTooLargeError ? 413 : 500, method, path);
    }
    try {
      handler({ request, response, context, tracker, pathParameter: matched.parameter, startedAt }, rawBody);
    } catch (error) {
      process.emitWarning(`simulator: ${method} ${path} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!response.headersSent) sendRoutingError(matched.route.flavour, response, 500, method, path);
      else response.destroy();
    }
  };

  // Keep connections as long as the providers do, so load tests do not pay for reconnects.
  const server = createServer({ keepAliveTimeout: 65_000 }, (request, response) => {
    serve(request, response).catch(() => response.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    stats: () => context.stats.snapshot(),
    setModelBehaviour: (model, behaviour) => context.behaviours.set(model, behaviour),
    resetStats: () => context.stats.reset(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const tracker of activeTrackers) tracker.markClosedByServer();
        server.close(() => resolve());
        for (const response of context.heldResponses) response.destroy();
        for (const socket of sockets) socket.destroy();
      }),
  };
}
