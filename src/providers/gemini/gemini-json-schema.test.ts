import { describe, expect, it } from 'vitest';
import { sanitizeGeminiSchema } from './gemini-json-schema.js';

describe('sanitizeGeminiSchema', () => {
  it('removes unsupported keywords at every depth and names each once; property names are not keywords', () => {
    const { schema, removed } = sanitizeGeminiSchema({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: {
        format: { type: 'string', const: 'x', examples: ['x'] },
        not: { type: 'array', items: { type: 'integer', exclusiveMinimum: 0 } },
        choice: { anyOf: [{ type: 'string', patternProperties: {} }, { type: 'null' }] },
      },
      required: ['format'],
      additionalProperties: false,
      $defs: { thing: { type: 'object', if: { type: 'object' } } },
    });
    expect(schema).toEqual({
      type: 'object',
      properties: {
        format: { type: 'string', enum: ['x'] },
        not: { type: 'array', items: { type: 'integer' } },
        choice: { anyOf: [{ type: 'string' }, { type: 'null' }] },
      },
      required: ['format'],
      additionalProperties: false,
      $defs: { thing: { type: 'object' } },
    });
    expect(removed.sort()).toEqual(['$schema', 'examples', 'exclusiveMinimum', 'if', 'patternProperties']);
  });

  it('leaves a schema inside the subset unchanged', () => {
    const input = { type: 'object', properties: { city: { type: 'string', description: 'City', minLength: 1 } }, required: ['city'] };
    expect(sanitizeGeminiSchema(input)).toEqual({ schema: input, removed: [] });
  });
});
