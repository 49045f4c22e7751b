import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { planAnswer, type AnswerPlanInput } from './answer-plan.js';

const base: AnswerPlanInput = {
  seed: 12345,
  targetTokens: 40,
  maxTokens: undefined,
  hiddenReasoningTokens: 0,
  thinkingTokens: 0,
  stopSequences: [],
  toolCalls: [],
  toolPreambleTokens: 0,
  responseFormat: { kind: 'text' },
};

describe('planAnswer', () => {
  it('answers the target length and counts it with the tokenizer', () => {
    const plan = planAnswer(base);
    expect(plan.finish).toBe('stop');
    expect(plan.text?.tokens).toBe(40);
    expect(encode(plan.text?.text ?? '').length).toBe(40);
    expect(plan.outputTokens).toBe(40);
  });

  it('cuts at the cap with finish length, the capped text a prefix of the uncapped one', () => {
    const full = planAnswer(base);
    const capped = planAnswer({ ...base, maxTokens: 10 });
    expect(capped.finish).toBe('length');
    expect(capped.outputTokens).toBe(10);
    expect(full.text?.text.startsWith(capped.text?.text ?? '-')).toBe(true);
  });

  it('stops before the earliest stop sequence, counting what remains', () => {
    const full = planAnswer(base).text?.text ?? '';
    const words = full.split(' ');
    const stop = ` ${words[5]}`;
    const plan = planAnswer({ ...base, stopSequences: ['never-there', stop] });
    expect(plan.finish).toBe('stop_sequence');
    expect(plan.stopSequence).toBe(stop);
    expect(plan.text?.text).toBe(full.slice(0, full.indexOf(stop)));
    expect(plan.text?.pieces.join('')).toBe(plan.text?.text);
    expect(plan.outputTokens).toBe(encode(plan.text?.text ?? '').length);
  });

  it('spends hidden reasoning first; a cap it exhausts leaves an empty answer', () => {
    const plan = planAnswer({ ...base, hiddenReasoningTokens: 100 });
    expect(plan.reasoningTokens).toBe(100);
    expect(plan.outputTokens).toBe(140);
    const starved = planAnswer({ ...base, hiddenReasoningTokens: 100, maxTokens: 60 });
    expect(starved).toMatchObject({ reasoningTokens: 60, finish: 'length', outputTokens: 60, text: undefined });
  });

  it('plans tool calls with schema-valid arguments, and cuts their arguments at the cap', () => {
    const tool = { name: 'lookup', parameters: { type: 'object', properties: { query: { type: 'string', minLength: 40 } }, required: ['query'] } };
    const plan = planAnswer({ ...base, toolCalls: [tool] });
    expect(plan.finish).toBe('tool_calls');
    const call = plan.toolCalls[0];
    expect(call?.isComplete).toBe(true);
    expect((JSON.parse(call?.argumentsJson ?? '{}') as { query: string }).query.length).toBeGreaterThanOrEqual(40);
    expect(call?.tokens).toBe(encode('lookup').length + encode(call?.argumentsJson ?? '').length);
    const cut = planAnswer({ ...base, toolCalls: [tool], maxTokens: 5 });
    expect(cut.finish).toBe('length');
    expect(cut.toolCalls[0]?.isComplete).toBe(false);
    expect(cut.outputTokens).toBeLessThanOrEqual(5);
  });

  it('answers JSON for json_object', () => {
    const plan = planAnswer({ ...base, responseFormat: { kind: 'json_object' } });
    expect(JSON.parse(plan.text?.text ?? '')).toHaveProperty('answer');
    expect(plan.text?.pieces.join('')).toBe(plan.text?.text);
    expect(plan.outputTokens).toBe(encode(plan.text?.text ?? '').length);
  });
});
