/**
 * Worked examples, each total computed by hand from the catalog's published prices (never by
 * the catalog's own calculator): prices per million tokens × tokens.
 */
import { describe, expect, it } from 'vitest';
import { decimalToString, parseUsd } from '../core/money.js';
import { type Usage, usageFromParts } from '../core/usage.js';
import { PriceBook, type PriceRequest } from './price-book.js';
import type { CostBreakdown } from './price-card.js';

const AT = new Date('2025-09-01T12:00:00Z');
const book = new PriceBook();

function price(providerType: string, model: string, usage: Usage, extra: Partial<PriceRequest> = {}, priceBook = book): CostBreakdown {
  return priceBook.price({ providerType, providerId: providerType, model, usage, at: AT, ...extra });
}

function usd(lines: CostBreakdown['lines']): Record<string, string> {
  return Object.fromEntries(Object.entries(lines).map(([name, amount]) => [name, amount === undefined ? '' : decimalToString({ units: amount, scale: 12 })]));
}

function expectLinesAddUp(breakdown: CostBreakdown): void {
  const sum = Object.values(breakdown.lines).reduce<bigint>((total, amount) => total + (amount ?? 0n), 0n);
  expect(breakdown.totalPico).toBe(sum);
}

describe('worked examples', () => {
  it('gpt-4o-mini: 10,000 prompt tokens (8,000 cached) and 200 output cost $0.00102', () => {
    const cost = price('openai', 'gpt-4o-mini', usageFromParts({ noCacheInput: 2000, cacheRead: 8000, textOutput: 200 }));
    expect(cost.status).toBe('exact');
    expect(cost.totalPico).toBe(parseUsd('0.00102'));
    expect(usd(cost.lines)).toEqual({ input: '0.0003', cache_read: '0.0006', output: '0.00012' });
    expect(cost.explanation).toContain('input: 2,000 tokens × $0.15/MTok = $0.0003');
    expect(cost.source).toEqual({ kind: 'catalog', catalog: '@pydantic/genai-prices', version: '0.1.8', providerId: 'openai', modelId: 'gpt-4o-mini' });
    expect(cost.warnings).toEqual([]);
    expectLinesAddUp(cost);
  });

  it('claude-sonnet-4-5 with 5m and 1h cache writes and cache reads', () => {
    // input $3, 5m write $3.75, 1h write $6, read $0.30, output $15 per MTok.
    const usage = usageFromParts({ noCacheInput: 1000, cacheRead: 50_000, cacheWrite5m: 10_000, cacheWrite1h: 4000, textOutput: 500 });
    const cost = price('anthropic', 'claude-sonnet-4-5-20250929', usage);
    expect(cost.status).toBe('exact');
    // 0.003 + 0.015 + (0.0375 + 0.024) + 0.0075
    expect(cost.totalPico).toBe(parseUsd('0.087'));
    expect(usd(cost.lines)).toEqual({ input: '0.003', cache_read: '0.015', cache_write: '0.0615', output: '0.0075' });
    expect(cost.explanation).toContain('cache_write (1h): 4,000 tokens × $6/MTok = $0.024');
    expectLinesAddUp(cost);
  });

  describe('gemini-2.5-pro around its 200k long-context threshold', () => {
    // Base: input $1.25, cache read $0.125, output $10. Above 200k input: $2.50, $0.25, $15.
    it.each([
      ['one token under', 189_999, '0.24874875', { input: '0.23749875', cache_read: '0.00125', output: '0.01' }],
      ['exactly at it (not strictly over)', 190_000, '0.24875', { input: '0.2375', cache_read: '0.00125', output: '0.01' }],
      ['one token over: every price switches, output too', 190_001, '0.4925025', { input: '0.4750025', cache_read: '0.0025', output: '0.015' }],
    ])('%s', (_label, noCacheInput, total, lines) => {
      const cost = price('gemini', 'gemini-2.5-pro', usageFromParts({ noCacheInput, cacheRead: 10_000, textOutput: 1000 }));
      expect(cost.totalPico).toBe(parseUsd(total));
      expect(usd(cost.lines)).toEqual(lines);
      expectLinesAddUp(cost);
    });

    it('counts cache reads and writes toward the threshold', () => {
      const cost = price('gemini', 'gemini-2.5-pro', usageFromParts({ noCacheInput: 1, cacheRead: 200_000 }));
      expect(usd(cost.lines)).toEqual({ input: '0.0000025', cache_read: '0.05' });
    });
  });

  describe('deepseek-chat: standard 00:30–16:30 UTC, off-peak outside it', () => {
    // Peak: $0.27 / $0.07 cached / $1.10. Off-peak: $0.135 / $0.035 / $0.55.
    const usage = usageFromParts({ noCacheInput: 100_000, cacheRead: 20_000, textOutput: 10_000 });
    it.each([
      ['2025-03-01T12:00:00Z', '0.0394'],
      ['2025-03-01T00:30:00.000Z', '0.0394'],
      ['2025-03-01T16:29:59.999Z', '0.0394'],
      ['2025-03-01T16:30:00.000Z', '0.0197'],
      ['2025-03-01T20:00:00Z', '0.0197'],
      ['2025-03-02T00:29:59.999Z', '0.0197'],
    ])('at %s costs $%s', (iso, total) => {
      expect(price('deepseek', 'deepseek-chat', usage, { at: new Date(iso) }).totalPico).toBe(parseUsd(total));
    });
  });

  it('o4-mini bills reasoning tokens at the output price', () => {
    // input $1.10, output $4.40: 2,000 in, 300 text out, 1,200 reasoning.
    const cost = price('openai', 'o4-mini', usageFromParts({ noCacheInput: 2000, textOutput: 300, reasoningOutput: 1200 }));
    expect(usd(cost.lines)).toEqual({ input: '0.0022', output: '0.00132', reasoning: '0.00528' });
    expect(cost.totalPico).toBe(parseUsd('0.0088'));
    expect(cost.explanation).toContain('reasoning: 1,200 tokens × $4.4/MTok = $0.00528 (output price)');
  });

  it('o3 follows its 2025-06-10 price cut', () => {
    const usage = usageFromParts({ noCacheInput: 1000, textOutput: 100, reasoningOutput: 1000 });
    expect(price('openai', 'o3', usage, { at: new Date('2025-05-01T00:00:00Z') }).totalPico).toBe(parseUsd('0.054'));
    expect(price('openai', 'o3', usage, { at: new Date('2025-07-01T00:00:00Z') }).totalPico).toBe(parseUsd('0.0108'));
  });

  it('a model that prices reasoning apart (perplexity sonar-deep-research)', () => {
    // input $2, output $8, reasoning $3, web searches $5 per thousand.
    const usage: Usage = { ...usageFromParts({ noCacheInput: 1000, textOutput: 1000, reasoningOutput: 10_000 }), units: { web_search: 3 } };
    const cost = price('perplexity', 'sonar-deep-research', usage);
    expect(usd(cost.lines)).toEqual({ input: '0.002', output: '0.008', reasoning: '0.03', web_search: '0.015' });
    expect(cost.status).toBe('exact');
  });

  it('per-request fees (perplexity sonar: $12 per thousand requests)', () => {
    const cost = price('perplexity', 'sonar', usageFromParts({ noCacheInput: 1000, textOutput: 1000 }));
    expect(usd(cost.lines)).toEqual({ input: '0.001', output: '0.001', request: '0.012' });
  });

  it('web searches per thousand (gpt-4o-mini: $10 per thousand)', () => {
    const usage: Usage = { ...usageFromParts({ noCacheInput: 1000 }), units: { web_search: 2 } };
    expect(usd(price('openai', 'gpt-4o-mini', usage).lines)).toEqual({ input: '0.00015', web_search: '0.02' });
  });

  it('input audio priced apart (gemini-2.5-flash: text $0.30, audio $1)', () => {
    const usage = usageFromParts({ noCacheInput: 10_000, textOutput: 1000 });
    usage.input.audio = 4000;
    const cost = price('gemini', 'gemini-2.5-flash', usage);
    expect(usd(cost.lines)).toEqual({ input: '0.0018', input_audio: '0.004', output: '0.0025' });
    expect(cost.totalPico).toBe(parseUsd('0.0083'));
  });

  it('output audio priced apart (gpt-audio: text $10, audio $64)', () => {
    const usage = usageFromParts({ noCacheInput: 0, textOutput: 1000 });
    usage.output.audio = 800;
    expect(usd(price('openai', 'gpt-audio', usage).lines)).toEqual({ output: '0.002', output_audio: '0.0512' });
  });

  it('generated image tokens (gemini-2.5-flash-image: text $2.50, image $30)', () => {
    const usage = usageFromParts({ noCacheInput: 100, textOutput: 1390 });
    usage.output.image = 1290;
    expect(usd(price('gemini', 'gemini-2.5-flash-image', usage).lines)).toEqual({ input: '0.00003', output: '0.00025', image: '0.0387' });
  });

  it('azure-openai finds OpenAI models through the fallback and names the real source', () => {
    const cost = price('azure-openai', 'gpt-4o-mini', usageFromParts({ noCacheInput: 2000, cacheRead: 8000, textOutput: 200 }));
    expect(cost.totalPico).toBe(parseUsd('0.00102'));
    expect(cost.source).toMatchObject({ kind: 'catalog', providerId: 'openai', modelId: 'gpt-4o-mini' });
  });
});

describe('unknown models', () => {
  it('has no number, one warning naming the model and the fix', () => {
    const cost = price('qwen', 'qwen-max', usageFromParts({ noCacheInput: 100, textOutput: 10 }), { providerId: 'dashscope' });
    expect(cost).toMatchObject({ status: 'unknown', totalPico: null, lines: {}, source: null, card: null });
    expect(cost.warnings).toHaveLength(1);
    expect(cost.warnings[0]).toContain('qwen model "qwen-max"');
    expect(cost.warnings[0]).toContain('pricing.overrides["dashscope/qwen-max"]');
  });

  it('an unknown OpenAI model is unknown too, not a neighbour', () => {
    expect(price('openai', 'gpt-unreleased-9', usageFromParts({ noCacheInput: 1 })).status).toBe('unknown');
  });
});

describe('overrides', () => {
  const custom = new PriceBook({
    overrides: {
      'openai/ft:gpt-4o-mini:acme': { input_mtok: '0.30', cache_read_mtok: '0.15', output_mtok: 1.2 },
      'gpt-4o-mini': { output_mtok: '0.5' },
      'qwen/qwen-max': { input_mtok: '1.6', output_mtok: '6.4' },
      'gemini/gemini-2.5-pro': { input_mtok: '1' },
      'acme/streamer': { input_mtok: '1', per_second_streaming: '0.0001' },
    },
  });

  it('prices a fine-tune the catalog lacks, with the config path as source', () => {
    const cost = price('openai', 'ft:gpt-4o-mini:acme', usageFromParts({ noCacheInput: 2000, cacheRead: 8000, textOutput: 200 }), {}, custom);
    expect(usd(cost.lines)).toEqual({ input: '0.0006', cache_read: '0.0012', output: '0.00024' });
    expect(cost.source).toEqual({ kind: 'config', path: 'pricing.overrides["openai/ft:gpt-4o-mini:acme"]' });
  });

  it('replaces only the fields it names, keeping the catalog for the rest', () => {
    const cost = price('openai', 'gpt-4o-mini', usageFromParts({ noCacheInput: 2000, cacheRead: 8000, textOutput: 200 }), {}, custom);
    expect(usd(cost.lines)).toEqual({ input: '0.0003', cache_read: '0.0006', output: '0.0001' });
    expect(cost.source).toMatchObject({ kind: 'config', path: 'pricing.overrides["gpt-4o-mini"]', catalogBase: { providerId: 'openai', modelId: 'gpt-4o-mini' } });
  });

  it('fills a provider the catalog lacks (Qwen)', () => {
    const cost = price('qwen', 'qwen-max', usageFromParts({ noCacheInput: 1000, textOutput: 1000 }), {}, custom);
    expect(cost.totalPico).toBe(parseUsd('0.008'));
  });

  it('an overridden price is flat: it holds above the long-context threshold too', () => {
    const cost = price('gemini', 'gemini-2.5-pro', usageFromParts({ noCacheInput: 300_000, textOutput: 1000 }), {}, custom);
    expect(usd(cost.lines)).toEqual({ input: '0.3', output: '0.015' });
  });

  it('bills stream duration per millisecond from per_second_streaming', () => {
    const cost = price('acme', 'streamer', usageFromParts({ noCacheInput: 1000 }), { streamDurationMs: 1234 }, custom);
    expect(usd(cost.lines)).toEqual({ input: '0.001', duration: '0.0001234' });
    expect(cost.explanation).toContain('duration: 1,234 ms × $0.0001/s = $0.0001234');
  });

  it('throws on an unknown key, naming the path', () => {
    expect(() => new PriceBook({ overrides: { 'openai/x': { input_mtk: '1' } } })).toThrow(
      'pricing.overrides["openai/x"].input_mtk: unknown price key',
    );
    expect(() => new PriceBook({ overrides: { 'openai/x': { input_mtok: '-1' } } })).toThrow('pricing.overrides["openai/x"].input_mtok: a price cannot be negative');
    expect(() => new PriceBook({ overrides: { 'openai/x': { input_mtok: 'cheap' } } })).toThrow('pricing.overrides["openai/x"].input_mtok');
  });

  it('lists override models among the known models of their provider type', () => {
    expect(custom.knownModels('qwen')).toEqual(['qwen-max']);
    expect(custom.knownModels('openai')).toContain('ft:gpt-4o-mini:acme');
    expect(custom.knownModels('openai')).toContain('gpt-4o-mini');
  });
});

describe('service tiers (billed by the tier reported)', () => {
  const usage = usageFromParts({ noCacheInput: 2000, cacheRead: 8000, textOutput: 200 });

  it.each([
    ['flex', '0.00051', { input: '0.00015', cache_read: '0.0003', output: '0.00006' }],
    ['batch', '0.00051', { input: '0.00015', cache_read: '0.0003', output: '0.00006' }],
    // Priority: $0.25 input, $0.125 cached, $1 output.
    ['priority', '0.0017', { input: '0.0005', cache_read: '0.001', output: '0.0002' }],
    ['default', '0.00102', { input: '0.0003', cache_read: '0.0006', output: '0.00012' }],
  ])('openai gpt-4o-mini at %s', (tier, total, lines) => {
    const cost = price('openai', 'gpt-4o-mini-2024-07-18', usage, { serviceTier: tier });
    expect(cost.totalPico).toBe(parseUsd(total));
    expect(usd(cost.lines)).toEqual(lines);
    expect(cost.status).toBe('exact');
  });

  it('reads the tier from the usage when the request does not say', () => {
    expect(price('openai', 'gpt-4o-mini', { ...usage, serviceTier: 'flex' }).totalPico).toBe(parseUsd('0.00051'));
  });

  it('priority for a model without a known priority price: standard, estimated, warned', () => {
    const cost = price('openai', 'gpt-4o-audio-preview', usageFromParts({ noCacheInput: 1000 }), { serviceTier: 'priority' });
    expect(cost.status).toBe('estimated');
    expect(cost.totalPico).toBe(parseUsd('0.0025'));
    expect(cost.warnings[0]).toContain('no known priority-tier price for openai/gpt-4o-audio-preview');
  });

  it('anthropic batch halves every line, cache writes included', () => {
    const anthropicUsage = usageFromParts({ noCacheInput: 1000, cacheRead: 50_000, cacheWrite5m: 10_000, cacheWrite1h: 4000, textOutput: 500 });
    const cost = price('anthropic', 'claude-sonnet-4-5', anthropicUsage, { serviceTier: 'batch' });
    expect(usd(cost.lines)).toEqual({ input: '0.0015', cache_read: '0.0075', cache_write: '0.03075', output: '0.00375' });
  });

  it('gemini flex halves the long-context tier as well', () => {
    const cost = price('gemini', 'gemini-2.5-pro', usageFromParts({ noCacheInput: 200_001, textOutput: 1000 }), { serviceTier: 'flex' });
    expect(usd(cost.lines)).toEqual({ input: '0.25000125', output: '0.0075' });
  });

  it('config rules replace the built-in ones', () => {
    const custom = new PriceBook({ serviceTierRules: { openai: { flex: { multiplier: '0.4' } }, gemini: { priority: { modelPrices: { 'gemini-2.5-flash': { input_mtok: '0.54', output_mtok: '4.5' } } } } } });
    expect(price('openai', 'gpt-4o-mini', usage, { serviceTier: 'flex' }, custom).totalPico).toBe(parseUsd('0.000408'));
    const gemini = price('gemini', 'gemini-2.5-flash', usageFromParts({ noCacheInput: 1000, textOutput: 1000 }), { serviceTier: 'SERVICE_TIER_PRIORITY' }, custom);
    expect(gemini).toMatchObject({ status: 'exact', serviceTier: 'priority' });
    expect(gemini.totalPico).toBe(parseUsd('0.00504'));
  });

  it('rejects a bad rule, naming the path', () => {
    expect(() => new PriceBook({ serviceTierRules: { openai: { flex: { multiplier: '-0.5' } } } })).toThrow('pricing.serviceTierRules.openai.flex.multiplier');
  });
});

describe('volume tiers from config price cards', () => {
  const volumeBook = new PriceBook({
    overrides: { 'acme/model': { input_mtok: '10', output_mtok: '10' } },
    priceCards: {
      'acme/*': { type: 'volume', basis: 'month', tiers: [{ upToUsd: '1000', discount: '0' }, { upToUsd: '10000', discount: '0.1' }, { discount: '0.2' }] },
    },
  });
  // 5,000 tokens at $10/MTok = $0.05 gross.
  const usage = usageFromParts({ noCacheInput: 5000 });

  it('splits a request that crosses $1,000 exactly at the threshold', () => {
    const cost = price('acme', 'model', usage, { monthToDateUsagePico: parseUsd('999.99') }, volumeBook);
    // $0.01 below at 0%, $0.04 above at 10% → $0.004 off.
    expect(usd(cost.lines)).toEqual({ input: '0.05', volume_discount: '-0.004' });
    expect(cost.totalPico).toBe(parseUsd('0.046'));
    expect(cost.volume).toEqual({ cardKey: 'acme/*', basisPico: parseUsd('0.05'), discountPico: parseUsd('0.004') });
    expectLinesAddUp(cost);
  });

  it('applies the top tier beyond the last threshold', () => {
    expect(price('acme', 'model', usage, { monthToDateUsagePico: parseUsd('20000') }, volumeBook).totalPico).toBe(parseUsd('0.04'));
  });

  it('without a month-to-date figure: no discount, estimated, warned', () => {
    const cost = price('acme', 'model', usage, {}, volumeBook);
    expect(cost.status).toBe('estimated');
    expect(cost.totalPico).toBe(parseUsd('0.05'));
    expect(cost.warnings[0]).toContain('no month-to-date usage');
  });

  it('rejects malformed cards, naming the path', () => {
    expect(() => new PriceBook({ priceCards: { x: { type: 'volume', basis: 'month', tiers: [{ discount: '0.1' }, { upToUsd: '5', discount: '0.2' }] } } })).toThrow(
      'pricing.priceCards["x"].tiers[0].upToUsd: only the last tier may omit upToUsd',
    );
    expect(() => new PriceBook({ priceCards: { x: { type: 'volume', basis: 'month', tiers: [{ upToUsd: '5', discount: '1.5' }] } } })).toThrow('tiers[0].discount');
  });
});

describe('streaming price cards', () => {
  it('bills per millisecond from a per-millisecond card', () => {
    const streaming = new PriceBook({ priceCards: { 'openai/gpt-4o-mini': { type: 'streaming', perMillisecondUsd: '0.0000001' } } });
    const cost = price('openai', 'gpt-4o-mini', usageFromParts({ noCacheInput: 2000 }), { streamDurationMs: 2500 }, streaming);
    expect(usd(cost.lines)).toEqual({ input: '0.0003', duration: '0.00025' });
  });
});

describe('resolve', () => {
  it('is memoised per model and re-chooses conditional prices by time', () => {
    const first = book.resolve('openai', 'gpt-4o-mini', AT);
    expect(book.resolve('openai', 'gpt-4o-mini', new Date('2030-01-01T00:00:00Z'))).toBe(first);
    const peak = book.resolve('deepseek', 'deepseek-chat', new Date('2025-03-01T12:00:00Z'));
    const offPeak = book.resolve('deepseek', 'deepseek-chat', new Date('2025-03-01T20:00:00Z'));
    expect(peak?.inputPerMTok && decimalToString(peak.inputPerMTok)).toBe('0.27');
    expect(offPeak?.inputPerMTok && decimalToString(offPeak.inputPerMTok)).toBe('0.135');
    expect(book.resolve('deepseek', 'deepseek-chat', new Date('2025-03-02T12:00:00Z'))).toBe(peak);
  });

  it('exposes long-context tiers and the context window', () => {
    const card = book.resolve('gemini', 'gemini-2.5-pro', AT);
    expect(card?.longContext?.map((tier) => [tier.thresholdTokens, tier.card.outputPerMTok && decimalToString(tier.card.outputPerMTok)])).toEqual([[200_000, '15']]);
    expect(book.resolve('openai', 'gpt-4o-mini', AT)?.contextWindow).toBe(128_000);
  });

  it('stays bounded when clients send made-up model names', () => {
    const small = new PriceBook({ maxCachedModels: 3 });
    for (let index = 0; index < 10; index += 1) expect(small.resolve('openai', `made-up-${index}`, AT)).toBeUndefined();
    expect(small.resolve('openai', 'gpt-4o-mini', AT)?.modelId).toBe('gpt-4o-mini');
  });

  it('knows the catalog models of each provider type', () => {
    expect(book.catalogVersion).toBe('0.1.8');
    expect(book.knownModels('openai')).toEqual(expect.arrayContaining(['gpt-4o-mini', 'o3', 'gpt-4.1']));
    expect(book.knownModels('anthropic')).toContain('claude-sonnet-4-5');
    expect(book.knownModels('azure-openai')).toContain('gpt-4o-mini');
    expect(book.knownModels('qwen')).toEqual([]);
    for (const name of book.knownModels('gemini')) expect(book.resolve('gemini', name, AT), name).toBeDefined();
  });
});

describe('explanations and warnings', () => {
  it('warns and estimates when a model has no cache-read price', () => {
    const cost = price('openai', 'gpt-4o-audio-preview', usageFromParts({ noCacheInput: 1000, cacheRead: 1000 }));
    expect(cost.status).toBe('estimated');
    expect(usd(cost.lines)).toEqual({ input: '0.0025', cache_read: '0.0025' });
    expect(cost.warnings[0]).toContain('no cache-read price');
  });

  it('uses the one cache-write price for 1h writes too, and says so', () => {
    const oneWritePrice = new PriceBook({ overrides: { 'x/m': { input_mtok: '1', cache_write_mtok: '1.25', output_mtok: '5' } } });
    const cost = price('x', 'm', usageFromParts({ cacheWrite5m: 1000, cacheWrite1h: 1000 }), {}, oneWritePrice);
    expect(usd(cost.lines)).toEqual({ cache_write: '0.0025' });
    expect(cost.status).toBe('estimated');
    expect(cost.warnings.join(' ')).toContain('one cache-write price only');
  });

  it('takes what the provider reports having billed as the cost, keeping the price card estimate beside it', () => {
    const usage: Usage = { ...usageFromParts({ noCacheInput: 2000, cacheRead: 8000, textOutput: 200 }), providerReportedCostUsd: '0.0011' };
    const cost = price('openai', 'gpt-4o-mini', usage);
    expect(cost.totalPico).toBe(1_100_000_000n);
    expect(cost.lines).toEqual({ provider_billed: 1_100_000_000n });
    expect(cost.catalogEstimatePico).toBe(1_020_000_000n);
    expect(cost.warnings).toEqual(['the provider billed $0.0011; the price card gives $0.00102']);
    expect(cost.status).toBe('exact');
  });

  it('prices a model the catalog lacks from what the provider billed, rounding finer digits to the picodollar', () => {
    const usage: Usage = { ...usageFromParts({ noCacheInput: 10, textOutput: 5 }), providerReportedCostUsd: '0.0000123456789012345' };
    const cost = price('openrouter', 'some-vendor/unlisted-model', usage);
    expect(cost.status).toBe('exact');
    expect(cost.totalPico).toBe(12_345_679n);
    expect(cost.catalogEstimatePico).toBeNull();
    expect(cost.warnings).toEqual([]);
  });

  it('marks inconsistent usage as an estimate', () => {
    const usage = usageFromParts({ noCacheInput: 10 });
    usage.input.total = 99;
    const cost = price('openai', 'gpt-4o-mini', usage);
    expect(cost.status).toBe('estimated');
    expect(cost.warnings[0]).toMatch(/^usage: input parts add up to 10/);
  });
});
