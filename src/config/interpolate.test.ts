import { describe, expect, it } from 'vitest';
import { InterpolationError, interpolateEnv } from './interpolate.js';

describe('interpolateEnv', () => {
  it('substitutes variables and defaults anywhere in the tree', () => {
    const tree = { providers: { openai: { apiKey: '${KEY}', baseUrl: '${BASE:-http://localhost:1}/v1' } }, list: ['${KEY}-x'] };
    expect(interpolateEnv(tree, { KEY: 'sk-1' })).toEqual({
      providers: { openai: { apiKey: 'sk-1', baseUrl: 'http://localhost:1/v1' } },
      list: ['sk-1-x'],
    });
  });

  it('names every unset variable and where it is used', () => {
    const tree = { providers: { openai: { apiKey: '${OPENAI_API_KEY}' } }, routes: { a: { targets: ['${MISSING}'] } } };
    try {
      interpolateEnv(tree, {});
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InterpolationError);
      const problems = (error as InterpolationError).problems;
      expect(problems).toHaveLength(2);
      expect(problems[0]).toMatch(/^providers\.openai\.apiKey: environment variable OPENAI_API_KEY is not set/);
      expect(problems[1]).toMatch(/^routes\.a\.targets\[0\]: environment variable MISSING/);
    }
  });

  it('leaves numbers, booleans and text without placeholders alone', () => {
    expect(interpolateEnv({ a: 1, b: true, c: 'plain $HOME' }, {})).toEqual({ a: 1, b: true, c: 'plain $HOME' });
  });
});
