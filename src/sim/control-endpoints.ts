/**
 * Steering from another process: POST /_sim/models/:model with a behaviour (`{}` clears it),
 * GET /_sim/stats, POST /_sim/reset (zeroes the stats and empties the prompt caches).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { sendJson } from './http-io.js';
import { SIM_FAULTS } from './sim-options.js';
import type { SimContext } from './sim-context.js';

const behaviourSchema = z.strictObject({
  fault: z.enum(SIM_FAULTS as [string, ...string[]]).optional(),
  faultCount: z.number().int().min(0).optional(),
  retryAfterSeconds: z.number().min(0).optional(),
  ttftMs: z.number().min(0).optional(),
  tokensPerSecond: z.number().positive().optional(),
  outputTokens: z.number().int().min(0).optional(),
});

export const CONTROL_PREFIX = '/_sim/';

export function handleControl(context: SimContext, request: IncomingMessage, response: ServerResponse, path: string, rawBody: string): void {
  const method = request.method ?? 'GET';
  if (path === '/_sim/stats' && method === 'GET') return sendJson(response, 200, context.stats.snapshot());
  if (path === '/_sim/reset' && method === 'POST') {
    context.stats.reset();
    context.caches.clear();
    return sendJson(response, 200, { ok: true });
  }
  if (path.startsWith('/_sim/models/') && method === 'POST') {
    const model = decodeURIComponent(path.slice('/_sim/models/'.length));
    let body: unknown;
    try {
      body = rawBody.trim().length === 0 ? {} : JSON.parse(rawBody);
    } catch {
      return sendJson(response, 400, { error: 'the body must be a JSON SimModelBehaviour' });
    }
    const parsed = behaviourSchema.safeParse(body);
    if (!parsed.success || model.length === 0) {
      return sendJson(response, 400, { error: parsed.success ? 'a model name is required' : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') });
    }
    const behaviour = Object.fromEntries(Object.entries(parsed.data).filter(([, value]) => value !== undefined));
    const isClearing = Object.keys(behaviour).length === 0;
    context.behaviours.set(model, isClearing ? undefined : behaviour);
    return sendJson(response, 200, { model, behaviour: isClearing ? null : context.behaviours.get(model) });
  }
  sendJson(response, 404, { error: `no control endpoint ${method} ${path}; use POST /_sim/models/:model, GET /_sim/stats or POST /_sim/reset` });
}
