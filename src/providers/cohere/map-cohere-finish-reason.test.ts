import { describe, expect, it } from 'vitest';
import { mapCohereFinishReason } from './map-cohere-finish-reason.js';

describe('mapCohereFinishReason', () => {
  it.each([
    ['COMPLETE', 'stop'],
    ['STOP_SEQUENCE', 'stop'],
    ['MAX_TOKENS', 'length'],
    ['TOOL_CALL', 'tool_calls'],
    ['ERROR', 'error'],
    ['TIMEOUT', 'error'],
    ['SOMETHING_NEW', 'other'],
  ] as const)('%s → %s', (reason, expected) => {
    expect(mapCohereFinishReason(reason)).toBe(expected);
  });
});
