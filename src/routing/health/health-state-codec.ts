/** The JSON a target's health is stored and published as in Redis, read back with zod. */
import { z } from 'zod';
import type { TargetHealthState } from './target-health.js';

const bucketSchema = z.tuple([z.number(), z.number(), z.number()]);

// Lua's cjson writes an empty array as `{}`: read either as no buckets.
const bucketsSchema = z.union([z.array(bucketSchema), z.strictObject({}).transform(() => [])]);

const storedStateSchema = z.object({
  version: z.number(),
  cooldownUntilMs: z.number(),
  breaker: z.object({
    position: z.enum(['closed', 'open', 'half_open']),
    consecutiveFailures: z.number(),
    buckets: bucketsSchema,
    openUntilMs: z.number(),
    openReason: z.string(),
    probesInFlight: z.number(),
    probeDeadlineMs: z.number(),
  }),
});

export interface VersionedHealthState extends TargetHealthState {
  /** From one counter shared by every target: a larger version is a later change. */
  version: number;
}

/** Undefined for anything that is not a stored state (a foreign key, a corrupted value). */
export function decodeHealthState(text: string): VersionedHealthState | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = storedStateSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const { version, cooldownUntilMs, breaker } = parsed.data;
  return { version, cooldownUntilMs, breaker: { ...breaker, buckets: breaker.buckets.map(([start, successes, failures]) => [start, successes, failures]) } };
}

/** A pub/sub message is `ref \n state JSON`. */
export function decodeHealthMessage(message: string): { ref: string; state: VersionedHealthState } | undefined {
  const newline = message.indexOf('\n');
  if (newline <= 0) return undefined;
  const state = decodeHealthState(message.slice(newline + 1));
  return state ? { ref: message.slice(0, newline), state } : undefined;
}
