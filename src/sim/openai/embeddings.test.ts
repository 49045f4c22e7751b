import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../index.js';

let sim: RunningSimulator;
let openai: OpenAI;

beforeAll(async () => {
  sim = await startSimulator();
  openai = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'sk-test', maxRetries: 0 });
});
afterAll(async () => sim.close());

const norm = (vector: readonly number[]): number => Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));

describe('embeddings', () => {
  it('returns deterministic unit vectors of the model size, billed by the tokenizer', async () => {
    const inputs = ['the first text', 'a second, longer text to embed'];
    const result = await openai.embeddings.create({ model: 'text-embedding-3-small', input: inputs, encoding_format: 'float' });
    expect(result.object).toBe('list');
    expect(result.model).toBe('text-embedding-3-small');
    expect(result.data.map((item) => item.index)).toEqual([0, 1]);
    for (const item of result.data) {
      expect(item.object).toBe('embedding');
      expect(item.embedding).toHaveLength(1536);
      expect(norm(item.embedding)).toBeCloseTo(1, 5);
    }
    expect(result.usage).toEqual({ prompt_tokens: encode(inputs[0] ?? '').length + encode(inputs[1] ?? '').length, total_tokens: encode(inputs[0] ?? '').length + encode(inputs[1] ?? '').length });
    const again = await openai.embeddings.create({ model: 'text-embedding-3-small', input: inputs[0] ?? '', encoding_format: 'float' });
    expect(again.data[0]?.embedding).toEqual(result.data[0]?.embedding);
    const large = await openai.embeddings.create({ model: 'text-embedding-3-large', input: 'x', encoding_format: 'float' });
    expect(large.data[0]?.embedding).toHaveLength(3072);
  });

  it('sends base64 little-endian float32 that decodes to the same vector (the SDK default)', async () => {
    const floats = await openai.embeddings.create({ model: 'text-embedding-3-small', input: 'same input', encoding_format: 'float' });
    const decodedBySdk = await openai.embeddings.create({ model: 'text-embedding-3-small', input: 'same input' });
    expect(decodedBySdk.data[0]?.embedding).toEqual(floats.data[0]?.embedding);
    const raw = await fetch(`${sim.url}/v1/embeddings`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'text-embedding-3-small', input: 'same input', encoding_format: 'base64' }),
    });
    const body = (await raw.json()) as { data: Array<{ embedding: string }> };
    const bytes = Buffer.from(body.data[0]?.embedding ?? '', 'base64');
    const first = bytes.readFloatLE(0);
    expect(first).toBe(floats.data[0]?.embedding[0]);
  });

  it('honours dimensions (cut and renormalised) and accepts token arrays', async () => {
    const full = await openai.embeddings.create({ model: 'text-embedding-3-large', input: 'shorten me', encoding_format: 'float' });
    const short = await openai.embeddings.create({ model: 'text-embedding-3-large', input: 'shorten me', dimensions: 256, encoding_format: 'float' });
    const vector = short.data[0]?.embedding ?? [];
    expect(vector).toHaveLength(256);
    expect(norm(vector)).toBeCloseTo(1, 5);
    const head = (full.data[0]?.embedding ?? []).slice(0, 256);
    expect(vector[0] ?? 0).toBeCloseTo((head[0] ?? 0) / norm(head), 5);
    const tokens = await openai.embeddings.create({ model: 'text-embedding-3-small', input: [[1, 2, 3], [4, 5]], encoding_format: 'float' });
    expect(tokens.data).toHaveLength(2);
    expect(tokens.usage.prompt_tokens).toBe(5);
  });

  it('rejects dimensions on ada-002, chat models, empty input and over-long input', async () => {
    await expect(openai.embeddings.create({ model: 'text-embedding-ada-002', input: 'x', dimensions: 10 })).rejects.toMatchObject({ status: 400, param: 'dimensions' });
    await expect(openai.embeddings.create({ model: 'gpt-4o', input: 'x' })).rejects.toMatchObject({ status: 400 });
    await expect(openai.embeddings.create({ model: 'text-embedding-3-small', input: '' })).rejects.toMatchObject({ status: 400 });
    await expect(openai.embeddings.create({ model: 'text-embedding-3-small', input: 'word '.repeat(9000) })).rejects.toMatchObject({ status: 400, code: 'context_length_exceeded' });
    await expect(openai.embeddings.create({ model: 'text-embedding-9', input: 'x' })).rejects.toMatchObject({ status: 404, code: 'model_not_found' });
  });
});
