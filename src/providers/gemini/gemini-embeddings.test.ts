import { describe, expect, it } from 'vitest';
import { TollgateError } from '../../core/errors.js';
import type { ProviderAccount } from '../adapter.js';
import { geminiEmbeddings } from './gemini-embeddings.js';

const account: ProviderAccount = { id: 'google', type: 'gemini', baseUrl: 'https://generativelanguage.googleapis.com', apiKey: 'g-key', headers: {} };
const context = { account, model: 'gemini-embedding-001' };

describe('geminiEmbeddings', () => {
  it('one text → :embedContent with the output size asked for', () => {
    const prepared = geminiEmbeddings.prepare({ model: 'g/gemini-embedding-001', input: 'hello', dimensions: 768 }, context);
    expect(prepared.url).toBe('https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:embedContent');
    expect(prepared.headers['x-goog-api-key']).toBe('g-key');
    expect(JSON.parse(prepared.body)).toEqual({ content: { parts: [{ text: 'hello' }] }, outputDimensionality: 768 });
  });

  it('several texts → :batchEmbedContents, one request per text naming the model', () => {
    const prepared = geminiEmbeddings.prepare({ input: ['a', 'b'], user: 'u1' }, context);
    expect(prepared.url).toBe('https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:batchEmbedContents');
    expect(JSON.parse(prepared.body)).toEqual({
      requests: [
        { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'a' }] } },
        { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'b' }] } },
      ],
    });
    expect(prepared.warnings).toEqual(['user: gemini takes no end-user id; dropped']);
  });

  it('refuses token-id input, which Gemini cannot embed', () => {
    expect(() => geminiEmbeddings.prepare({ input: [[1, 2, 3]] }, context)).toThrow(TollgateError);
  });

  it('renders a batch answer in OpenAI\'s shape, as floats or little-endian float32 base64', () => {
    const answer = { embeddings: [{ values: [0.5, -1.25] }, { values: [3, 0] }] };
    const floats = geminiEmbeddings.toOpenAIResponse?.(answer, { input: ['a', 'b'] }, 'gemini-embedding-001');
    expect(floats).toEqual({
      object: 'list',
      data: [
        { object: 'embedding', index: 0, embedding: [0.5, -1.25] },
        { object: 'embedding', index: 1, embedding: [3, 0] },
      ],
      model: 'gemini-embedding-001',
      usage: { prompt_tokens: 0, total_tokens: 0 },
    });
    const base64 = geminiEmbeddings.toOpenAIResponse?.(answer, { input: ['a', 'b'], encoding_format: 'base64' }, 'gemini-embedding-001') as { data: Array<{ embedding: string }> };
    const bytes = Buffer.from(base64.data[0]?.embedding ?? '', 'base64');
    expect([bytes.readFloatLE(0), bytes.readFloatLE(4)]).toEqual([0.5, -1.25]);
  });

  it('renders a single :embedContent answer too', () => {
    const rendered = geminiEmbeddings.toOpenAIResponse?.({ embedding: { values: [1, 2] } }, { input: 'x' }, 'm') as { data: unknown[] };
    expect(rendered.data).toEqual([{ object: 'embedding', index: 0, embedding: [1, 2] }]);
  });

  it('usage comes from usageMetadata or per-embedding token counts, and is absent when Gemini reports none', () => {
    expect(geminiEmbeddings.usageFromBody({ embeddings: [{ values: [1] }], usageMetadata: { promptTokenCount: 12 } })?.input).toMatchObject({ total: 12, noCache: 12 });
    expect(geminiEmbeddings.usageFromBody({ embeddings: [{ values: [1], statistics: { tokenCount: 4 } }, { values: [2], statistics: { tokenCount: 5 } }] })?.input.total).toBe(9);
    expect(geminiEmbeddings.usageFromBody({ embeddings: [{ values: [1] }] })).toBeUndefined();
  });
});
