/** GET models (list and one) for the OpenAI-compatible flavours, each model described in its provider's shape. */
import { bearerToken, sendJson } from '../http-io.js';
import { knownModelNames, lookupModel, type SimModelInfo } from '../model-list.js';
import type { ChatFlavour } from '../openai/chat-flavour.js';
import type { RouteHandler } from '../route-table.js';
import type { SimExchange } from '../sim-context.js';

export type DescribeModel = (name: string, info: SimModelInfo, isBehaviourOnly: boolean) => Record<string, unknown>;

function describeAll(exchange: SimExchange, flavour: ChatFlavour, describe: DescribeModel): Array<Record<string, unknown>> {
  const known = knownModelNames(flavour.provider);
  const names = [...new Set([...known, ...exchange.context.behaviours.names()])];
  return names.flatMap((name) => {
    const info = lookupModel(flavour.provider, name, exchange.context.behaviours.has(name));
    return info === undefined ? [] : [describe(name, info, !known.includes(name))];
  });
}

export function compatibleModelsHandler(flavour: ChatFlavour, describe: DescribeModel): RouteHandler {
  return function handleModels(exchange) {
    const { request, response, context, pathParameter, startedAt } = exchange;
    const send = (status: number, body: unknown, headers = {}): void => sendJson(response, status, body, { ...flavour.headers(startedAt), ...headers });
    const key = bearerToken(request);
    const denied = key === undefined ? flavour.errors.missingKey() : context.rejectedApiKeys.has(key) ? flavour.errors.rejectedKey(key) : undefined;
    if (denied !== undefined) return send(denied.status, denied.body, denied.headers);
    if (pathParameter !== undefined) {
      const info = lookupModel(flavour.provider, pathParameter, context.behaviours.has(pathParameter));
      if (info === undefined) {
        const missing = flavour.errors.modelNotFound(pathParameter);
        return send(missing.status, missing.body, missing.headers);
      }
      return send(200, describe(pathParameter, info, !knownModelNames(flavour.provider).includes(pathParameter)));
    }
    send(200, { object: 'list', data: describeAll(exchange, flavour, describe) });
  };
}

export const describeDeepSeekModel: DescribeModel = (name) => ({ id: name, object: 'model', owned_by: 'deepseek' });

export const describeXaiModel: DescribeModel = (name, info) => ({ id: name, created: info.created, object: 'model', owned_by: 'xai' });

export const describeGroqModel: DescribeModel = (name, info, isBehaviourOnly) => ({
  id: name,
  object: 'model',
  created: info.created,
  owned_by: isBehaviourOnly ? 'simulator' : info.displayName,
  active: true,
  context_window: info.contextWindow,
  public_apps: null,
  max_completion_tokens: info.maxOutputTokens,
});

export const describeMistralModel: DescribeModel = (name, info, isBehaviourOnly) => ({
  id: name,
  object: 'model',
  created: info.created,
  owned_by: isBehaviourOnly ? 'simulator' : 'mistralai',
  capabilities: {
    completion_chat: info.kind === 'chat',
    completion_fim: false,
    function_calling: info.kind === 'chat',
    fine_tuning: false,
    vision: info.kind === 'chat',
    classification: false,
  },
  name,
  description: info.displayName,
  max_context_length: info.contextWindow,
  aliases: [],
  deprecation: null,
  default_model_temperature: info.kind === 'chat' ? 0.3 : null,
  type: 'base',
});
