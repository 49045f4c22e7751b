/**
 * Prices one Usage against one price card: disjoint line items, each rounded half-even to the
 * picodollar, with a human explanation per line. Pure and allocation-light: it runs for every
 * request. Token rules:
 *   input        = input.noCache, less input.audio when the card prices audio apart
 *   cache_read   = input.cacheRead at the cache-read price (none: input price, warned)
 *   cache_write  = 5m writes at the 5m price + 1h writes at the 1h price (one price only: used
 *                  for both, warned; none: input price, warned)
 *   output       = output.text, less audio / image tokens the card prices apart
 *   reasoning    = output.reasoning at the reasoning price, else at the output price
 * A fallback price, a token kind with no price at all, or a billed unit the card cannot price
 * makes the result an estimate; none of them invents a number silently.
 */
import { type Decimal, type Picodollars, costOfUnits } from '../core/money.js';
import type { Usage } from '../core/usage.js';
import { explainTokens, formatCount, formatUsdAmount, formatUsdPrice } from './explain.js';
import { type CostLineName, type PriceCard, type PriceFields, pricesForInputTokens } from './price-card.js';
import { tokenCost } from './token-cost.js';

export const USAGE_UNIT_WEB_SEARCH = 'web_search';
export const USAGE_UNIT_IMAGES = 'images';

export interface UsagePricingOptions {
  streamDurationMs?: number;
}

export interface UsagePricing {
  lines: Partial<Record<CostLineName, Picodollars>>;
  totalPico: Picodollars;
  explanation: string[];
  warnings: string[];
  isEstimated: boolean;
}

class LineBuilder implements UsagePricing {
  lines: Partial<Record<CostLineName, Picodollars>> = {};
  totalPico = 0n;
  explanation: string[] = [];
  warnings: string[] = [];
  isEstimated = false;

  add(line: CostLineName, amount: Picodollars, explanation: string): void {
    if (amount === 0n) return;
    this.lines[line] = (this.lines[line] ?? 0n) + amount;
    this.totalPico += amount;
    this.explanation.push(explanation);
  }

  tokens(line: CostLineName, count: number, price: Decimal, label: string = line, note = ''): void {
    if (count <= 0) return;
    const cost = tokenCost(count, price);
    this.add(line, cost, explainTokens(label, count, price, cost, note));
  }

  estimate(warning: string): void {
    this.warnings.push(warning);
    this.isEstimated = true;
  }
}

export function priceUsage(card: PriceCard, usage: Usage, options: UsagePricingOptions = {}): UsagePricing {
  const builder = new LineBuilder();
  const input = usage.input;
  const counts = {
    noCache: count(input.noCache, 'input.noCache', builder),
    cacheRead: count(input.cacheRead, 'input.cacheRead', builder),
    cacheWrite5m: count(input.cacheWrite5m, 'input.cacheWrite5m', builder),
    cacheWrite1h: count(input.cacheWrite1h, 'input.cacheWrite1h', builder),
  };
  const totalInput = counts.noCache + counts.cacheRead + counts.cacheWrite5m + counts.cacheWrite1h;
  const { prices, tier } = pricesForInputTokens(card, totalInput);
  if (tier) {
    builder.explanation.push(
      `long context: ${formatCount(totalInput)} input tokens > ${formatCount(tier.thresholdTokens)}, so every price is the long-context price`,
    );
  }
  priceInput(builder, card.modelId, prices, usage, counts);
  priceOutput(builder, card.modelId, prices, usage);
  priceUnits(builder, card.modelId, prices, usage, options);
  return builder;
}

function priceInput(
  builder: LineBuilder,
  model: string,
  prices: PriceFields,
  usage: Usage,
  counts: { noCache: number; cacheRead: number; cacheWrite5m: number; cacheWrite1h: number },
): void {
  const inputPrice = prices.inputPerMTok;
  let plainInput = counts.noCache;
  const audio = Math.min(count(usage.input.audio, 'input.audio', builder), plainInput);
  if (audio > 0 && prices.inputAudioPerMTok) {
    plainInput -= audio;
    builder.tokens('input_audio', audio, prices.inputAudioPerMTok);
  }
  chargeOrWarn(builder, 'input', plainInput, inputPrice, `${model} has no input price`);

  if (counts.cacheRead > 0) {
    if (prices.cacheReadPerMTok) builder.tokens('cache_read', counts.cacheRead, prices.cacheReadPerMTok);
    else if (inputPrice) {
      builder.estimate(`${model} has no cache-read price: ${formatCount(counts.cacheRead)} cached tokens priced at the input price`);
      builder.tokens('cache_read', counts.cacheRead, inputPrice, 'cache_read', ' (input price)');
    } else chargeOrWarn(builder, 'cache_read', counts.cacheRead, undefined, `${model} has no cache-read or input price`);
  }

  const write5m = prices.cacheWrite5mPerMTok;
  const write1h = prices.cacheWrite1hPerMTok;
  chargeCacheWrite(builder, model, '5m', counts.cacheWrite5m, write5m, write1h, inputPrice);
  chargeCacheWrite(builder, model, '1h', counts.cacheWrite1h, write1h, write5m, inputPrice);
}

function chargeCacheWrite(
  builder: LineBuilder,
  model: string,
  ttl: '5m' | '1h',
  tokens: number,
  ownPrice: Decimal | undefined,
  otherPrice: Decimal | undefined,
  inputPrice: Decimal | undefined,
): void {
  if (tokens <= 0) return;
  const label = `cache_write (${ttl})`;
  if (ownPrice) return builder.tokens('cache_write', tokens, ownPrice, label);
  if (otherPrice) {
    builder.estimate(`${model} has one cache-write price only: ${ttl} writes priced at it`);
    return builder.tokens('cache_write', tokens, otherPrice, label, ' (the only cache-write price)');
  }
  if (inputPrice) {
    builder.estimate(`${model} has no cache-write price: ${formatCount(tokens)} ${ttl} cache writes priced at the input price`);
    return builder.tokens('cache_write', tokens, inputPrice, label, ' (input price)');
  }
  chargeOrWarn(builder, 'cache_write', tokens, undefined, `${model} has no cache-write or input price`);
}

function priceOutput(builder: LineBuilder, model: string, prices: PriceFields, usage: Usage): void {
  const output = usage.output;
  let plainOutput = count(output.text, 'output.text', builder);
  const audio = Math.min(count(output.audio, 'output.audio', builder), plainOutput);
  if (audio > 0 && prices.outputAudioPerMTok) {
    plainOutput -= audio;
    builder.tokens('output_audio', audio, prices.outputAudioPerMTok);
  }
  const image = Math.min(count(output.image, 'output.image', builder), plainOutput);
  if (image > 0 && prices.outputImagePerMTok) {
    plainOutput -= image;
    builder.tokens('image', image, prices.outputImagePerMTok, 'image (output tokens)');
  }
  chargeOrWarn(builder, 'output', plainOutput, prices.outputPerMTok, `${model} has no output price`);

  const reasoning = count(output.reasoning, 'output.reasoning', builder);
  if (reasoning <= 0) return;
  if (prices.reasoningPerMTok) builder.tokens('reasoning', reasoning, prices.reasoningPerMTok);
  else if (prices.outputPerMTok) builder.tokens('reasoning', reasoning, prices.outputPerMTok, 'reasoning', ' (output price)');
  else chargeOrWarn(builder, 'reasoning', reasoning, undefined, `${model} has no reasoning or output price`);
}

function priceUnits(builder: LineBuilder, model: string, prices: PriceFields, usage: Usage, options: UsagePricingOptions): void {
  if (prices.perRequest) {
    const cost = costOfUnits(1, prices.perRequest);
    builder.add('request', cost, `request: 1 × ${formatUsdPrice(prices.perRequest)} = ${formatUsdAmount(cost)}`);
  }
  const units = usage.units ?? {};
  for (const [unit, rawCount] of Object.entries(units)) {
    const quantity = count(rawCount, `units.${unit}`, builder);
    if (quantity <= 0) continue;
    if (unit === USAGE_UNIT_WEB_SEARCH && prices.perThousandWebSearches) {
      const perSearch = perThousand(prices.perThousandWebSearches);
      const cost = costOfUnits(quantity, perSearch);
      builder.add('web_search', cost, `web_search: ${formatCount(quantity)} × ${formatUsdPrice(perSearch)} = ${formatUsdAmount(cost)}`);
    } else if (unit === USAGE_UNIT_IMAGES && prices.perImage) {
      const cost = costOfUnits(quantity, prices.perImage);
      builder.add('image', cost, `image: ${formatCount(quantity)} × ${formatUsdPrice(prices.perImage)} = ${formatUsdAmount(cost)}`);
    } else if (unit === USAGE_UNIT_IMAGES && (usage.output.image ?? 0) > 0 && prices.outputImagePerMTok) {
      // Images already billed by their output tokens.
    } else {
      builder.estimate(`${model} has no price for usage unit "${unit}" (${formatCount(quantity)}); not charged`);
    }
  }
  const duration = options.streamDurationMs;
  if (duration !== undefined && duration > 0 && prices.perSecondStreaming) {
    const milliseconds = Math.round(duration);
    const perMillisecond: Decimal = { units: prices.perSecondStreaming.units, scale: prices.perSecondStreaming.scale + 3 };
    const cost = costOfUnits(milliseconds, perMillisecond);
    builder.add('duration', cost, `duration: ${formatCount(milliseconds)} ms × ${formatUsdPrice(prices.perSecondStreaming)}/s = ${formatUsdAmount(cost)}`);
  }
}

function chargeOrWarn(builder: LineBuilder, line: CostLineName, tokens: number, price: Decimal | undefined, problem: string): void {
  if (tokens <= 0) return;
  if (price) return builder.tokens(line, tokens, price);
  builder.estimate(`${problem}: ${formatCount(tokens)} ${line} tokens not charged`);
}

function perThousand(price: Decimal): Decimal {
  return { units: price.units, scale: price.scale + 3 };
}

/** A usable token count; anything else counts as zero, and says so. */
function count(value: number | undefined, name: string, builder: LineBuilder): number {
  if (value === undefined || value === 0) return 0;
  if (Number.isSafeInteger(value) && value > 0) return value;
  builder.estimate(`usage ${name} is not a non-negative whole number (${value}); counted as 0`);
  return 0;
}
