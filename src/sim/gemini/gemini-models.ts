/** GET /v1beta/models[/{model}] in Google's Model resource shape, and :countTokens. */
import { z } from 'zod';
import { sendJson } from '../http-io.js';
import { knownModelNames, lookupModel, type SimModelInfo } from '../model-list.js';
import type { SimExchange } from '../sim-context.js';
import { invalidArgument, modelNotFound, sendGoogleError } from './gemini-errors.js';
import { buildGeminiPrompt, modalityDetails } from './gemini-prompt.js';
import { contentSchema, generateContentRequestSchema, normaliseFieldNames } from './gemini-request.js';

function modelResource(name: string, info: SimModelInfo): Record<string, unknown> {
  const isEmbedding = info.kind === 'embedding';
  const resource: Record<string, unknown> = {
    name: `models/${name}`,
    version: isEmbedding ? '001' : '2.5',
    displayName: info.displayName,
    description: `${info.displayName} (simulated)`,
    inputTokenLimit: info.contextWindow,
    outputTokenLimit: info.maxOutputTokens,
    supportedGenerationMethods: isEmbedding ? ['embedContent', 'batchEmbedContents', 'countTextTokens', 'countTokens'] : ['generateContent', 'countTokens', 'createCachedContent', 'batchGenerateContent'],
  };
  if (!isEmbedding) Object.assign(resource, { temperature: 1, topP: 0.95, topK: 64, maxTemperature: 2, thinking: info.thinkingFamily !== 'none' });
  return resource;
}

export function handleGeminiModels(exchange: SimExchange, modelName: string | undefined): void {
  const { response, context } = exchange;
  if (modelName !== undefined) {
    const info = lookupModel('gemini', modelName, context.behaviours.has(modelName));
    if (info === undefined) return sendGoogleError(response, modelNotFound(modelName, 'get'));
    return sendJson(response, 200, modelResource(modelName, info));
  }
  const names = [...new Set([...knownModelNames('gemini'), ...context.behaviours.names()])];
  const models = names.flatMap((name) => {
    const info = lookupModel('gemini', name, context.behaviours.has(name));
    return info === undefined ? [] : [modelResource(name, info)];
  });
  sendJson(response, 200, { models });
}

const countTokensSchema = z.looseObject({
  contents: z.array(contentSchema).optional(),
  generateContentRequest: generateContentRequestSchema.optional(),
});

/** :countTokens, `{contents}` or `{generateContentRequest}`: the promptTokenCount generateContent would bill. */
export function handleCountTokens(exchange: SimExchange, rawBody: string, modelName: string): void {
  const { response, context, tracker } = exchange;
  tracker.setModel(modelName);
  if (lookupModel('gemini', modelName, context.behaviours.has(modelName)) === undefined) return sendGoogleError(response, modelNotFound(modelName, 'countTokens'));
  let body: unknown;
  try {
    body = normaliseFieldNames(JSON.parse(rawBody));
  } catch {
    return sendGoogleError(response, invalidArgument('Invalid JSON payload received. Unexpected token.'));
  }
  const parsed = countTokensSchema.safeParse(body);
  const source = parsed.success ? (parsed.data.generateContentRequest ?? (parsed.data.contents === undefined ? undefined : { contents: parsed.data.contents })) : undefined;
  if (source === undefined) return sendGoogleError(response, invalidArgument('* CountTokensRequest: either contents or generate_content_request must be set\n'));
  const prompt = buildGeminiPrompt(source);
  sendJson(response, 200, { totalTokens: prompt.sequence.length, promptTokensDetails: modalityDetails(prompt.modalities) });
}
