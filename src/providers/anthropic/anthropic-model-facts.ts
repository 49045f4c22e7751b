/**
 * What Tollgate knows about Claude models when translating a request: the largest output each
 * allows (the default for Anthropic's required `max_tokens`), and which features a model has.
 * Figures are Anthropic's published maximum output per model; unknown models get 4096, which
 * every Claude model accepts.
 */

/** Longest prefix first, so `claude-opus-4-5` is not taken for `claude-opus-4`. */
const MAX_OUTPUT_TOKENS: ReadonlyArray<readonly [prefix: string, maxOutputTokens: number]> = [
  ['claude-opus-4-6', 128_000],
  ['claude-sonnet-4-6', 64_000],
  ['claude-opus-4-5', 64_000],
  ['claude-sonnet-4-5', 64_000],
  ['claude-haiku-4-5', 64_000],
  ['claude-opus-4-1', 32_000],
  ['claude-opus-4', 32_000],
  ['claude-sonnet-4', 64_000],
  ['claude-3-7-sonnet', 64_000],
  ['claude-3-5-sonnet', 8_192],
  ['claude-3-5-haiku', 8_192],
  ['claude-3-opus', 4_096],
  ['claude-3-sonnet', 4_096],
  ['claude-3-haiku', 4_096],
];

export const FALLBACK_MAX_OUTPUT_TOKENS = 4_096;

export function defaultMaxTokensFor(model: string): number {
  for (const [prefix, maxOutputTokens] of MAX_OUTPUT_TOKENS) if (model.startsWith(prefix)) return maxOutputTokens;
  return FALLBACK_MAX_OUTPUT_TOKENS;
}

interface ClaudeVersion {
  major: number;
  minor: number;
}

/** `claude-sonnet-4-5-20250929` → 4.5, `claude-3-7-sonnet-latest` → 3.7, `claude-sonnet-5` → 5.0. */
export function claudeVersion(model: string): ClaudeVersion | undefined {
  const named = /^claude-(?:opus|sonnet|haiku)-(\d+)(?:-(\d{1,2}))?(?=-|$)/.exec(model);
  const numbered = named ?? /^claude-(\d+)(?:-(\d{1,2}))?-(?:opus|sonnet|haiku)/.exec(model);
  if (!numbered?.[1]) return undefined;
  return { major: Number(numbered[1]), minor: numbered[2] === undefined ? 0 : Number(numbered[2]) };
}

function atLeast(model: string, major: number, minor: number): boolean {
  const version = claudeVersion(model);
  if (!version) return false;
  return version.major > major || (version.major === major && version.minor >= minor);
}

/** Extended thinking arrived with Claude 3.7; unknown model names are assumed to have it. */
export function supportsThinking(model: string): boolean {
  return claudeVersion(model) === undefined || atLeast(model, 3, 7);
}

/** Constrained JSON output (`output_config.format`) is offered from the 4.5 generation on. */
export function supportsNativeStructuredOutput(model: string): boolean {
  return atLeast(model, 4, 5);
}
