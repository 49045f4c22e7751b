import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findProvider } from '@pydantic/genai-prices';
import { CATALOG_VERSION, catalogIdsFor, catalogModelNames, findCatalogModel } from './genai-catalog.js';
import { CATALOG_PROVIDER_IDS } from './provider-ids.js';

describe('the genai-prices adapter', () => {
  it('names the installed catalog version', () => {
    const installed: unknown = JSON.parse(readFileSync(new URL('../../../node_modules/@pydantic/genai-prices/package.json', import.meta.url), 'utf8'));
    expect(installed).toMatchObject({ version: CATALOG_VERSION });
  });

  it('every mapped catalog id exists in the catalog', () => {
    for (const ids of Object.values(CATALOG_PROVIDER_IDS)) for (const id of ids) expect(findProvider({ providerId: id })?.id, id).toBe(id);
  });

  it('has no Alibaba / Qwen provider, so qwen maps to nothing', () => {
    for (const id of ['alibaba', 'qwen', 'dashscope']) expect(findProvider({ providerId: id })).toBeUndefined();
    expect(catalogIdsFor('qwen')).toEqual([]);
  });

  it('looks up unmapped provider types under their own name', () => {
    expect(catalogIdsFor('perplexity')).toEqual(['perplexity']);
    expect(catalogIdsFor('no-such-host')).toEqual([]);
  });

  it('uses the catalog matching: dated snapshots and case', () => {
    expect(findCatalogModel(['openai'], 'gpt-4o-mini-2024-07-18')?.model.id).toBe('gpt-4o-mini');
    expect(findCatalogModel(['anthropic'], 'Claude-Sonnet-4-5-20250929')?.model.id).toBe('claude-sonnet-4-5');
    expect(findCatalogModel(['openai'], 'not-a-model')).toBeUndefined();
  });

  it('reports the provider that actually priced a fallback model', () => {
    expect(findCatalogModel(['azure', 'openai'], 'gpt-4o')).toMatchObject({ providerId: 'openai' });
  });

  it('lists names that resolve back to their own entries', () => {
    const names = catalogModelNames('openai');
    expect(names).toContain('gpt-4o-mini');
    expect(names.some((name) => name.endsWith('-'))).toBe(false);
    for (const name of names) expect(findCatalogModel(['openai'], name), name).toBeDefined();
    expect(catalogModelNames('no-such-provider')).toEqual([]);
  });
});
