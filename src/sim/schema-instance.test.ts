import { Ajv, type Options } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateSchemaInstance } from './schema-instance.js';
import { createSeededRandom } from './seeded-random.js';

const FORMATS: Record<string, RegExp> = {
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  time: /^\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/,
  email: /^[^@\s]+@[^@\s]+\.[a-z]+$/,
  uri: /^https?:\/\/\S+$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  hostname: /^[a-z0-9.-]+$/,
  ipv4: /^(\d{1,3}\.){3}\d{1,3}$/,
};

function withFormats<T extends Ajv | Ajv2020>(ajv: T): T {
  for (const [name, pattern] of Object.entries(FORMATS)) ajv.addFormat(name, pattern);
  return ajv;
}

const options: Options = { strict: false, allErrors: true };
const draft07 = withFormats(new Ajv(options));
const draft2020 = withFormats(new Ajv2020(options));

function expectValid(schema: Record<string, unknown>, seeds = 40, validator: Ajv | Ajv2020 = draft07): void {
  const validate = validator.compile(schema);
  for (let seed = 0; seed < seeds; seed++) {
    const instance = generateSchemaInstance(schema, createSeededRandom(seed * 7919 + 1));
    if (!validate(instance)) throw new Error(`seed ${seed}: ${JSON.stringify(instance)} fails: ${validator.errorsText(validate.errors)}`);
  }
}

describe('generateSchemaInstance', () => {
  it('fills a typical function schema with required and optional properties, enums and formats', () => {
    expectValid({
      type: 'object',
      properties: {
        city: { type: 'string', minLength: 3, maxLength: 40 },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
        days: { type: 'integer', minimum: 1, maximum: 14 },
        ratio: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
        when: { type: 'string', format: 'date-time' },
        contact: { type: 'string', format: 'email' },
        id: { type: 'string', format: 'uuid' },
        isUrgent: { type: 'boolean' },
        nothing: { type: 'null' },
      },
      required: ['city', 'unit', 'when'],
      additionalProperties: false,
    });
  });

  it('handles nested objects, arrays with bounds and unique items', () => {
    expectValid({
      type: 'object',
      properties: {
        stops: {
          type: 'array',
          minItems: 2,
          maxItems: 5,
          items: { type: 'object', properties: { name: { type: 'string' }, order: { type: 'integer', multipleOf: 5, minimum: 0, maximum: 100 } }, required: ['name', 'order'], additionalProperties: false },
        },
        tags: { type: 'array', items: { type: 'string', enum: ['a', 'b', 'c', 'd'] }, uniqueItems: true, maxItems: 3 },
        empty: { type: 'array', maxItems: 0 },
      },
      required: ['stops', 'tags'],
    });
  });

  it('handles anyOf, oneOf with discriminators, allOf, nullable type lists and const', () => {
    expectValid({
      type: 'object',
      properties: {
        target: {
          oneOf: [
            { type: 'object', properties: { kind: { const: 'user' }, id: { type: 'integer' } }, required: ['kind', 'id'], additionalProperties: false },
            { type: 'object', properties: { kind: { const: 'team' }, name: { type: 'string' } }, required: ['kind', 'name'], additionalProperties: false },
          ],
        },
        limit: { anyOf: [{ type: 'integer', minimum: 1 }, { type: 'null' }] },
        note: { type: ['string', 'null'] },
        merged: { allOf: [{ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }, { properties: { b: { type: 'number' } }, required: ['b'] }] },
      },
      required: ['target', 'limit', 'note', 'merged'],
      additionalProperties: false,
    });
  });

  it('follows $ref into $defs and definitions, including recursive ones (strict-mode style)', () => {
    expectValid(
      {
        type: 'object',
        $defs: {
          node: {
            type: 'object',
            properties: { label: { type: 'string' }, children: { type: 'array', items: { $ref: '#/$defs/node' } } },
            required: ['label', 'children'],
            additionalProperties: false,
          },
        },
        properties: { root: { $ref: '#/$defs/node' } },
        required: ['root'],
        additionalProperties: false,
      },
      40,
      draft2020,
    );
    expectValid({
      definitions: { address: { type: 'object', properties: { street: { type: 'string' }, zip: { type: 'string', minLength: 5, maxLength: 5 } }, required: ['street', 'zip'] } },
      type: 'object',
      properties: { home: { $ref: '#/definitions/address' }, work: { anyOf: [{ $ref: '#/definitions/address' }, { type: 'null' }] } },
      required: ['home', 'work'],
    });
  });

  it('meets minProperties, tuples and open additionalProperties', () => {
    expectValid({ type: 'object', minProperties: 3, additionalProperties: { type: 'integer' } });
    expectValid({ type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }], items: false, minItems: 2 }, 20, draft2020);
  });

  it('is deterministic for a seed', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' }, b: { type: 'number' } } };
    expect(generateSchemaInstance(schema, createSeededRandom(3))).toEqual(generateSchemaInstance(schema, createSeededRandom(3)));
  });

  it('produces valid instances for generated schemas', () => {
    const { schema } = fc.letrec<{ schema: Record<string, unknown> }>((tie) => ({
      schema: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.record({ type: fc.constant('string'), minLength: fc.integer({ min: 0, max: 5 }), maxLength: fc.integer({ min: 5, max: 30 }) }),
        fc.record({ type: fc.constant('string'), format: fc.constantFrom('date-time', 'date', 'email', 'uuid', 'uri') }),
        fc.integer({ min: -50, max: 50 }).chain((minimum) => fc.record({ type: fc.constant('integer'), minimum: fc.constant(minimum), maximum: fc.integer({ min: minimum, max: minimum + 100 }) })),
        fc.record({ type: fc.constant('number'), minimum: fc.constant(-1), exclusiveMaximum: fc.constant(1) }),
        fc.constant({ type: 'boolean' }),
        fc.record({ enum: fc.uniqueArray(fc.oneof(fc.string(), fc.integer()), { minLength: 1, maxLength: 4 }) }),
        fc
          .dictionary(fc.stringMatching(/^[a-z]{1,8}$/), tie('schema'), { maxKeys: 4 })
          .chain((properties) =>
            fc.record({
              type: fc.constant('object'),
              properties: fc.constant(properties),
              required: fc.subarray(Object.keys(properties)),
              additionalProperties: fc.constant(false),
            }),
          ),
        fc.integer({ min: 0, max: 3 }).chain((minItems) =>
          fc.record({ type: fc.constant('array'), items: tie('schema'), minItems: fc.constant(minItems), maxItems: fc.integer({ min: minItems, max: minItems + 3 }) }),
        ),
        fc.array(tie('schema'), { minLength: 1, maxLength: 3 }).map((branches) => ({ anyOf: branches })),
      ),
    }));
    fc.assert(
      fc.property(schema, fc.integer({ min: 0, max: 2 ** 31 }), (generated, seed) => {
        const validate = draft07.compile(generated);
        const instance = generateSchemaInstance(generated, createSeededRandom(seed));
        if (!validate(instance)) throw new Error(`${JSON.stringify(instance)} fails ${JSON.stringify(generated)}: ${draft07.errorsText(validate.errors)}`);
      }),
      { numRuns: 300 },
    );
  });
});
