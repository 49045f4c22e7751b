/**
 * The one usage shape every adapter maps its provider's wire usage into, exactly once.
 * Pricing reads only this, never a provider's raw fields.
 *
 * Invariants (checked by `checkUsage`):
 *   input.total  = noCache + cacheRead + cacheWrite5m + cacheWrite1h
 *   output.total = text + reasoning
 * Modality counts (audio, image) are subsets of the token counts they sit beside.
 */

export interface InputTokens {
  total: number;
  /** Input billed at the plain input rate. */
  noCache: number;
  cacheRead: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  /** Of `noCache`, tokens of audio (priced apart where the provider does). */
  audio?: number;
  /** Of `noCache`, tokens that tool use added to the prompt (Gemini bills them as input). */
  toolUse?: number;
}

export interface OutputTokens {
  total: number;
  text: number;
  reasoning: number;
  /** Of `text`, tokens of audio output. */
  audio?: number;
  /** Of `text`, tokens of generated images. */
  image?: number;
}

export interface Usage {
  input: InputTokens;
  output: OutputTokens;
  /** Billed counters beside tokens, e.g. `web_search` requests or `images`. */
  units?: Record<string, number>;
  /** The provider's own usage object, kept for the ledger and debugging; pricing never reads it. */
  raw?: unknown;
  /** What the provider reports as its own billed cost (OpenRouter), in USD, as text. */
  providerReportedCostUsd?: string;
  /** The service tier the provider says it used (`flex`, `priority`, `batch`, ...). */
  serviceTier?: string;
}

export interface UsageParts {
  noCacheInput?: number;
  cacheRead?: number;
  cacheWrite5m?: number;
  cacheWrite1h?: number;
  textOutput?: number;
  reasoningOutput?: number;
}

/** Builds a Usage from disjoint parts, so totals can never disagree with their pieces. */
export function usageFromParts(parts: UsageParts, raw?: unknown): Usage {
  const noCache = nonNegative(parts.noCacheInput);
  const cacheRead = nonNegative(parts.cacheRead);
  const cacheWrite5m = nonNegative(parts.cacheWrite5m);
  const cacheWrite1h = nonNegative(parts.cacheWrite1h);
  const text = nonNegative(parts.textOutput);
  const reasoning = nonNegative(parts.reasoningOutput);
  const usage: Usage = {
    input: { total: noCache + cacheRead + cacheWrite5m + cacheWrite1h, noCache, cacheRead, cacheWrite5m, cacheWrite1h },
    output: { total: text + reasoning, text, reasoning },
  };
  if (raw !== undefined) usage.raw = raw;
  return usage;
}

export function emptyUsage(): Usage {
  return usageFromParts({});
}

/** Returns what is wrong with a usage, or an empty list; adapters' tests assert it is empty. */
export function checkUsage(usage: Usage): string[] {
  const problems: string[] = [];
  const { input, output } = usage;
  const inputSum = input.noCache + input.cacheRead + input.cacheWrite5m + input.cacheWrite1h;
  if (inputSum !== input.total) problems.push(`input parts add up to ${inputSum}, total says ${input.total}`);
  if (output.text + output.reasoning !== output.total) {
    problems.push(`output parts add up to ${output.text + output.reasoning}, total says ${output.total}`);
  }
  const counts: Array<[string, number | undefined]> = [
    ['input.total', input.total], ['input.noCache', input.noCache], ['input.cacheRead', input.cacheRead],
    ['input.cacheWrite5m', input.cacheWrite5m], ['input.cacheWrite1h', input.cacheWrite1h],
    ['output.total', output.total], ['output.text', output.text], ['output.reasoning', output.reasoning],
  ];
  for (const [name, value] of counts) {
    if (value === undefined || !Number.isSafeInteger(value) || value < 0) problems.push(`${name} is not a non-negative integer`);
  }
  return problems;
}

function nonNegative(value: number | undefined): number {
  if (value === undefined || !Number.isFinite(value) || value < 0) return 0;
  return Math.trunc(value);
}
