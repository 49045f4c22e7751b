/**
 * Pre-flight estimates for one request, computed lazily and at most once per provider type:
 * the input tokens it will send, the output it may produce, and what that costs on a target.
 * Routing (cheapest, conditional rules, context windows) and budgets read the same numbers.
 */
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import type { Picodollars } from '../../core/money.js';
import { calibrationFactor, countChatInputTokens, estimateCost, type CostBreakdown, type PriceBook } from '../../pricing/index.js';
import type { Target } from '../../routing/target.js';
import type { ClientDialect, ChatEnvelope } from './client-dialect.js';

/** Output reserved when neither the request, the config nor the catalog bounds it. */
const FALLBACK_OUTPUT_BOUND = 8192;

export interface EstimatorOptions {
  priceBook: PriceBook;
  dialect: ClientDialect['name'];
  envelope: ChatEnvelope;
  atMs: number;
  /** `budgetOutputReserveTokens` from config. */
  outputReserveTokens?: number;
  /** Learned typical output for a target (mean over recent requests), when known. */
  typicalOutputTokens?: (target: Target) => number | undefined;
  /** Embeddings produce no output tokens. */
  producesOutput?: boolean;
}

export class RequestEstimator {
  private readonly inputByType = new Map<string, number>();
  private hasImagesMemo: boolean | undefined;

  constructor(private readonly options: EstimatorOptions) {}

  inputTokens(providerType = 'openai', model = ''): number {
    const memo = this.inputByType.get(providerType);
    if (memo !== undefined) return memo;
    const count = this.countInput(providerType, model);
    this.inputByType.set(providerType, count);
    return count;
  }

  /** The most output the request can produce on a target: its max_tokens, else the configured reserve, else the model's maximum. */
  outputBound(target: Target): number {
    if (this.options.producesOutput === false) return 0;
    const asked = requestedMaxTokens(this.options.envelope.body);
    if (asked !== undefined) return asked;
    if (this.options.outputReserveTokens !== undefined) return this.options.outputReserveTokens;
    const card = this.options.priceBook.resolve(target.provider.account.type, target.pricedModel, new Date(this.options.atMs), target.provider.account.id);
    return card?.maxOutputTokens ?? FALLBACK_OUTPUT_BOUND;
  }

  /** The worst case, for reserving against budgets. */
  worstCase(target: Target): CostBreakdown {
    return this.estimate(target, this.outputBound(target));
  }

  /** Output expected on a target: the typical answer where learned, never above the bound. */
  expectedOutputTokens(target: Target): number {
    const bound = this.outputBound(target);
    const typical = this.options.typicalOutputTokens?.(target);
    return typical === undefined ? bound : Math.min(bound, typical);
  }

  /** The expected cost, itemised. */
  expected(target: Target): CostBreakdown {
    return this.estimate(target, this.expectedOutputTokens(target));
  }

  /** The expected cost, for choosing the cheapest target. */
  expectedCostPico(target: Target): Picodollars | undefined {
    return this.expected(target).totalPico ?? undefined;
  }

  hasImages(): boolean {
    this.hasImagesMemo ??= JSON.stringify(this.options.envelope.body.messages ?? []).includes(this.options.dialect === 'openai' ? '"image_url"' : '"image"');
    return this.hasImagesMemo;
  }

  private estimate(target: Target, outputTokens: number): CostBreakdown {
    return estimateCost(this.options.priceBook, {
      providerType: target.provider.account.type,
      providerId: target.provider.account.id,
      model: target.pricedModel,
      inputTokens: this.inputTokens(target.provider.account.type, target.pricedModel),
      expectedOutputTokens: outputTokens,
      at: new Date(this.options.atMs),
    });
  }

  private countInput(providerType: string, model: string): number {
    const body = this.options.envelope.body;
    if (this.options.dialect === 'openai') {
      try {
        return countChatInputTokens(body, { providerType, model }).total;
      } catch {
        // A body the counter cannot read precisely is counted as text below.
      }
    }
    // Anthropic-shaped, Responses-shaped (or unusual) bodies: every string the prompt carries, calibrated for the target.
    const text = collectStrings([body.system, body.instructions, body.messages, body.tools, body.input]).join('\n');
    return Math.ceil(countTokens(text) * Number(calibrationFactor(providerType)));
  }
}

function requestedMaxTokens(body: Record<string, unknown>): number | undefined {
  for (const key of ['max_completion_tokens', 'max_tokens', 'max_output_tokens']) {
    const value = body[key];
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  }
  return undefined;
}

function collectStrings(values: unknown[], out: string[] = []): string[] {
  for (const value of values) {
    if (typeof value === 'string') out.push(value);
    else if (Array.isArray(value)) collectStrings(value, out);
    else if (value !== null && typeof value === 'object') collectStrings(Object.values(value), out);
  }
  return out;
}
