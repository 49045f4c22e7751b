/** What the OpenAI-format translation lane does with each ChatRequest parameter (see parameter-support.ts). */
import type { ParameterSupport } from '../parameter-support.js';

export const OPENAI_COMPATIBLE_PARAMETER_SUPPORT: ParameterSupport = {
  tools: { treatment: 'supported', note: 'function tools' },
  toolChoice: { treatment: 'supported', note: 'auto / none / required / function' },
  parallelToolCalls: { treatment: 'supported', note: 'parallel_tool_calls' },
  maxOutputTokens: { treatment: 'supported', note: 'max_completion_tokens on OpenAI and Azure OpenAI, max_tokens elsewhere' },
  temperature: { treatment: 'supported', note: 'temperature' },
  topP: { treatment: 'supported', note: 'top_p' },
  topK: { treatment: 'dropped', note: 'OpenAI-format APIs have no top_k' },
  frequencyPenalty: { treatment: 'supported', note: 'frequency_penalty' },
  presencePenalty: { treatment: 'supported', note: 'presence_penalty' },
  stop: { treatment: 'supported', note: 'stop' },
  seed: { treatment: 'supported', note: 'seed' },
  n: { treatment: 'supported', note: 'n' },
  responseFormat: { treatment: 'supported', note: 'response_format' },
  reasoningEffort: { treatment: 'supported', note: 'reasoning_effort' },
  reasoningBudgetTokens: { treatment: 'dropped', note: 'no thinking-token budget; reasoning_effort is the knob' },
  logprobs: { treatment: 'supported', note: 'logprobs' },
  topLogprobs: { treatment: 'supported', note: 'top_logprobs' },
  endUser: { treatment: 'supported', note: 'user' },
};
