/** GET /anthropic/v1/models and /:id, in Anthropic's list shape. */
import { sendJson } from '../http-io.js';
import { knownModelNames, lookupModel } from '../model-list.js';
import type { SimExchange } from '../sim-context.js';
import { anthropicHeaders, newAnthropicRequestId, sendAnthropicError } from './anthropic-errors.js';
import { authenticateAnthropic } from './anthropic-request.js';

interface AnthropicModel {
  type: 'model';
  id: string;
  display_name: string;
  created_at: string;
}

function modelObject(exchange: SimExchange, name: string): AnthropicModel | undefined {
  const info = lookupModel('anthropic', name, exchange.context.behaviours.has(name));
  if (info === undefined) return undefined;
  return { type: 'model', id: name, display_name: info.displayName, created_at: new Date(info.created * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z') };
}

export function handleAnthropicModels(exchange: SimExchange): void {
  if (authenticateAnthropic(exchange, false) === undefined) return;
  const { response, pathParameter } = exchange;
  if (pathParameter !== undefined) {
    const found = modelObject(exchange, pathParameter);
    if (found === undefined) return sendAnthropicError(response, 404, 'not_found_error', `model: ${pathParameter}`);
    return sendJson(response, 200, found, anthropicHeaders(newAnthropicRequestId()));
  }
  const names = [...new Set([...knownModelNames('anthropic'), ...exchange.context.behaviours.names()])];
  const data = names.flatMap((name) => modelObject(exchange, name) ?? []);
  sendJson(
    response,
    200,
    { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data[data.length - 1]?.id ?? null },
    anthropicHeaders(newAnthropicRequestId()),
  );
}
