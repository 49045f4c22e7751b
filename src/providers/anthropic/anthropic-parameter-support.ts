/** What the Anthropic translation lane does with each ChatRequest parameter (see parameter-support.ts). */
import type { ParameterSupport } from '../parameter-support.js';

export const ANTHROPIC_PARAMETER_SUPPORT: ParameterSupport = {
  tools: { treatment: 'translated', note: 'tools with input_schema' },
  toolChoice: { treatment: 'translated', note: 'auto / none / any (required) / tool' },
  parallelToolCalls: { treatment: 'translated', note: 'false → tool_choice.disable_parallel_tool_use' },
  maxOutputTokens: { treatment: 'translated', note: 'max_tokens (required: account defaultMaxTokens, else the model\'s maximum output, else 4096)' },
  temperature: { treatment: 'supported', note: 'above 1 lowered to 1; left out while thinking' },
  topP: { treatment: 'supported', note: 'left out (warning) when temperature is also set' },
  topK: { treatment: 'supported', note: 'top_k; left out while thinking' },
  frequencyPenalty: { treatment: 'dropped', note: 'no repetition penalties' },
  presencePenalty: { treatment: 'dropped', note: 'no repetition penalties' },
  stop: { treatment: 'translated', note: 'stop_sequences' },
  seed: { treatment: 'dropped', note: 'no seeded sampling' },
  n: { treatment: 'rejected', note: 'one choice per request; n > 1 is refused' },
  responseFormat: { treatment: 'translated', note: 'strict json_schema on 4.5+ models → output_config.format; otherwise a forced tool read back as text' },
  reasoningEffort: { treatment: 'translated', note: 'thinking budget: low 1024, medium 4096, high 16384, xhigh 32768' },
  reasoningBudgetTokens: { treatment: 'translated', note: 'thinking.budget_tokens (≥ 1024, below max_tokens)' },
  logprobs: { treatment: 'dropped', note: 'no token log probabilities' },
  topLogprobs: { treatment: 'dropped', note: 'no token log probabilities' },
  endUser: { treatment: 'translated', note: 'metadata.user_id' },
};
