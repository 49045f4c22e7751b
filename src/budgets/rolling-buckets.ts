/** Spend kept in time buckets for rolling windows: sum what is in the window, forget what has left it. */

export interface RollingSum {
  totalPico: bigint;
  /** The oldest bucket in the window that holds spend; null when none does. */
  oldestBucket: number | null;
}

/** Sums buckets `first`..`last` and deletes every bucket older than `first`. */
export function sumRollingBuckets(buckets: Map<number, bigint>, first: number, last: number): RollingSum {
  let totalPico = 0n;
  let oldestBucket: number | null = null;
  for (const [bucket, amount] of buckets) {
    if (bucket < first) {
      buckets.delete(bucket);
      continue;
    }
    if (bucket > last || amount === 0n) continue;
    totalPico += amount;
    if (oldestBucket === null || bucket < oldestBucket) oldestBucket = bucket;
  }
  return { totalPico, oldestBucket };
}

export function addToBucket(buckets: Map<number, bigint>, bucket: number, amountPico: bigint): void {
  buckets.set(bucket, (buckets.get(bucket) ?? 0n) + amountPico);
}
