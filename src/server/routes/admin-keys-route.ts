/**
 * /admin/keys: issue, list, show, revoke and rotate virtual keys, behind `Authorization: Bearer <server.adminKey>`.
 * A new or rotated key's secret is in that one response and nowhere else, ever.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isBudgetPeriod } from '../../budgets/budget-period.js';
import { TollgateError } from '../../core/errors.js';
import { parseUsd } from '../../core/money.js';
import { keyToJson } from '../../keys/key-json.js';
import type { VirtualKeyJson } from '../../keys/key-json.js';
import type { KeyService } from '../../keys/key-service.js';
import type { CreateKeyInput, IssuedKey } from '../../keys/virtual-key.js';
import { checkAdmin } from '../auth/check-admin.js';
import { fromZodError } from '../dialects/invalid-request.js';

export interface AdminKeyDeps {
  keyService: KeyService;
  adminKey: string | undefined;
  now?: () => number;
}

const SECRET_WARNING = 'Store this key now: Tollgate keeps only its SHA-256 and cannot show it again.';

const usdAmount = z.union([z.string(), z.number()]).transform((value, context) => {
  try {
    const amount = parseUsd(String(value));
    if (amount <= 0n) throw new RangeError('must be more than zero');
    return amount;
  } catch (error) {
    context.addIssue({ code: 'custom', message: `not a positive USD amount (${error instanceof Error ? error.message : String(error)}); write it like "25.00"` });
    return z.NEVER;
  }
});
const name = z.string().trim().min(1).max(200);
const names = z.array(name).max(1000);

const createKeyBody = z.strictObject({
  name: name.nullish(),
  user: name.nullish(),
  team: name.nullish(),
  feature: name.nullish(),
  tags: names.nullish(),
  region: name.nullish(),
  routes: names.nullish(),
  models: names.nullish(),
  budgetUsd: usdAmount.nullish(),
  budgetPeriod: z.string().refine(isBudgetPeriod, 'use day, week, month, lifetime, or a rolling window such as "24h" or "7d"').nullish(),
  maxCostPerRequest: usdAmount.nullish(),
  rpm: z.number().int().positive().nullish(),
  tpm: z.number().int().positive().nullish(),
  expiresAt: z.iso.datetime({ offset: true }).nullish(),
});

const rotateBody = z.strictObject({ gracePeriodSeconds: z.number().int().min(0).max(30 * 86_400).nullish() }).nullish();

/**
 * Registers the routes in their own plugin scope, whose body parser lets DELETE and rotate come without a body
 * even when the client sends `content-type: application/json` (many do by default).
 */
export function registerAdminKeyRoutes(app: FastifyInstance, getDeps: () => AdminKeyDeps): void {
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      if (text.trim() === '') {
        done(null, undefined);
        return;
      }
      try {
        done(null, JSON.parse(text));
      } catch (error) {
        done(new TollgateError('invalid_json', `the body is not valid JSON (${error instanceof Error ? error.message : String(error)})`, { isRetryable: false }), undefined);
      }
    });
    registerRoutes(scope, getDeps);
  });
}

function registerRoutes(app: FastifyInstance, getDeps: () => AdminKeyDeps): void {
  const authorized = (request: FastifyRequest): AdminKeyDeps => {
    const deps = getDeps();
    checkAdmin(request, deps.adminKey, 'off');
    return deps;
  };
  const nowOf = (deps: AdminKeyDeps): number => (deps.now ?? Date.now)();

  app.post('/admin/keys', async (request, reply) => {
    const deps = authorized(request);
    const input = createInput(parse(createKeyBody, request.body ?? {}), nowOf(deps));
    const issued = await deps.keyService.create(input);
    return reply.code(201).send(issuedJson(issued, nowOf(deps)));
  });

  app.get('/admin/keys', async (request) => {
    const deps = authorized(request);
    const query = request.query as Record<string, unknown>;
    const includeRevoked = query.include_revoked === 'true' || query.include_revoked === '1';
    const keys = await deps.keyService.list({ includeRevoked });
    return { object: 'list', data: keys.map((key) => keyToJson(key, nowOf(deps))) };
  });

  app.get('/admin/keys/:id', async (request) => {
    const deps = authorized(request);
    const key = await deps.keyService.get(idOf(request));
    if (!key) throw noSuchKey(idOf(request));
    return keyToJson(key, nowOf(deps));
  });

  app.delete('/admin/keys/:id', async (request) => {
    const deps = authorized(request);
    const key = await deps.keyService.revoke(idOf(request));
    if (!key) throw noSuchKey(idOf(request));
    return keyToJson(key, nowOf(deps));
  });

  app.post('/admin/keys/:id/rotate', async (request: FastifyRequest, reply: FastifyReply) => {
    const deps = authorized(request);
    const body = parse(rotateBody, request.body);
    const graceMs = (body?.gracePeriodSeconds ?? 0) * 1000;
    const issued = await deps.keyService.rotate(idOf(request), { graceMs });
    if (!issued) throw new TollgateError('not_found', `no live key ${idOf(request)} to rotate (it does not exist or was revoked); issue a new one with POST /admin/keys`, { isRetryable: false });
    return reply.code(200).send(issuedJson(issued, nowOf(deps)));
  });
}

function parse<Output>(schema: z.ZodType<Output>, body: unknown): Output {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw fromZodError(parsed.error);
  return parsed.data;
}

function createInput(body: z.output<typeof createKeyBody>, nowMs: number): CreateKeyInput {
  const input: CreateKeyInput = {};
  if (body.name) input.name = body.name;
  if (body.user) input.user = body.user;
  if (body.team) input.team = body.team;
  if (body.feature) input.feature = body.feature;
  if (body.tags) input.tags = body.tags;
  if (body.region) input.region = body.region;
  if (body.routes) input.routes = body.routes;
  if (body.models) input.models = body.models;
  if (body.budgetUsd != null) input.budgetPico = body.budgetUsd;
  if (body.budgetPeriod) {
    if (body.budgetUsd == null) throw invalid('budgetPeriod', 'a budget period needs budgetUsd as well');
    input.budgetPeriod = body.budgetPeriod;
  }
  if (body.maxCostPerRequest != null) input.maxCostPerRequestPico = body.maxCostPerRequest;
  if (body.rpm != null) input.rpm = body.rpm;
  if (body.tpm != null) input.tpm = body.tpm;
  if (body.expiresAt) {
    const expiresAt = new Date(body.expiresAt);
    if (expiresAt.getTime() <= nowMs) throw invalid('expiresAt', 'is in the past; give a future time such as 2027-01-01T00:00:00Z');
    input.expiresAt = expiresAt;
  }
  return input;
}

function issuedJson(issued: IssuedKey, nowMs: number): VirtualKeyJson & { key: string; warning: string } {
  return { key: issued.secret, warning: SECRET_WARNING, ...keyToJson(issued.key, nowMs) };
}

function idOf(request: FastifyRequest): string {
  return (request.params as { id: string }).id;
}

function noSuchKey(id: string): TollgateError {
  return new TollgateError('not_found', `no virtual key ${id}; GET /admin/keys lists them`, { isRetryable: false });
}

function invalid(param: string, message: string): TollgateError {
  return new TollgateError('invalid_request', `${param}: ${message}`, { param, isRetryable: false });
}
