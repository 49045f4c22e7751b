import { Ajv } from 'ajv';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../index.js';

let sim: RunningSimulator;
const ajv = new Ajv({ strict: false, validateFormats: false });

beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => sim.close());

const schema = {
  type: 'object',
  properties: { title: { type: 'string' }, rating: { type: 'integer', minimum: 1, maximum: 5 }, tags: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 3 } },
  required: ['title', 'rating', 'tags'],
  additionalProperties: false,
};

describe.each([
  ['mistral', '/mistral/v1', 'mistral-medium-latest'],
  ['xai', '/xai/v1', 'grok-3'],
  ['groq', '/groq/openai/v1', 'llama-3.3-70b-versatile'],
])('%s structured output', (_name, base, model) => {
  it('answers json_schema with content that validates, sync and streamed', async () => {
    const client = new OpenAI({ baseURL: `${sim.url}${base}`, apiKey: 'k', maxRetries: 0 });
    const request = { model, messages: [{ role: 'user' as const, content: 'Review a film' }], response_format: { type: 'json_schema' as const, json_schema: { name: 'review', schema, strict: true } } };
    const completion = await client.chat.completions.create(request);
    expect(ajv.compile(schema)(JSON.parse(completion.choices[0]?.message.content ?? ''))).toBe(true);
    const stream = await client.chat.completions.create({ ...request, stream: true });
    let content = '';
    for await (const chunk of stream) content += chunk.choices[0]?.delta.content ?? '';
    expect(content).toBe(completion.choices[0]?.message.content);
  });
});

describe('deepseek structured output', () => {
  it('answers json_object with a JSON object', async () => {
    const client = new OpenAI({ baseURL: `${sim.url}/deepseek`, apiKey: 'k', maxRetries: 0 });
    const completion = await client.chat.completions.create({ model: 'deepseek-chat', messages: [{ role: 'user', content: 'Reply in json' }], response_format: { type: 'json_object' } });
    expect(typeof JSON.parse(completion.choices[0]?.message.content ?? '')).toBe('object');
  });
});
