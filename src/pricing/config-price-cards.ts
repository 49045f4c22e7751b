/**
 * `pricing.priceCards`: config price rules the catalog cannot express, keyed `provider/model`,
 * `provider/*` (every model of a provider), bare `model`, or `*`. Two kinds:
 *   { type: volume, basis: month, tiers: [...] }          month-to-date volume discount
 *   { type: streaming, perSecondUsd: "0.0001" }            billed per millisecond streamed
 * (`perMillisecondUsd` is accepted too). A key may hold one card or a list.
 */
import { z } from 'zod';
import { type Decimal, parseDecimal } from '../core/money.js';
import { PricingConfigError, overridePath } from './overrides.js';
import { type VolumeCardConfig, type VolumeSchedule, parseVolumeCard } from './volume-tiers.js';

export interface StreamingCardConfig {
  type: 'streaming';
  perSecondUsd?: string | number | undefined;
  perMillisecondUsd?: string | number | undefined;
}

export type PriceCardConfig = VolumeCardConfig | StreamingCardConfig;

export type PriceCardsConfig = Readonly<Record<string, PriceCardConfig | readonly PriceCardConfig[]>>;

export interface VolumeRule {
  key: string;
  path: string;
  schedule: VolumeSchedule;
}

export interface StreamingRule {
  key: string;
  path: string;
  perSecond: Decimal;
}

const decimalText = z.union([z.string(), z.number()]);
const cardSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('volume'),
    basis: z.literal('month'),
    tiers: z.array(z.strictObject({ upToUsd: decimalText.optional(), discount: decimalText })).min(1),
  }),
  z.strictObject({ type: z.literal('streaming'), perSecondUsd: decimalText.optional(), perMillisecondUsd: decimalText.optional() }),
]);
/** One key's value in `pricing.priceCards`: a card or a list of cards (the config schema uses it too). */
export const priceCardsValueSchema = z.union([cardSchema, z.array(cardSchema)]);

export class ConfigPriceCards {
  readonly #volume = new Map<string, VolumeRule>();
  readonly #streaming = new Map<string, StreamingRule>();

  constructor(config: PriceCardsConfig = {}, basePath = 'pricing.priceCards') {
    for (const [key, value] of Object.entries(config)) {
      const path = overridePath(basePath, key);
      const parsed = priceCardsValueSchema.safeParse(value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const suffix = (issue?.path ?? []).map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.${String(segment)}`)).join('');
        throw new PricingConfigError(`${path}${suffix}`, issue?.message ?? 'not a price card');
      }
      const cards = Array.isArray(parsed.data) ? parsed.data : [parsed.data];
      const normalizedKey = key.trim().toLowerCase();
      cards.forEach((card, index) => {
        const cardPath = cards.length > 1 || Array.isArray(value) ? `${path}[${index}]` : path;
        if (card.type === 'volume') {
          if (this.#volume.has(normalizedKey)) throw new PricingConfigError(cardPath, 'a second volume card for the same key');
          this.#volume.set(normalizedKey, { key, path: cardPath, schedule: parseVolumeCard(card, cardPath) });
        } else {
          if (this.#streaming.has(normalizedKey)) throw new PricingConfigError(cardPath, 'a second streaming card for the same key');
          this.#streaming.set(normalizedKey, { key, path: cardPath, perSecond: streamingPrice(card, cardPath) });
        }
      });
    }
  }

  volumeFor(candidates: readonly string[]): VolumeRule | undefined {
    return firstOf(this.#volume, candidates);
  }

  streamingFor(candidates: readonly string[]): StreamingRule | undefined {
    return firstOf(this.#streaming, candidates);
  }
}

/** Keys that could hold a card for this request, most specific first. */
export function priceCardKeyCandidates(providerType: string, model: string, providerId?: string): string[] {
  const name = model.trim().toLowerCase();
  const type = providerType.toLowerCase();
  const id = providerId?.toLowerCase();
  const keys = [];
  if (id !== undefined && id !== type) keys.push(`${id}/${name}`);
  keys.push(`${type}/${name}`);
  if (id !== undefined && id !== type) keys.push(`${id}/*`);
  keys.push(`${type}/*`, name, '*');
  return keys;
}

function streamingPrice(card: StreamingCardConfig, path: string): Decimal {
  const hasSecond = card.perSecondUsd !== undefined;
  const hasMillisecond = card.perMillisecondUsd !== undefined;
  if (hasSecond === hasMillisecond) throw new PricingConfigError(path, 'give exactly one of perSecondUsd or perMillisecondUsd');
  const field = hasSecond ? 'perSecondUsd' : 'perMillisecondUsd';
  let price: Decimal;
  try {
    price = parseDecimal(String(hasSecond ? card.perSecondUsd : card.perMillisecondUsd));
  } catch (error) {
    throw new PricingConfigError(`${path}.${field}`, error instanceof Error ? error.message : String(error));
  }
  if (price.units < 0n) throw new PricingConfigError(`${path}.${field}`, 'a price cannot be negative');
  return hasSecond ? price : parseDecimal(`${price.units * 1000n}e-${price.scale}`);
}

function firstOf<T>(rules: ReadonlyMap<string, T>, candidates: readonly string[]): T | undefined {
  for (const key of candidates) {
    const rule = rules.get(key);
    if (rule) return rule;
  }
  return undefined;
}
