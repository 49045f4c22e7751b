/**
 * Price keys as the catalog writes them (`input_mtok`, `web_searches_kcount`, ...) and as
 * `pricing.overrides` accepts them, mapped onto price-card fields. One table for both, so an
 * override key means exactly what the catalog key means.
 */
import { type Decimal, decimalToString, parseDecimal } from '../core/money.js';
import type { PriceFieldName } from './price-card.js';

interface PriceKeyRule {
  field: PriceFieldName;
  /** The card field is the key's value times 10^shift (per thousand → per one is -3). */
  shift?: number;
}

/*
 * Order matters: where two keys feed one field, the later, more specific key wins
 * (`cache_write_5m_mtok` over the generic `cache_write_mtok`, which is the 5-minute price in the
 * catalog: Anthropic lists it beside `cache_write_1h_mtok`).
 */
export const CATALOG_PRICE_KEYS: ReadonlyArray<readonly [string, PriceKeyRule]> = [
  ['input_mtok', { field: 'inputPerMTok' }],
  ['cache_read_mtok', { field: 'cacheReadPerMTok' }],
  ['cache_write_mtok', { field: 'cacheWrite5mPerMTok' }],
  ['cache_write_5m_mtok', { field: 'cacheWrite5mPerMTok' }],
  ['cache_write_1h_mtok', { field: 'cacheWrite1hPerMTok' }],
  ['output_mtok', { field: 'outputPerMTok' }],
  ['output_reasoning_mtok', { field: 'reasoningPerMTok' }],
  ['input_audio_mtok', { field: 'inputAudioPerMTok' }],
  ['output_audio_mtok', { field: 'outputAudioPerMTok' }],
  ['output_image_mtok', { field: 'outputImagePerMTok' }],
  ['requests_kcount', { field: 'perRequest', shift: -3 }],
  ['web_searches_kcount', { field: 'perThousandWebSearches' }],
];

/** Keys `pricing.overrides` accepts beyond the catalog's own. */
export const CONFIG_ONLY_PRICE_KEYS: ReadonlyArray<readonly [string, PriceKeyRule]> = [
  ['reasoning_mtok', { field: 'reasoningPerMTok' }],
  ['per_request', { field: 'perRequest' }],
  ['per_image', { field: 'perImage' }],
  ['images_kcount', { field: 'perImage', shift: -3 }],
  ['per_second_streaming', { field: 'perSecondStreaming' }],
  ['per_millisecond_streaming', { field: 'perSecondStreaming', shift: 3 }],
];

export const CONFIG_PRICE_KEYS: ReadonlyArray<readonly [string, PriceKeyRule]> = [...CATALOG_PRICE_KEYS, ...CONFIG_ONLY_PRICE_KEYS];

/** Keys in overrides that are not prices but describe the model. */
export const CONFIG_MODEL_KEYS = ['context_window', 'max_output_tokens'] as const;

export function applyPriceKeyRule(rule: PriceKeyRule, value: Decimal): Decimal {
  const shift = rule.shift ?? 0;
  if (shift === 0) return value;
  const shifted: Decimal = shift > 0
    ? { units: value.units * 10n ** BigInt(shift), scale: value.scale }
    : { units: value.units, scale: value.scale - shift };
  return parseDecimal(decimalToString(shifted));
}
