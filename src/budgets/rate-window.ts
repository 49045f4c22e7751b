/**
 * The sliding minute both rate limiters count in: 60 one-second buckets. At instant `now` the window holds the
 * buckets of the last 60 whole seconds, the current one included, so a request leaves it between 59 and 60
 * seconds after it was admitted, never earlier. The Redis script mirrors this arithmetic.
 */

export const WINDOW_SECONDS = 60;

export interface WindowCheck {
  isAllowed: boolean;
  /** When the request would fit, counting only what leaves the window; undefined when it never can. */
  retryAfterMs?: number;
}

export function currentSecond(nowMs: number): number {
  return Math.floor(nowMs / 1000);
}

/** Drops buckets older than the window and returns what the window holds. */
export function windowTotal(buckets: Map<number, number>, nowMs: number): number {
  const oldest = currentSecond(nowMs) - (WINDOW_SECONDS - 1);
  let total = 0;
  for (const [second, amount] of buckets) {
    if (second < oldest) buckets.delete(second);
    else total += amount;
  }
  return total;
}

/** Whether `cost` more fits under `limit`, and if not, how long until enough has left the window. */
export function checkWindow(buckets: Map<number, number>, nowMs: number, limit: number, cost: number): WindowCheck {
  const total = windowTotal(buckets, nowMs);
  if (total + cost <= limit) return { isAllowed: true };
  if (cost > limit) return { isAllowed: false };
  let remaining = total;
  for (const second of [...buckets.keys()].sort((left, right) => left - right)) {
    remaining -= buckets.get(second) ?? 0;
    if (remaining + cost <= limit) return { isAllowed: false, retryAfterMs: Math.max(1, (second + WINDOW_SECONDS) * 1000 - nowMs) };
  }
  return { isAllowed: false, retryAfterMs: WINDOW_SECONDS * 1000 };
}
