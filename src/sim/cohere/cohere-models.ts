/** GET /v1/models[/{model}] in Cohere's shape. */
import { sendJson } from '../http-io.js';
import { knownModelNames, lookupModel, type SimModelInfo } from '../model-list.js';
import type { SimExchange } from '../sim-context.js';
import { authenticateCohere, cohereHeaders, modelNotFoundMessage, sendCohereError } from './cohere-errors.js';

function modelObject(name: string, info: SimModelInfo): Record<string, unknown> {
  const isEmbedding = info.kind === 'embedding';
  return {
    name,
    endpoints: isEmbedding ? ['embed'] : ['chat'],
    finetuned: false,
    context_length: info.contextWindow,
    tokenizer_url: `https://storage.googleapis.com/cohere-public/tokenizers/${name}.json`,
    default_endpoints: [],
    features: isEmbedding ? [] : ['json_mode', 'json_schema', 'safety_modes', 'strict_tools', 'tool_use'],
  };
}

export function handleCohereModels(exchange: SimExchange): void {
  if (authenticateCohere(exchange) === undefined) return;
  const { response, context, pathParameter } = exchange;
  if (pathParameter !== undefined) {
    const info = lookupModel('cohere', pathParameter, context.behaviours.has(pathParameter));
    if (info === undefined) return sendCohereError(response, 404, modelNotFoundMessage(pathParameter));
    return sendJson(response, 200, modelObject(pathParameter, info), cohereHeaders());
  }
  const names = [...new Set([...knownModelNames('cohere'), ...context.behaviours.names()])];
  const models = names.flatMap((name) => {
    const info = lookupModel('cohere', name, context.behaviours.has(name));
    return info === undefined ? [] : [modelObject(name, info)];
  });
  sendJson(response, 200, { models }, cohereHeaders());
}
