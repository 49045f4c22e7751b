import { describe, expect, it } from 'vitest';
import { normalizeToolCallsInBody, StreamToolCallNormalizer } from './normalize-tool-calls.js';

describe('tool-call normalisation (regression: Mistral tool calls without index or type broke the OpenAI SDK)', () => {
  it('adds type to whole-response tool calls and reports no change when there is nothing to fix', () => {
    const body = { choices: [{ message: { tool_calls: [{ id: 'a', function: { name: 'f', arguments: '{}' } }] } }] };
    expect(normalizeToolCallsInBody(body)).toEqual({ choices: [{ message: { tool_calls: [{ id: 'a', type: 'function', function: { name: 'f', arguments: '{}' } }] } }] });
    expect(normalizeToolCallsInBody({ choices: [{ message: { content: 'hi' } }] })).toBeUndefined();
  });

  it('numbers streamed calls per choice and keeps continuation deltas on their call', () => {
    const normalizer = new StreamToolCallNormalizer();
    const first = { choices: [{ index: 0, delta: { tool_calls: [{ id: 'x', function: { name: 'f', arguments: '{"a"' } }, { id: 'y', function: { name: 'g', arguments: '{}' } }] } }] };
    const continued = { choices: [{ index: 0, delta: { tool_calls: [{ function: { arguments: ':1}' } }] } }] };
    expect(normalizer.normalize(first)).toBe(true);
    expect(normalizer.normalize(continued)).toBe(true);
    const calls = first.choices[0]?.delta.tool_calls as Array<Record<string, unknown>>;
    expect(calls.map((call) => [call.index, call.type])).toEqual([
      [0, 'function'],
      [1, 'function'],
    ]);
    expect((continued.choices[0]?.delta.tool_calls[0] as Record<string, unknown>).index).toBe(1);
  });

  it('leaves chunks that already follow OpenAI alone', () => {
    const normalizer = new StreamToolCallNormalizer();
    expect(normalizer.normalize({ choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'x', type: 'function', function: { name: 'f' } }] } }] })).toBe(false);
  });
});
