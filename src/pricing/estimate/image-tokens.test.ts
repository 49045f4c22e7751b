import { describe, expect, it } from 'vitest';
import { anthropicImageTokens, geminiImageTokens, imageTokens, openaiPatchTokens, openaiTileTokens } from './image-tokens.js';

describe('OpenAI tile formula', () => {
  it.each([
    // OpenAI's own examples: 1024² → 768² → 4 tiles; 2048×4096 → 1024×2048 → 768×1536 → 6 tiles.
    [1024, 1024, 'high', 765],
    [2048, 4096, 'high', 1105],
    [4096, 8192, 'low', 85],
    [512, 512, 'auto', 255],
    [513, 500, 'high', 425],
    [100, 100, 'high', 255],
  ] as const)('%i×%i at %s detail = %i', (width, height, detail, tokens) => {
    expect(openaiTileTokens(width, height, detail)).toBe(tokens);
    expect(imageTokens({ providerType: 'openai', model: 'gpt-4o', width, height, detail })).toBe(tokens);
  });

  it.each([
    ['gpt-4.1', 765],
    ['gpt-4o-2024-08-06', 765],
    ['gpt-4o-mini', 2833 + 5667 * 4],
    ['gpt-5', 70 + 140 * 4],
    ['o3', 75 + 150 * 4],
    ['computer-use-preview', 65 + 129 * 4],
  ])('%s: 1024×1024 = %i', (model, tokens) => {
    expect(imageTokens({ providerType: 'openai', model, width: 1024, height: 1024 })).toBe(tokens);
  });
});

describe('OpenAI patch formula', () => {
  it('counts 32 px patches and caps them at 1536', () => {
    // OpenAI's examples: 1024² = 1024 patches; 1800×2400 scales to 1056×1408 = 33×44 = 1452.
    expect(openaiPatchTokens(1024, 1024)).toBe(1024);
    expect(openaiPatchTokens(1800, 2400)).toBe(1452);
    expect(openaiPatchTokens(4000, 4000)).toBeLessThanOrEqual(1536);
  });

  it.each([
    ['gpt-4.1-mini', 1659],
    ['gpt-4.1-nano', 2520],
    ['gpt-5-mini', 1659],
    ['gpt-5-nano', 2520],
    ['o4-mini', 1762],
  ])('%s multiplies: 1024×1024 = %i', (model, tokens) => {
    expect(imageTokens({ providerType: 'openai', model, width: 1024, height: 1024 })).toBe(tokens);
  });
});

describe('Anthropic', () => {
  it.each([
    [200, 200, 54],
    [1000, 1000, 1334],
    // 1,192,464 px is over ~1.15 MP: scaled by √(1.15M/1,192,464) to 1072×1072 = 1,149,184 px.
    [1092, 1092, 1533],
    // Both limits: 2000×1500 → 1238×928 (the pixel cap binds before the 1568 px edge).
    [2000, 1500, 1532],
    // The edge binds: 4000×500 → 1568×196 = 307,328 px.
    [4000, 500, 410],
  ])('%i×%i = %i', (width, height, tokens) => {
    expect(anthropicImageTokens(width, height)).toBe(tokens);
    expect(imageTokens({ providerType: 'anthropic', model: 'claude-sonnet-4-5', width, height })).toBe(tokens);
  });
});

describe('Gemini', () => {
  it.each([
    [384, 384, 258],
    [100, 50, 258],
    [385, 100, 258],
    [768, 768, 258],
    [1024, 1024, 1032],
    [3000, 1000, 2064],
  ])('%i×%i = %i', (width, height, tokens) => {
    expect(geminiImageTokens(width, height)).toBe(tokens);
  });
});

it('zero-sized images cost nothing', () => {
  expect(imageTokens({ providerType: 'openai', model: 'gpt-4o', width: 0, height: 10 })).toBe(0);
});
