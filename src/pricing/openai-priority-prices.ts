/**
 * OpenAI's published Priority processing prices (USD per million tokens), read from
 * openai.com/api-priority-processing. Only models that page lists are here; a priority
 * request for any other model is priced at standard and marked estimated. Keys are model
 * names as sent; a dated snapshot (`gpt-4.1-2025-04-14`) uses its base name unless listed
 * itself. The page notes priority excludes long context (requests over ~128K prompt
 * tokens), which OpenAI then serves, and reports, at another tier.
 */
import type { OverrideValues } from './overrides.js';

export const OPENAI_PRIORITY_PRICES: Readonly<Record<string, OverrideValues>> = {
  'gpt-5.5': { input_mtok: '12.50', cache_read_mtok: '1.25', output_mtok: '75.00' },
  'gpt-5.4': { input_mtok: '5.00', cache_read_mtok: '0.50', output_mtok: '30.00' },
  'gpt-5.4-mini': { input_mtok: '1.50', cache_read_mtok: '0.15', output_mtok: '9.00' },
  'gpt-5.2': { input_mtok: '3.50', cache_read_mtok: '0.35', output_mtok: '28.00' },
  'gpt-5.1': { input_mtok: '2.50', cache_read_mtok: '0.25', output_mtok: '20.00' },
  'gpt-5.1-codex': { input_mtok: '2.50', cache_read_mtok: '0.25', output_mtok: '20.00' },
  'gpt-5': { input_mtok: '2.50', cache_read_mtok: '0.25', output_mtok: '20.00' },
  'gpt-5-codex': { input_mtok: '2.50', cache_read_mtok: '0.25', output_mtok: '20.00' },
  'gpt-5-mini': { input_mtok: '0.45', cache_read_mtok: '0.045', output_mtok: '3.60' },
  'gpt-4.1': { input_mtok: '3.50', cache_read_mtok: '0.875', output_mtok: '14.00' },
  'gpt-4.1-mini': { input_mtok: '0.70', cache_read_mtok: '0.175', output_mtok: '2.80' },
  'gpt-4.1-nano': { input_mtok: '0.20', cache_read_mtok: '0.05', output_mtok: '0.80' },
  'gpt-4o': { input_mtok: '4.25', cache_read_mtok: '2.125', output_mtok: '17.00' },
  'gpt-4o-2024-11-20': { input_mtok: '4.25', cache_read_mtok: '2.125', output_mtok: '17.00' },
  'gpt-4o-2024-08-06': { input_mtok: '4.25', cache_read_mtok: '2.125', output_mtok: '17.00' },
  // Listed without a cached-input price.
  'gpt-4o-2024-05-13': { input_mtok: '8.75', output_mtok: '26.25' },
  'gpt-4o-mini': { input_mtok: '0.25', cache_read_mtok: '0.125', output_mtok: '1.00' },
  o3: { input_mtok: '3.50', cache_read_mtok: '0.875', output_mtok: '14.00' },
  'o4-mini': { input_mtok: '2.00', cache_read_mtok: '0.50', output_mtok: '8.00' },
};
