/** The `cheapest` strategy: targets by this request's estimated cost, unpriced ones last, ties in route order. */
import type { Target } from './target.js';

export function cheapestOrder(targets: readonly Target[], estimateCostPico: ((target: Target) => bigint | undefined) | undefined): Target[] {
  if (!estimateCostPico) return [...targets];
  const priced = targets.map((target, index) => ({ target, index, cost: estimateCostPico(target) }));
  return priced
    .sort((left, right) => {
      if (left.cost === undefined || right.cost === undefined) {
        if (left.cost === right.cost) return left.index - right.index;
        return left.cost === undefined ? 1 : -1;
      }
      if (left.cost !== right.cost) return left.cost < right.cost ? -1 : 1;
      return left.index - right.index;
    })
    .map((entry) => entry.target);
}
