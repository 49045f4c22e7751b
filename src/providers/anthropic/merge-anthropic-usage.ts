/**
 * A stream's usage arrives twice: in `message_start`, then cumulatively in `message_delta`.
 * The two are merged field by field, the later value winning wherever it is present: input
 * tokens may change between them, and output is the delta's own count, never a sum.
 */
type UsageObject = Record<string, unknown>;

export function mergeAnthropicUsage(earlier: UsageObject | undefined, later: unknown): UsageObject | undefined {
  if (!isObject(later)) return earlier;
  const merged: UsageObject = { ...earlier };
  for (const [field, value] of Object.entries(later)) {
    if (value === null || value === undefined) continue;
    const before = merged[field];
    merged[field] = isObject(value) && isObject(before) ? mergeAnthropicUsage(before, value) : value;
  }
  return merged;
}

function isObject(value: unknown): value is UsageObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
