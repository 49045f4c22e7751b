import { describe, expect, it } from 'vitest';
import { HAS_CAPTURES, readCapture } from '../../../test/helpers/captures.js';
import { geminiToolCallId } from './gemini-tool-call-id.js';
import { translateGeminiResponse } from './translate-gemini-response.js';

const FIXED = () => new Date('2026-01-02T03:04:05Z');
const capture = (name: string): unknown => JSON.parse(readCapture(`google/${name}`));

describe.skipIf(!HAS_CAPTURES)('translateGeminiResponse on the recorded answers', () => {
  it('google-text.json: text, STOP → stop, the part signature kept as text-less reasoning', () => {
    const response = translateGeminiResponse(capture('google-text.json'), FIXED);
    expect(response).toMatchObject({ id: 'Un6LacrVMcjUxs0PmJfWoQc', model: 'gemini-3-pro-preview', createdAt: FIXED() });
    const [choice] = response.choices;
    expect(choice?.text).toBe("There are **3** r's in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y.");
    expect(choice?.finishReason).toBe('stop');
    expect(choice?.rawFinishReason).toBe('STOP');
    expect(choice?.toolCalls).toEqual([]);
    expect(choice?.reasoning).toEqual([{ text: '', signature: expect.stringMatching(/^EtoFCtcFAb4/) }]);
    expect(response.usage?.output).toEqual({ total: 272, text: 28, reasoning: 244 });
  });

  it('google-tool-call.json: a whole function call with a stable id, STOP with calls → tool_calls', () => {
    const body = capture('google-tool-call.json');
    const first = translateGeminiResponse(body, FIXED);
    const again = translateGeminiResponse(body, FIXED);
    const [choice] = first.choices;
    expect(choice?.toolCalls).toEqual([{ id: geminiToolCallId('m36LaZGyCLz1xs0PtNSB-QU', 0, 0, 'weather'), name: 'weather', arguments: '{"location":"San Francisco"}' }]);
    expect(again.choices[0]?.toolCalls[0]?.id).toBe(choice?.toolCalls[0]?.id);
    expect(choice?.finishReason).toBe('tool_calls');
    expect(choice?.reasoning).toEqual([{ text: '', signature: expect.stringMatching(/^EskgCsYgAb4/) }]);
    expect(first.usage?.input.total).toBe(29);
  });

  it('google-tool-use-usage.json and issue-19822: empty text, tool-use prompt tokens billed as input', () => {
    const toolUse = translateGeminiResponse(capture('google-tool-use-usage.json'), FIXED);
    expect(toolUse.choices[0]?.text).toBe('');
    expect(toolUse.usage?.input).toMatchObject({ total: 144, toolUse: 89 });
    expect(toolUse.usage?.serviceTier).toBe('standard');
    const answer = translateGeminiResponse(capture('issue-19822-complete-usage.json'), FIXED);
    expect(answer.choices[0]?.text).toBe('42');
    expect(answer.usage?.input).toMatchObject({ noCache: 79, cacheRead: 3 });
  });
});

describe('translateGeminiResponse', () => {
  it('maps SAFETY and PROHIBITED_CONTENT to a content_filter finish', () => {
    for (const reason of ['SAFETY', 'PROHIBITED_CONTENT']) {
      const response = translateGeminiResponse({ candidates: [{ content: { parts: [] }, finishReason: reason, index: 0 }] }, FIXED);
      expect(response.choices[0]).toMatchObject({ finishReason: 'content_filter', rawFinishReason: reason });
    }
  });

  it('answers a blocked prompt (no candidates) with one content_filter choice', () => {
    const response = translateGeminiResponse({ promptFeedback: { blockReason: 'PROHIBITED_CONTENT' }, usageMetadata: { promptTokenCount: 7 } }, FIXED);
    expect(response.choices).toEqual([{ index: 0, text: '', toolCalls: [], reasoning: [], finishReason: 'content_filter', rawFinishReason: 'PROHIBITED_CONTENT' }]);
    expect(response.usage?.input.total).toBe(7);
  });

  it('keeps thought parts as reasoning, several candidates as choices, and MAX_TOKENS as length', () => {
    const response = translateGeminiResponse(
      {
        responseId: 'r1',
        candidates: [
          { index: 0, finishReason: 'MAX_TOKENS', content: { parts: [{ text: 'Let me think', thought: true, thoughtSignature: 'c2ln' }, { text: 'Hel' }] } },
          { index: 1, finishReason: 'STOP', content: { parts: [{ text: 'Hi' }, { functionCall: { id: 'given-id', name: 'f', args: {} } }] } },
        ],
      },
      FIXED,
    );
    expect(response.choices[0]).toMatchObject({ text: 'Hel', finishReason: 'length', reasoning: [{ text: 'Let me think', signature: 'c2ln' }] });
    expect(response.choices[1]).toMatchObject({ index: 1, text: 'Hi', finishReason: 'tool_calls', toolCalls: [{ id: 'given-id', name: 'f', arguments: '{}' }] });
  });

  it('refuses a body that is not a GenerateContentResponse', () => {
    expect(() => translateGeminiResponse({ candidates: 'no' }, FIXED)).toThrow(/cannot read/);
  });
});
