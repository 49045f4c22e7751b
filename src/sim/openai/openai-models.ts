/** GET /v1/models and /v1/models/:id, listing the known OpenAI models and any with a behaviour entry. */
import { sendJson } from '../http-io.js';
import { knownModelNames, lookupModel } from '../model-list.js';
import type { SimExchange } from '../sim-context.js';
import { authenticateOpenAI } from './openai-request.js';
import { modelNotFoundError, openAIHeaders, sendOpenAIError } from './openai-errors.js';

function modelObject(exchange: SimExchange, name: string): Record<string, unknown> | undefined {
  const isBehaviourOnly = !knownModelNames('openai').includes(name);
  const info = lookupModel('openai', name, exchange.context.behaviours.has(name));
  if (info === undefined) return undefined;
  return { id: name, object: 'model', created: info.created, owned_by: isBehaviourOnly ? 'simulator' : 'system' };
}

export function handleOpenAIModels(exchange: SimExchange): void {
  if (authenticateOpenAI(exchange) === undefined) return;
  const { response, startedAt, pathParameter } = exchange;
  if (pathParameter !== undefined) {
    const found = modelObject(exchange, pathParameter);
    if (found === undefined) return sendOpenAIError(response, 404, modelNotFoundError(pathParameter), startedAt);
    return sendJson(response, 200, found, openAIHeaders(startedAt));
  }
  const names = new Set([...knownModelNames('openai'), ...exchange.context.behaviours.names()]);
  const data = [...names].flatMap((name) => modelObject(exchange, name) ?? []);
  sendJson(response, 200, { object: 'list', data }, openAIHeaders(startedAt));
}
