import { describe, expect, it } from 'vitest';
import { checkUsage } from '../../core/usage.js';
import { HAS_CAPTURES, readCapture } from '../../../test/helpers/captures.js';
import { convertGeminiUsage } from './convert-gemini-usage.js';

function usageOf(capture: string): unknown {
  const text = readCapture(`google/${capture}`).replace(/^data: /, '');
  return (JSON.parse(text) as { usageMetadata: unknown }).usageMetadata;
}

describe.skipIf(!HAS_CAPTURES)('convertGeminiUsage on the recorded Gemini answers (PROVENANCE.md numbers)', () => {
  const cases = [
    // capture, prompt, cached, candidates, toolUse, thoughts, total
    ['google-text.json', 9, 0, 28, 0, 244, 281],
    ['google-reasoning.json', 9, 0, 29, 0, 282, 320],
    ['google-tool-call.json', 29, 0, 15, 0, 893, 937],
    ['google-usage-raw-live.json', 12, 0, 60, 65, 82, 219],
    ['google-usage-raw-live.chunks.txt', 12, 4, 71, 65, 89, 237],
    ['google-tool-use-usage.json', 55, 0, 51, 89, 56, 251],
    ['issue-19822-complete-usage.json', 19, 3, 4, 63, 56, 142],
  ] as const;

  it.each(cases)('%s', (capture, prompt, cached, candidates, toolUse, thoughts, total) => {
    const usage = convertGeminiUsage(usageOf(capture));
    if (!usage) throw new Error('no usage');
    expect(checkUsage(usage)).toEqual([]);
    // cachedContentTokenCount is inside promptTokenCount; toolUsePromptTokenCount is beside it and billed as input.
    expect(usage.input).toMatchObject({ noCache: prompt - cached + toolUse, cacheRead: cached, cacheWrite5m: 0, cacheWrite1h: 0, total: prompt + toolUse });
    expect(usage.input.toolUse).toBe(toolUse === 0 ? undefined : toolUse);
    expect(usage.output).toMatchObject({ text: candidates, reasoning: thoughts, total: candidates + thoughts });
    expect(usage.input.total + usage.output.total).toBe(total);
  });

  it('keeps the reported service tier and the raw usageMetadata, unknown fields included', () => {
    const raw = usageOf('issue-19822-complete-usage.json');
    const usage = convertGeminiUsage(raw);
    expect(usage?.serviceTier).toBe('standard');
    expect(usage?.raw).toBe(raw);
    expect((usage?.raw as { futureUsageField?: string }).futureUsageField).toBe('preserve-me');
  });
});

describe('convertGeminiUsage', () => {
  it('counts uncached audio input and audio or image output by modality', () => {
    const usage = convertGeminiUsage({
      promptTokenCount: 100,
      cachedContentTokenCount: 40,
      candidatesTokenCount: 30,
      promptTokensDetails: [{ modality: 'TEXT', tokenCount: 50 }, { modality: 'AUDIO', tokenCount: 50 }],
      cacheTokensDetails: [{ modality: 'AUDIO', tokenCount: 40 }],
      candidatesTokensDetails: [{ modality: 'IMAGE', tokenCount: 20 }, { modality: 'TEXT', tokenCount: 10 }],
    });
    expect(usage?.input).toMatchObject({ total: 100, noCache: 60, cacheRead: 40, audio: 10 });
    expect(usage?.output).toMatchObject({ total: 30, text: 30, image: 20 });
  });

  it('answers undefined when there is no usage to read', () => {
    expect(convertGeminiUsage(undefined)).toBeUndefined();
    expect(convertGeminiUsage({ totalTokenCount: 3 })).toBeUndefined();
    expect(convertGeminiUsage('nonsense')).toBeUndefined();
  });
});
