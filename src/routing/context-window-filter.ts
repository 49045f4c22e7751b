/** Leaves out targets whose context window cannot hold this request's input. */
import type { ExcludedTarget } from './route-plan.js';
import type { Target } from './target.js';

export function filterByContextWindow(
  targets: readonly Target[],
  inputTokens: number | undefined,
  contextWindowOf: ((target: Target) => number | undefined) | undefined,
): { targets: Target[]; excluded: ExcludedTarget[] } {
  if (inputTokens === undefined || !contextWindowOf) return { targets: [...targets], excluded: [] };
  const kept: Target[] = [];
  const excluded: ExcludedTarget[] = [];
  for (const target of targets) {
    const window = contextWindowOf(target);
    // An unknown window is not a reason to refuse: the provider will say if it is too long.
    if (window === undefined || inputTokens <= window) kept.push(target);
    else excluded.push({ target, reason: 'context_window', message: `${target.ref} holds ${window} tokens; this request has about ${inputTokens}` });
  }
  return { targets: kept, excluded };
}
