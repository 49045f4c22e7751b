/**
 * `tollgate prices [MODEL…]`: what models cost per million tokens, dimension by dimension, and
 * where each price comes from; with `--workload`, the models ranked by what that workload costs.
 */
import { Command, InvalidArgumentError } from 'commander';
import { formatUsd } from '../core/money.js';
import { usageFromParts } from '../core/usage.js';
import { formatPerMTok, type PriceBook, type PriceCard } from '../pricing/index.js';
import { providerTypes } from '../providers/registry.js';
import { formatTable } from './format-table.js';
import { loadPricingContext, type PricingContext } from './pricing-context.js';

/** Shown when no model is named: the models most teams compare. */
const DEFAULT_MODELS = [
  'openai/gpt-5', 'openai/gpt-5-mini', 'openai/gpt-4.1', 'openai/gpt-4.1-mini', 'openai/gpt-4.1-nano', 'openai/gpt-4o', 'openai/gpt-4o-mini', 'openai/o3', 'openai/o4-mini',
  'anthropic/claude-opus-4-5', 'anthropic/claude-sonnet-4-5', 'anthropic/claude-haiku-4-5',
  'gemini/gemini-2.5-pro', 'gemini/gemini-2.5-flash', 'gemini/gemini-2.5-flash-lite',
  'deepseek/deepseek-chat', 'deepseek/deepseek-reasoner', 'mistral/mistral-large-latest', 'mistral/mistral-small-latest',
  'xai/grok-4', 'xai/grok-3-mini', 'cohere/command-a-03-2025', 'groq/llama-3.3-70b-versatile',
];

export interface Workload {
  input: number;
  output: number;
  cached: number;
}

export function parseWorkload(text: string): Workload {
  const workload: Workload = { input: 0, output: 0, cached: 0 };
  for (const part of text.split(',')) {
    const [name, value] = part.split('=').map((piece) => piece.trim());
    const count = Number(value?.replace(/_/g, ''));
    if (!name || !(name in workload) || !Number.isInteger(count) || count < 0) {
      throw new InvalidArgumentError(`"${part}" is not name=count; use input=, output= and cached= with whole token counts`);
    }
    workload[name as keyof Workload] = count;
  }
  if (workload.cached > workload.input) throw new InvalidArgumentError('cached tokens are part of the input: cached cannot exceed input');
  return workload;
}

interface PricedModel {
  name: string;
  providerType: string;
  model: string;
  card: PriceCard;
}

export function pricesCommand(): Command {
  return new Command('prices')
    .description('prices per million tokens per dimension, with their source; --workload ranks models by cost')
    .argument('[models...]', 'provider/model or bare model names (default: a list of popular models)')
    .option('-c, --config <file>', 'config file whose pricing.overrides apply (default ./tollgate.yaml when present)')
    .option('-w, --workload <spec>', 'rank by the cost of input=N,output=N,cached=N tokens', parseWorkload)
    .option('--at <date>', 'prices in effect at this time (ISO 8601); default now')
    .option('--json', 'print JSON for scripts')
    .action(async (names: string[], options: { config?: string; workload?: Workload; at?: string; json?: boolean }) => {
      const context = await loadPricingContext(options.config);
      const at = options.at ? new Date(options.at) : new Date();
      if (Number.isNaN(at.getTime())) throw new InvalidArgumentError(`--at: "${options.at}" is not a date`);
      const requested = names.length > 0 ? names : [...DEFAULT_MODELS, ...context.configuredModels];
      const { priced, unknown } = resolveModels(context, requested, at);
      const rows = priced.map((entry) => ({ ...entry, workloadPico: options.workload ? workloadCost(context.priceBook, entry, options.workload, at) : undefined }));
      if (options.workload) rows.sort((left, right) => compareCost(left.workloadPico, right.workloadPico));
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ at: at.toISOString(), catalogVersion: context.priceBook.catalogVersion, workload: options.workload ?? null, models: rows.map(toJson), unknown }, null, 2)}\n`);
        return;
      }
      const headers = ['model', 'input', 'cache read', 'cache write 5m', 'cache write 1h', 'output', 'context', ...(options.workload ? ['workload cost'] : []), 'source'];
      const table = rows.map((row) => [
        row.name,
        price(row.card.inputPerMTok),
        price(row.card.cacheReadPerMTok),
        price(row.card.cacheWrite5mPerMTok),
        price(row.card.cacheWrite1hPerMTok),
        price(row.card.outputPerMTok),
        row.card.contextWindow ? String(row.card.contextWindow) : '-',
        ...(options.workload ? [row.workloadPico === undefined ? 'unknown' : `$${formatUsd(row.workloadPico)}`] : []),
        sourceText(row.card),
      ]);
      process.stdout.write(`Prices per million tokens at ${at.toISOString()} (catalog @pydantic/genai-prices ${context.priceBook.catalogVersion}${context.configPath ? `, overrides from ${context.configPath}` : ''})\n\n`);
      process.stdout.write(`${formatTable(headers, table)}\n`);
      if (unknown.length > 0) process.stdout.write(`\nNo price known for: ${unknown.join(', ')} (add them under pricing.overrides)\n`);
    });
}

function resolveModels(context: PricingContext, names: readonly string[], at: Date): { priced: PricedModel[]; unknown: string[] } {
  const priced: PricedModel[] = [];
  const unknown: string[] = [];
  const types = providerTypes();
  for (const name of new Set(names)) {
    const slash = name.indexOf('/');
    const prefix = slash > 0 ? name.slice(0, slash) : undefined;
    const configuredType = prefix === undefined ? undefined : context.providerTypeOf(prefix);
    const candidates: Array<[string, string]> =
      prefix !== undefined && (configuredType !== undefined || types.includes(prefix))
        ? [[configuredType ?? prefix, name.slice(slash + 1)]]
        : types.map((type): [string, string] => [type, name]);
    const found = candidates.map(([type, model]) => ({ type, model, card: context.priceBook.resolve(type, model, at, prefix) })).find((entry) => entry.card !== undefined);
    if (found?.card) priced.push({ name, providerType: found.type, model: found.model, card: found.card });
    else unknown.push(name);
  }
  return { priced, unknown };
}

function workloadCost(book: PriceBook, entry: PricedModel, workload: Workload, at: Date): bigint | undefined {
  const usage = usageFromParts({ noCacheInput: workload.input - workload.cached, cacheRead: workload.cached, textOutput: workload.output });
  return book.price({ providerType: entry.providerType, providerId: entry.providerType, model: entry.model, usage, at }).totalPico ?? undefined;
}

function compareCost(left: bigint | undefined, right: bigint | undefined): number {
  if (left === undefined) return right === undefined ? 0 : 1;
  if (right === undefined) return -1;
  return left < right ? -1 : left > right ? 1 : 0;
}

function price(value: Parameters<typeof formatPerMTok>[0] | undefined): string {
  return value === undefined ? '-' : formatPerMTok(value).replace('/MTok', '');
}

function sourceText(card: PriceCard): string {
  return card.source.kind === 'catalog' ? `catalog ${card.source.providerId}/${card.source.modelId}` : `config ${card.source.path}`;
}

function toJson(row: PricedModel & { workloadPico: bigint | undefined }): Record<string, unknown> {
  const perMTok = (value: Parameters<typeof formatPerMTok>[0] | undefined): string | null => (value === undefined ? null : formatPerMTok(value).replace(/^\$|\/MTok$/g, ''));
  return {
    model: row.name,
    provider_type: row.providerType,
    usd_per_mtok: {
      input: perMTok(row.card.inputPerMTok),
      cache_read: perMTok(row.card.cacheReadPerMTok),
      cache_write_5m: perMTok(row.card.cacheWrite5mPerMTok),
      cache_write_1h: perMTok(row.card.cacheWrite1hPerMTok),
      output: perMTok(row.card.outputPerMTok),
      reasoning: perMTok(row.card.reasoningPerMTok),
    },
    context_window: row.card.contextWindow ?? null,
    long_context_tiers: (row.card.longContext ?? []).map((tier) => ({ above_input_tokens: tier.thresholdTokens })),
    workload_cost_usd: row.workloadPico === undefined ? null : formatUsd(row.workloadPico),
    source: sourceText(row.card),
  };
}
