import { describe, expect, it } from 'vitest';
import { chooseToolCalls, type ToolDecisionInput } from './tool-decision.js';

const weather = { name: 'get_weather', parameters: { type: 'object' } };
const time = { name: 'get_time', parameters: { type: 'object' } };

function decide(overrides: Partial<ToolDecisionInput>): string[] {
  const input: ToolDecisionInput = { tools: [weather, time], choice: { kind: 'auto' }, allowsParallel: true, isUserTurn: true, lastUserText: '', seed: 0, ...overrides };
  return chooseToolCalls(input).map((tool) => tool.name);
}

describe('chooseToolCalls', () => {
  it.each([
    ['no tools', { tools: [] }, []],
    ['choice none', { choice: { kind: 'none' }, lastUserText: 'get_weather' }, []],
    ['after a tool result', { isUserTurn: false, choice: { kind: 'required' } }, []],
    ['named choice', { choice: { kind: 'named', name: 'get_time' } }, ['get_time']],
    ['mentioned tools, parallel', { lastUserText: 'Please GET_WEATHER and get_time' }, ['get_weather', 'get_time']],
    ['mentioned tools, not parallel', { lastUserText: 'get_weather and get_time', allowsParallel: false }, ['get_weather']],
    ['required, none mentioned: picked by seed', { choice: { kind: 'required' }, seed: 1 }, ['get_time']],
    ['auto, none mentioned, coin heads (bit 7 clear)', { seed: 0 }, ['get_weather']],
    ['auto, none mentioned, coin tails (bit 7 set)', { seed: 128 }, []],
  ] as Array<[string, Partial<ToolDecisionInput>, string[]]>)('%s', (_name, overrides, expected) => {
    expect(decide(overrides)).toEqual(expected);
  });
});
