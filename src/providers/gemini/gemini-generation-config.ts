/**
 * Sampling, limits, output format and thinking → Gemini `generationConfig`.
 * Thinking: an explicit token budget becomes `thinkingBudget`; an effort becomes `thinkingLevel`
 * on Gemini 3 and later, and a budget on 2.x (which has no levels): minimal 512, low 2048,
 * medium 8192, high 24576 — values inside every 2.5 model's accepted range.
 */
import type { ChatRequest, ReasoningEffort } from '../../core/chat.js';
import type { JsonObject } from '../adapter.js';
import { sanitizeGeminiSchema } from './gemini-json-schema.js';
import { isGemini3OrLater } from './gemini-model-family.js';

const BUDGET_BY_EFFORT: Record<ReasoningEffort, number> = { none: 0, minimal: 512, low: 2048, medium: 8192, high: 24576, xhigh: 24576 };

export function geminiGenerationConfig(request: ChatRequest, model: string, warnings: Set<string>): JsonObject {
  const config: JsonObject = {};
  if (request.temperature !== undefined) config.temperature = request.temperature;
  if (request.topP !== undefined) config.topP = request.topP;
  if (request.topK !== undefined) config.topK = request.topK;
  if (request.maxOutputTokens !== undefined) config.maxOutputTokens = request.maxOutputTokens;
  if (request.stop && request.stop.length > 0) config.stopSequences = request.stop;
  if (request.n !== undefined && request.n !== 1) config.candidateCount = request.n;
  if (request.seed !== undefined) config.seed = request.seed;
  if (request.presencePenalty !== undefined) config.presencePenalty = request.presencePenalty;
  if (request.frequencyPenalty !== undefined) config.frequencyPenalty = request.frequencyPenalty;
  const format = request.responseFormat;
  if (format?.type === 'json_object') config.responseMimeType = 'application/json';
  if (format?.type === 'json_schema') {
    const { schema, removed } = sanitizeGeminiSchema(format.schema);
    if (removed.length > 0) warnings.add(`response_format.json_schema: ${removed.join(', ')} not supported by gemini; removed`);
    config.responseMimeType = 'application/json';
    config.responseJsonSchema = schema;
  }
  const thinking = thinkingConfig(request, model, warnings);
  if (thinking) config.thinkingConfig = thinking;
  return config;
}

function thinkingConfig(request: ChatRequest, model: string, warnings: Set<string>): JsonObject | undefined {
  if (request.reasoningBudgetTokens !== undefined) {
    return { thinkingBudget: request.reasoningBudgetTokens, includeThoughts: request.reasoningBudgetTokens > 0 };
  }
  const effort = request.reasoningEffort;
  if (effort === undefined) return undefined;
  if (!isGemini3OrLater(model)) return { thinkingBudget: BUDGET_BY_EFFORT[effort], includeThoughts: effort !== 'none' };
  if (effort === 'none') {
    warnings.add('reasoning_effort "none": gemini 3 cannot turn thinking off; the minimal level was used');
    return { thinkingLevel: 'minimal', includeThoughts: true };
  }
  if (effort === 'xhigh') {
    warnings.add('reasoning_effort "xhigh": gemini\'s highest thinking level is "high"; used that');
    return { thinkingLevel: 'high', includeThoughts: true };
  }
  return { thinkingLevel: effort, includeThoughts: true };
}
