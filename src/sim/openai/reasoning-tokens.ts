/**
 * Hidden reasoning for OpenAI's reasoning models: never emitted, billed inside
 * completion_tokens. The count is drawn from the request hash within a range per effort
 * (default medium); it also delays the first visible token, as real reasoning does.
 */
const RANGES: Record<string, readonly [number, number]> = {
  none: [0, 0],
  minimal: [8, 24],
  low: [32, 96],
  medium: [96, 256],
  high: [256, 768],
  xhigh: [512, 1024],
};

export function reasoningTokenCount(effort: string | null | undefined, seed: number): number {
  const [low, high] = RANGES[effort ?? 'medium'] ?? [96, 256];
  return low + (Math.floor(seed / 4096) % (high - low + 1));
}
