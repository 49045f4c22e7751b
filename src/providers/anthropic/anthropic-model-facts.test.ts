import { describe, expect, it } from 'vitest';
import { claudeVersion, defaultMaxTokensFor, supportsNativeStructuredOutput, supportsThinking } from './anthropic-model-facts.js';

describe('Claude model facts', () => {
  const maxTokens: Array<[string, number]> = [
    ['claude-opus-4-6', 128_000],
    ['claude-sonnet-4-5-20250929', 64_000],
    ['claude-opus-4-5-20251101', 64_000],
    ['claude-opus-4-1-20250805', 32_000],
    ['claude-opus-4-20250514', 32_000],
    ['claude-sonnet-4-20250514', 64_000],
    ['claude-3-7-sonnet-latest', 64_000],
    ['claude-3-5-haiku-20241022', 8_192],
    ['claude-3-opus-20240229', 4_096],
    ['claude-sonnet-5', 4_096],
    ['some-proxy-model', 4_096],
  ];
  for (const [model, expected] of maxTokens) {
    it(`default max_tokens for ${model} is ${expected}`, () => expect(defaultMaxTokensFor(model)).toBe(expected));
  }

  it('reads versions from both naming schemes, ignoring dates', () => {
    expect(claudeVersion('claude-sonnet-4-5-20250929')).toEqual({ major: 4, minor: 5 });
    expect(claudeVersion('claude-opus-4-20250514')).toEqual({ major: 4, minor: 0 });
    expect(claudeVersion('claude-3-7-sonnet-20250219')).toEqual({ major: 3, minor: 7 });
    expect(claudeVersion('claude-sonnet-5')).toEqual({ major: 5, minor: 0 });
    expect(claudeVersion('gpt-4o')).toBeUndefined();
  });

  it('knows which models think and which have native structured output', () => {
    expect(supportsThinking('claude-3-5-sonnet-20241022')).toBe(false);
    expect(supportsThinking('claude-3-7-sonnet-latest')).toBe(true);
    expect(supportsThinking('claude-haiku-4-5')).toBe(true);
    expect(supportsNativeStructuredOutput('claude-sonnet-4-5-20250929')).toBe(true);
    expect(supportsNativeStructuredOutput('claude-sonnet-5')).toBe(true);
    expect(supportsNativeStructuredOutput('claude-sonnet-4-20250514')).toBe(false);
    expect(supportsNativeStructuredOutput('claude-opus-4-1')).toBe(false);
  });
});
