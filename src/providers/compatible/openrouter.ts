/**
 * OpenRouter. Reports what it billed in `usage.cost` (mapped to providerReportedCostUsd by the base
 * usage converter); `usage: {include: true}` asks for that accounting on every answer.
 */
import { createOpenAICompatibleAdapter } from '../openai/openai-adapter.js';

export const openRouterAdapter = createOpenAICompatibleAdapter({
  type: 'openrouter',
  defaultBaseUrl: 'https://openrouter.ai/api/v1',
  quirks: { addedFields: { usage: { include: true } } },
});
