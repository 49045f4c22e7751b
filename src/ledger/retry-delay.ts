const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 30_000;

/** How long to leave the store alone after `consecutiveFailures` failed writes: doubling from 250 ms, capped at 30 s. */
export function retryDelayMs(consecutiveFailures: number): number {
  if (consecutiveFailures <= 0) return 0;
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(consecutiveFailures - 1, 16));
}
