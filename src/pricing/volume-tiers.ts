/**
 * Volume tiers from config price cards: a discount that grows as month-to-date spend crosses
 * thresholds. The basis is UNDISCOUNTED (list-price) spend, so thresholds read as list-price
 * dollars and do not move as discounts apply. A request that crosses a threshold is split
 * exactly at it: the part below earns the lower tier's discount, the part above the higher
 * one. Beyond the last threshold the last tier's discount continues. The running total lives
 * in the store; this is only the pure arithmetic.
 *
 *   { type: volume, basis: month, tiers: [
 *       { upToUsd: "1000",  discount: "0" },      # first $1,000 of the month at list price
 *       { upToUsd: "10000", discount: "0.1" },    # next $9,000 at 10% off
 *       { discount: "0.2" } ] }                    # everything above at 20% off
 */
import { type Decimal, type Picodollars, decimalToString, divideRoundHalfEven, parseDecimal, parseUsd } from '../core/money.js';
import { formatUsdAmount } from './explain.js';
import { PricingConfigError } from './overrides.js';

export interface VolumeTierConfig {
  /** Upper end of the tier in month-to-date list-price USD; omitted on the last tier. */
  upToUsd?: string | number | undefined;
  /** Fraction off, "0" to "1". */
  discount: string | number;
}

export interface VolumeCardConfig {
  type: 'volume';
  basis: 'month';
  tiers: VolumeTierConfig[];
}

export interface VolumeTier {
  upToPico: Picodollars | null;
  discount: Decimal;
}

export interface VolumeSchedule {
  basis: 'month';
  tiers: VolumeTier[];
}

export interface VolumeSplit {
  fromPico: Picodollars;
  toPico: Picodollars;
  discount: Decimal;
  discountPico: Picodollars;
}

export interface VolumeDiscount {
  discountPico: Picodollars;
  splits: VolumeSplit[];
}

export function parseVolumeCard(config: VolumeCardConfig, path: string): VolumeSchedule {
  if (config.basis !== 'month') throw new PricingConfigError(`${path}.basis`, 'only "month" is supported');
  if (!Array.isArray(config.tiers) || config.tiers.length === 0) throw new PricingConfigError(`${path}.tiers`, 'expected at least one tier');
  let previous = -1n;
  const tiers = config.tiers.map((tier, index): VolumeTier => {
    const tierPath = `${path}.tiers[${index}]`;
    const discount = readDecimal(tier.discount, `${tierPath}.discount`);
    if (discount.units < 0n || compareToOne(discount) > 0) throw new PricingConfigError(`${tierPath}.discount`, 'a discount is a fraction from 0 to 1');
    const isLast = index === config.tiers.length - 1;
    if (tier.upToUsd === undefined) {
      if (!isLast) throw new PricingConfigError(`${tierPath}.upToUsd`, 'only the last tier may omit upToUsd');
      return { upToPico: null, discount };
    }
    const upToPico = readUsd(tier.upToUsd, `${tierPath}.upToUsd`);
    if (upToPico <= previous) throw new PricingConfigError(`${tierPath}.upToUsd`, 'tiers must rise: each upToUsd above the one before');
    previous = upToPico;
    return { upToPico: isLast ? null : upToPico, discount };
  });
  return { basis: 'month', tiers };
}

/** The discount on `grossPico` of new spend when `monthToDatePico` was already spent. */
export function volumeDiscount(schedule: VolumeSchedule, monthToDatePico: Picodollars, grossPico: Picodollars): VolumeDiscount {
  const start = monthToDatePico > 0n ? monthToDatePico : 0n;
  const end = start + (grossPico > 0n ? grossPico : 0n);
  const splits: VolumeSplit[] = [];
  let discountPico = 0n;
  let lower = 0n;
  for (const tier of schedule.tiers) {
    const upper = tier.upToPico;
    const from = start > lower ? start : lower;
    const to = upper === null || end < upper ? end : upper;
    if (to > from) {
      const amount = to - from;
      const discountOnPart = divideRoundHalfEven(amount * tier.discount.units, 10n ** BigInt(tier.discount.scale));
      splits.push({ fromPico: from, toPico: to, discount: tier.discount, discountPico: discountOnPart });
      discountPico += discountOnPart;
    }
    if (upper === null || upper >= end) break;
    lower = upper;
  }
  return { discountPico, splits };
}

export function explainVolumeSplit(split: VolumeSplit): string {
  const percent = decimalToString({ units: split.discount.units * 100n, scale: split.discount.scale });
  return `volume_discount: ${percent}% of ${formatUsdAmount(split.toPico - split.fromPico)} spent between ${formatUsdAmount(split.fromPico)} and ${formatUsdAmount(split.toPico)} this month = ${formatUsdAmount(-split.discountPico)}`;
}

function readDecimal(value: string | number, path: string): Decimal {
  try {
    return parseDecimal(value);
  } catch (error) {
    throw new PricingConfigError(path, error instanceof Error ? error.message : String(error));
  }
}

function readUsd(value: string | number, path: string): Picodollars {
  try {
    const amount = parseUsd(String(value));
    if (amount <= 0n) throw new RangeError('must be above zero');
    return amount;
  } catch (error) {
    throw new PricingConfigError(path, error instanceof Error ? error.message : String(error));
  }
}

function compareToOne(decimal: Decimal): number {
  const one = 10n ** BigInt(decimal.scale);
  return decimal.units === one ? 0 : decimal.units > one ? 1 : -1;
}
