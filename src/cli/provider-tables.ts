/**
 * The README's provider tables, generated from the adapters themselves so they cannot drift:
 * which lanes, embeddings and usage rules each provider type has, and what the translation lane
 * does with each parameter.
 */
import { CHAT_PARAMETERS, parameterSupportFor } from '../providers/parameter-support.js';
import { adapterFor, providerTypes } from '../providers/registry.js';

/** What each provider's usage reports and how Tollgate bills it; facts of the wire formats. */
const USAGE_NOTES: Readonly<Record<string, string>> = {
  openai: 'cached ⊂ prompt; reasoning ⊂ completion; priority/flex tiers',
  anthropic: 'cache reads and 5m/1h writes apart from input; stream usage merged field by field',
  gemini: 'cached ⊂ prompt; tool-use prompt and thoughts billed; stream totals repeat (last wins)',
  cohere: 'billed_units are billed; token counts kept raw',
  mistral: 'usage on the last content chunk',
  deepseek: 'cache hit + miss = prompt',
  xai: 'reasoning outside completion, billed as output',
  groq: 'OpenAI usage plus timings',
  together: 'OpenAI usage',
  fireworks: 'OpenAI usage; no stream_options',
  qwen: 'OpenAI usage; priced by config overrides (not in the catalog)',
  openrouter: 'its own usage.cost is what it bills',
  'azure-openai': 'OpenAI usage; deployments mapped to priced models',
};

export function providersMarkdown(): string {
  const rows = providerTypes().map((type) => {
    const adapter = adapterFor(type);
    if (!adapter) return '';
    const lanes = adapter.dialect === 'openai' || adapter.dialect === 'anthropic' ? `relay for ${adapter.dialect} clients, translation for others` : 'translation';
    return `| \`${type}\` | ${adapter.dialect} | ${lanes} | ${adapter.embeddings ? 'yes' : 'no'} | ${USAGE_NOTES[type] ?? ''} |`;
  });
  return ['| type | wire format | lanes | embeddings | usage |', '|---|---|---|---|---|', ...rows].join('\n');
}

export function parametersMarkdown(): string {
  const columns = providerTypes()
    .map((type) => adapterFor(type))
    .filter((adapter): adapter is NonNullable<typeof adapter> => adapter !== undefined)
    // OpenAI-compatible providers share one translation; one column stands for them all.
    .filter((adapter) => adapter.dialect !== 'openai' || adapter.type === 'openai');
  const header = `| parameter | ${columns.map((adapter) => (adapter.type === 'openai' ? 'openai (and compatible)' : adapter.type)).join(' | ')} |`;
  const rule = `|---|${columns.map(() => '---').join('|')}|`;
  const rows = CHAT_PARAMETERS.map((parameter) => {
    const cells = columns.map((adapter) => parameterSupportFor(adapter)?.find((row) => row.parameter === parameter)?.treatment ?? '—');
    return `| \`${parameter}\` | ${cells.join(' | ')} |`;
  });
  return [header, rule, ...rows].join('\n');
}
