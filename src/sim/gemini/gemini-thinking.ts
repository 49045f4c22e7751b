/**
 * Thinking on Gemini 2.5, per Google's thinking guide: Pro always thinks (budget 128..32768, 0 is
 * refused), Flash thinks unless the budget is 0 (0..24576), Flash-Lite thinks only when asked
 * (512..24576); -1 or no budget means dynamic thinking; 2.0 Flash cannot think. The thoughts are
 * billed as `thoughtsTokenCount`: dynamic thinking spends an amount drawn from the request hash,
 * a set budget at most that budget. `includeThoughts` adds a thought summary to the answer.
 */
import type { SimModelInfo } from '../model-list.js';
import { reasoningTokenCount } from '../openai/reasoning-tokens.js';

export interface ThinkingConfig {
  thinkingBudget?: number | undefined;
  includeThoughts?: boolean | undefined;
}

export interface ThinkingPlan {
  thoughtTokens: number;
  includeThoughts: boolean;
}

const RANGES = { pro: [128, 32_768], flash: [0, 24_576], 'flash-lite': [512, 24_576] } as const;

export function resolveThinking(model: SimModelInfo, config: ThinkingConfig | undefined, seed: number): ThinkingPlan | { problem: string } {
  const family = model.thinkingFamily ?? 'none';
  const budget = config?.thinkingBudget;
  const includeThoughts = config?.includeThoughts === true;
  if (family === 'none') {
    if ((budget !== undefined && budget !== 0) || includeThoughts) return { problem: `Thinking is not enabled for models/${model.requested}` };
    return { thoughtTokens: 0, includeThoughts: false };
  }
  if (family === 'pro' && budget === 0) return { problem: 'Budget 0 is invalid. This model only works in thinking mode.' };
  const [low, high] = RANGES[family];
  if (budget !== undefined && budget !== -1 && budget !== 0 && (budget < low || budget > high)) {
    return { problem: `The thinking budget ${budget} is invalid. Please choose a value between ${low} and ${high}.` };
  }
  const isThinking = family === 'pro' || (family === 'flash' ? budget !== 0 : budget !== undefined && budget !== 0);
  if (!isThinking) return { thoughtTokens: 0, includeThoughts: false };
  const wanted = reasoningTokenCount(family === 'pro' ? 'high' : 'medium', seed);
  return { thoughtTokens: budget === undefined || budget === -1 ? wanted : Math.min(budget, wanted), includeThoughts };
}
