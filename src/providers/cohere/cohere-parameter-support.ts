/** What the Cohere translation lane does with each ChatRequest parameter (see parameter-support.ts). */
import type { ParameterSupport } from '../parameter-support.js';

export const COHERE_PARAMETER_SUPPORT: ParameterSupport = {
  tools: { treatment: 'translated', note: 'tools; any strict tool → strict_tools' },
  toolChoice: { treatment: 'translated', note: 'none NONE, required REQUIRED, a name → only that tool, REQUIRED' },
  parallelToolCalls: { treatment: 'dropped', note: 'no way to ask for one call at a time' },
  maxOutputTokens: { treatment: 'translated', note: 'max_tokens' },
  temperature: { treatment: 'supported', note: 'temperature' },
  topP: { treatment: 'translated', note: 'p' },
  topK: { treatment: 'translated', note: 'k' },
  frequencyPenalty: { treatment: 'supported', note: 'frequency_penalty' },
  presencePenalty: { treatment: 'supported', note: 'presence_penalty' },
  stop: { treatment: 'translated', note: 'stop_sequences' },
  seed: { treatment: 'supported', note: 'seed' },
  n: { treatment: 'rejected', note: 'one choice per request; n > 1 is refused' },
  responseFormat: { treatment: 'translated', note: 'json_object, json_schema → json_object with json_schema' },
  reasoningEffort: { treatment: 'translated', note: 'thinking enabled (none: disabled); no effort levels, with a warning' },
  reasoningBudgetTokens: { treatment: 'translated', note: 'thinking.token_budget' },
  logprobs: { treatment: 'dropped', note: 'log probabilities are not carried back' },
  topLogprobs: { treatment: 'dropped', note: 'log probabilities are not carried back' },
  endUser: { treatment: 'dropped', note: 'no end-user id field' },
};
