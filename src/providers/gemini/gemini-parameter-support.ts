/** What the Gemini translation lane does with each ChatRequest parameter (see parameter-support.ts). */
import type { ParameterSupport } from '../parameter-support.js';

export const GEMINI_PARAMETER_SUPPORT: ParameterSupport = {
  tools: { treatment: 'translated', note: 'functionDeclarations with parametersJsonSchema (unsupported schema keywords removed, with a warning)' },
  toolChoice: { treatment: 'translated', note: 'functionCallingConfig: auto AUTO, none NONE, required ANY, a name ANY + allowedFunctionNames' },
  parallelToolCalls: { treatment: 'dropped', note: 'no way to ask for one call at a time' },
  maxOutputTokens: { treatment: 'translated', note: 'generationConfig.maxOutputTokens' },
  temperature: { treatment: 'translated', note: 'generationConfig.temperature' },
  topP: { treatment: 'translated', note: 'generationConfig.topP' },
  topK: { treatment: 'translated', note: 'generationConfig.topK' },
  frequencyPenalty: { treatment: 'translated', note: 'generationConfig.frequencyPenalty' },
  presencePenalty: { treatment: 'translated', note: 'generationConfig.presencePenalty' },
  stop: { treatment: 'translated', note: 'generationConfig.stopSequences' },
  seed: { treatment: 'translated', note: 'generationConfig.seed' },
  n: { treatment: 'translated', note: 'generationConfig.candidateCount' },
  responseFormat: { treatment: 'translated', note: 'responseMimeType application/json, json_schema → responseJsonSchema' },
  reasoningEffort: { treatment: 'translated', note: 'Gemini 3: thinkingLevel; 2.x: thinkingBudget minimal 512, low 2048, medium 8192, high/xhigh 24576, none 0' },
  reasoningBudgetTokens: { treatment: 'translated', note: 'thinkingConfig.thinkingBudget' },
  logprobs: { treatment: 'dropped', note: 'log probabilities are not carried back' },
  topLogprobs: { treatment: 'dropped', note: 'log probabilities are not carried back' },
  endUser: { treatment: 'dropped', note: 'no end-user id field' },
};
