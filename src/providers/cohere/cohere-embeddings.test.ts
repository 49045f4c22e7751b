import { describe, expect, it } from 'vitest';
import type { ProviderAccount } from '../adapter.js';
import { cohereEmbeddings } from './cohere-embeddings.js';

const account: ProviderAccount = { id: 'co', type: 'cohere', baseUrl: 'https://api.cohere.com/', apiKey: 'co-key', headers: {} };
/** The shape of a /v2/embed answer (embeddings by type, billed units in meta). */
const answer = {
  id: 'f5aa3e7b',
  texts: ['sunny day at the beach', 'rainy day in the city'],
  embeddings: { float: [[0.25, -0.5], [1.5, 0]] },
  meta: { api_version: { version: '2' }, billed_units: { input_tokens: 10 } },
  response_type: 'embeddings_by_type',
};

describe('cohereEmbeddings', () => {
  it('an OpenAI embeddings body → /v2/embed, search_document floats by default', () => {
    const prepared = cohereEmbeddings.prepare({ input: ['a', 'b'], dimensions: 512 }, { account, model: 'embed-v4.0' });
    expect(prepared.url).toBe('https://api.cohere.com/v2/embed');
    expect(prepared.headers.authorization).toBe('Bearer co-key');
    expect(JSON.parse(prepared.body)).toEqual({ model: 'embed-v4.0', texts: ['a', 'b'], input_type: 'search_document', embedding_types: ['float'], output_dimension: 512 });
    const query = cohereEmbeddings.prepare({ input: 'q', input_type: 'search_query' }, { account, model: 'embed-v4.0' });
    expect(JSON.parse(query.body)).toMatchObject({ texts: ['q'], input_type: 'search_query' });
  });

  it('billed input tokens are the usage', () => {
    expect(cohereEmbeddings.usageFromBody(answer)).toMatchObject({ input: { total: 10, noCache: 10 }, output: { total: 0 } });
    expect(cohereEmbeddings.usageFromBody({ embeddings: {} })).toBeUndefined();
  });

  it('renders OpenAI\'s list, as floats or base64 float32', () => {
    expect(cohereEmbeddings.toOpenAIResponse?.(answer, { input: ['a', 'b'] }, 'embed-v4.0')).toEqual({
      object: 'list',
      data: [
        { object: 'embedding', index: 0, embedding: [0.25, -0.5] },
        { object: 'embedding', index: 1, embedding: [1.5, 0] },
      ],
      model: 'embed-v4.0',
      usage: { prompt_tokens: 10, total_tokens: 10 },
    });
    const encoded = cohereEmbeddings.toOpenAIResponse?.(answer, { input: ['a', 'b'], encoding_format: 'base64' }, 'embed-v4.0') as { data: Array<{ embedding: string }> };
    const bytes = Buffer.from(encoded.data[1]?.embedding ?? '', 'base64');
    expect([bytes.readFloatLE(0), bytes.readFloatLE(4)]).toEqual([1.5, 0]);
  });
});
