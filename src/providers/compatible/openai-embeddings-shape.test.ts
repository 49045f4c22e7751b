import { describe, expect, it } from 'vitest';
import { TollgateError } from '../../core/errors.js';
import { float32Base64, readEmbeddingsInput, renderOpenAIEmbeddings } from './openai-embeddings-shape.js';

describe('readEmbeddingsInput', () => {
  it('reads one text or many, the encoding and the dimensions', () => {
    expect(readEmbeddingsInput({ input: 'a' }, 'p')).toEqual({ texts: ['a'], encodingFormat: 'float' });
    expect(readEmbeddingsInput({ input: ['a', 'b'], encoding_format: 'base64', dimensions: 256 }, 'p')).toEqual({ texts: ['a', 'b'], encodingFormat: 'base64', dimensions: 256 });
  });

  it('refuses token ids, empty input and unknown encodings', () => {
    expect(() => readEmbeddingsInput({ input: [1, 2] }, 'cohere')).toThrow(expect.objectContaining({ code: 'unsupported_parameter', param: 'input' }));
    expect(() => readEmbeddingsInput({ input: [] }, 'cohere')).toThrow(TollgateError);
    expect(() => readEmbeddingsInput({ input: 'a', encoding_format: 'int8' }, 'cohere')).toThrow(/encoding_format/);
  });
});

describe('renderOpenAIEmbeddings', () => {
  it('base64 is little-endian float32, as OpenAI sends it', () => {
    const encoded = float32Base64([1, -2.5, 0.1]);
    const bytes = Buffer.from(encoded, 'base64');
    expect(bytes.length).toBe(12);
    expect(bytes.readFloatLE(0)).toBe(1);
    expect(bytes.readFloatLE(4)).toBe(-2.5);
    expect(bytes.readFloatLE(8)).toBeCloseTo(0.1, 6);
    expect(Buffer.from([0, 0, 128, 63]).toString('base64')).toBe(float32Base64([1]));
  });

  it('numbers the vectors and reports the prompt tokens', () => {
    expect(renderOpenAIEmbeddings([[1], [2]], 'float', 'm', 7)).toEqual({
      object: 'list',
      data: [{ object: 'embedding', index: 0, embedding: [1] }, { object: 'embedding', index: 1, embedding: [2] }],
      model: 'm',
      usage: { prompt_tokens: 7, total_tokens: 7 },
    });
  });
});
