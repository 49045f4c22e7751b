/** Every adapter this build has, by the `type` a provider's config names. */
import type { ProviderAdapter } from './adapter.js';
import { anthropicAdapter } from './anthropic/anthropic-adapter.js';
import { cohereAdapter } from './cohere/cohere-adapter.js';
import { azureOpenAIAdapter } from './compatible/azure-openai.js';
import { deepSeekAdapter } from './compatible/deepseek.js';
import { fireworksAdapter } from './compatible/fireworks.js';
import { groqAdapter } from './compatible/groq.js';
import { mistralAdapter } from './compatible/mistral.js';
import { openRouterAdapter } from './compatible/openrouter.js';
import { qwenAdapter } from './compatible/qwen.js';
import { togetherAdapter } from './compatible/together.js';
import { xaiAdapter } from './compatible/xai.js';
import { geminiAdapter } from './gemini/gemini-adapter.js';
import { openAIAdapter } from './openai/openai-adapter.js';

const ADAPTERS: readonly ProviderAdapter[] = [
  openAIAdapter,
  anthropicAdapter,
  geminiAdapter,
  cohereAdapter,
  mistralAdapter,
  deepSeekAdapter,
  xaiAdapter,
  groqAdapter,
  togetherAdapter,
  fireworksAdapter,
  qwenAdapter,
  openRouterAdapter,
  azureOpenAIAdapter,
];

const BY_TYPE = new Map(ADAPTERS.map((adapter) => [adapter.type, adapter]));

export function adapterFor(type: string): ProviderAdapter | undefined {
  return BY_TYPE.get(type);
}

export function providerTypes(): string[] {
  return [...BY_TYPE.keys()];
}
