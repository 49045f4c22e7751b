/** Whether any conditional route looks at a user's trailing spend (only then is it read per request). */
import type { TollgateConfig } from '../../config/schema.js';

const memo = new WeakMap<TollgateConfig, boolean>();

export function usesTrailingSpend(config: TollgateConfig): boolean {
  let answer = memo.get(config);
  if (answer === undefined) {
    answer = Object.values(config.routes).some((route) => (route.rules ?? []).some((rule) => rule.when.spendLast24hUsd !== undefined));
    memo.set(config, answer);
  }
  return answer;
}
