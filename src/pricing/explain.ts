/**
 * Human-readable money and price text for cost explanations and price tables. These run for
 * every priced request, so they avoid Intl and regular expressions, and price text is cached
 * per price object (cards are built once and reused).
 */
import { type Decimal, type Picodollars, decimalToString } from '../core/money.js';

const PICO_DIGITS = 12;
const priceText = new WeakMap<Decimal, string>();

/** 2000 → "2,000". */
export function formatCount(count: number | bigint): string {
  const digits = (typeof count === 'bigint' ? count : Math.trunc(count)).toString();
  const negative = digits.startsWith('-');
  const body = negative ? digits.slice(1) : digits;
  if (body.length <= 3) return digits;
  let grouped = '';
  for (let index = 0; index < body.length; index += 1) {
    if (index > 0 && (body.length - index) % 3 === 0) grouped += ',';
    grouped += body[index];
  }
  return negative ? `-${grouped}` : grouped;
}

/** A price per million tokens, for tables and explanations: "$0.15/MTok". */
export function formatPerMTok(price: Decimal): string {
  return `${formatUsdPrice(price)}/MTok`;
}

/** A plain USD price, e.g. per request: "$0.012". */
export function formatUsdPrice(price: Decimal): string {
  let text = priceText.get(price);
  if (text === undefined) {
    text = `$${decimalToString(price)}`;
    priceText.set(price, text);
  }
  return text;
}

/** Picodollars as dollars, exact, no exponent: 300_000_000n → "$0.0003". */
export function formatUsdAmount(amount: Picodollars): string {
  const negative = amount < 0n;
  const digits = (negative ? -amount : amount).toString();
  let whole: string;
  let fraction: string;
  if (digits.length > PICO_DIGITS) {
    whole = digits.slice(0, digits.length - PICO_DIGITS);
    fraction = digits.slice(digits.length - PICO_DIGITS);
  } else {
    whole = '0';
    fraction = '0'.repeat(PICO_DIGITS - digits.length) + digits;
  }
  let end = fraction.length;
  while (end > 0 && fraction.charCodeAt(end - 1) === 48) end -= 1;
  const text = end === 0 ? whole : `${whole}.${fraction.slice(0, end)}`;
  return negative && text !== '0' ? `-$${text}` : `$${text}`;
}

export function explainTokens(line: string, tokens: number, price: Decimal, cost: Picodollars, note = ''): string {
  return `${line}: ${formatCount(tokens)} tokens × ${formatPerMTok(price)} = ${formatUsdAmount(cost)}${note}`;
}
