/** The simulator's HTTP server: node:http, a route table, stats per request, close() that leaves nothing behind. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ANTHROPIC_ROUTES } from './anthropic/anthropic-routes.js';
import { COHERE_ROUTES } from './cohere/cohere-routes.js';
import { DEEPSEEK_ROUTES, GROQ_ROUTES, MISTRAL_ROUTES, XAI_ROUTES } from './compatible/compatible-routes.js';
import { CONTROL_PREFIX, handleControl } from './control-endpoints.js';
import { GEMINI_ROUTES } from './gemini/gemini-routes.js';
import { BodyTooLargeError, readBody } from './http-io.js';
import { ModelBehaviours } from './model-behaviours.js';
import { OPENAI_ROUTES } from './openai/openai-routes.js';
import { PromptCaches } from './prompt-caches.js';
import { RouteTable } from './route-table.js';
import type { SimContext } from './sim-context.js';
import type { RunningSimulator, SimulatorOptions } from './sim-options.js';
import type { RequestTracker } from './sim-stats.js';
import { StatsRecorder } from './sim-stats.js';

const BODY_LIMIT_BYTES = 32 * 1024 * 1024;

// OpenAI owns the root, so it comes last: every other provider lives under its own prefix.
const ROUTES = new RouteTable([ANTHROPIC_ROUTES, GEMINI_ROUTES, COHERE_ROUTES, DEEPSEEK_ROUTES, MISTRAL_ROUTES, XAI_ROUTES, GROQ_ROUTES, OPENAI_ROUTES]);

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const now = options.now ?? Date.now;
  const context: SimContext = {
    options,
    behaviours: new ModelBehaviours(options.models),
    stats: new StatsRecorder(),
    caches: new PromptCaches(now),
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
    const matched = ROUTES.match(path);
    if (matched === undefined) return ROUTES.groupOf(path).sendRoutingError(response, 404, method, path, startedAt);
    const { group } = matched;
    const handler = method === 'GET' || method === 'POST' ? matched.methods[method] : undefined;
    if (handler === undefined) {
      response.setHeader('allow', Object.keys(matched.methods).join(', '));
      return group.sendRoutingError(response, 405, method, path, startedAt);
    }
    let rawBody = '';
    try {
      if (method === 'POST') rawBody = await readBody(request, BODY_LIMIT_BYTES);
    } catch (error) {
      return group.sendRoutingError(response, error instanceof BodyTooLargeError ? 413 : 500, method, path, startedAt);
    }
    try {
      handler({ request, response, context, tracker, pathParameter: matched.parameter, startedAt, query: new URLSearchParams(queryStart < 0 ? '' : url.slice(queryStart + 1)) }, rawBody);
    } catch (error) {
      process.emitWarning(`simulator: ${method} ${path} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!response.headersSent) group.sendRoutingError(response, 500, method, path, startedAt);
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
