import { describe, expect, it } from 'vitest';
import { countChatInputTokens, encodingForModel } from './count-chat-tokens.js';

const OPENAI_GPT_4O = { providerType: 'openai', model: 'gpt-4o' };

function pngDataUrl(width: number, height: number): string {
  const header = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(header, 0);
  header.writeUInt32BE(13, 8);
  header.write('IHDR', 12, 'latin1');
  header.writeUInt32BE(width, 16);
  header.writeUInt32BE(height, 20);
  return `data:image/png;base64,${header.toString('base64')}`;
}

const weatherTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Get the current weather.',
    parameters: {
      type: 'object',
      properties: {
        location: { type: 'string', description: 'City name.' },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
      },
    },
  },
};

describe('countChatInputTokens', () => {
  it('counts messages the cookbook way', () => {
    // (3 + "system" 1 + "You are a helpful assistant." 6) + (3 + "user" 1 + "Hello!" 2) + 3 priming.
    const count = countChatInputTokens(
      { model: 'gpt-4o', messages: [{ role: 'system', content: 'You are a helpful assistant.' }, { role: 'user', content: 'Hello!' }] },
      OPENAI_GPT_4O,
    );
    expect(count).toMatchObject({ total: 19, messages: 19, tools: 0, images: 0, encoding: 'o200k_base', calibration: '1' });
  });

  it('adds a token for a name', () => {
    const count = countChatInputTokens({ messages: [{ role: 'user', name: 'tool', content: 'Hello!' }] }, OPENAI_GPT_4O);
    // 3 + 1 + (1 + "tool" 1) + 2 + 3
    expect(count.total).toBe(11);
  });

  it('counts tool definitions by the cookbook rule', () => {
    // 7 + "get_weather:Get the current weather" 6 + 3 properties
    // + location: 3 + "location:string:City name" 5
    // + unit: 3 - 3 enum + (3 + "celsius" 2) + (3 + "fahrenheit" 2) + "unit:string:" 3
    // + 12 = 49; messages: 3 + 1 + 7 + 3 = 14.
    const count = countChatInputTokens({ messages: [{ role: 'user', content: 'What is the weather in Paris?' }], tools: [weatherTool] }, OPENAI_GPT_4O);
    expect(count).toMatchObject({ messages: 14, tools: 49, total: 63 });
  });

  it('uses the gpt-4/3.5 function overhead with cl100k_base', () => {
    const count = countChatInputTokens({ messages: [{ role: 'user', content: 'What is the weather in Paris?' }], tools: [weatherTool] }, { providerType: 'openai', model: 'gpt-4-0613' });
    expect(count).toMatchObject({ encoding: 'cl100k_base', tools: 52, total: 66 });
  });

  it('counts the response_format schema by its JSON', () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] };
    const count = countChatInputTokens(
      { messages: [{ role: 'user', content: 'Hello!' }], response_format: { type: 'json_schema', json_schema: { name: 'reply', schema } } },
      OPENAI_GPT_4O,
    );
    expect(count).toMatchObject({ responseFormat: 19, total: 9 + 19 });
  });

  it('counts images by the target provider formula from data URLs', () => {
    const body = {
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Describe this image.' }, { type: 'image_url', image_url: { url: pngDataUrl(1024, 1024) } }] }],
    };
    // Text: 3 + 1 + 4 + 3 = 11.
    expect(countChatInputTokens(body, OPENAI_GPT_4O)).toMatchObject({ messages: 11, images: 765, imageCount: 1, total: 776 });
    // Claude: text ceil(11 × 1.3) = 15, image ceil(1024²/750) = 1399.
    expect(countChatInputTokens(body, { providerType: 'anthropic', model: 'claude-sonnet-4-5' })).toMatchObject({ calibratedText: 15, images: 1399, total: 1414 });
    // Gemini: ceil(11 × 1.1) = 13, 4 tiles × 258.
    expect(countChatInputTokens(body, { providerType: 'gemini', model: 'gemini-2.5-flash' })).toMatchObject({ calibratedText: 13, images: 1032, total: 1045 });
  });

  it('low detail images cost the base only', () => {
    const body = { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: pngDataUrl(4000, 3000), detail: 'low' } }] }] };
    expect(countChatInputTokens(body, OPENAI_GPT_4O).images).toBe(85);
  });

  it('remote images use caller-supplied sizes, else the largest size with a warning', () => {
    const body = { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }] }] };
    expect(countChatInputTokens(body, { ...OPENAI_GPT_4O, imageSize: () => ({ width: 512, height: 512 }) }).images).toBe(255);
    const unknown = countChatInputTokens(body, OPENAI_GPT_4O);
    expect(unknown.images).toBe(765);
    expect(unknown.warnings[0]).toContain('image size unknown');
  });

  it('counts assistant tool calls and tool results', () => {
    const count = countChatInputTokens(
      {
        messages: [
          { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris"}' } }] },
          { role: 'tool', tool_call_id: 'call_1', content: '18°C' },
        ],
      },
      OPENAI_GPT_4O,
    );
    expect(count.messages).toBeGreaterThan(3 + 3 + 3);
    expect(count.warnings).toEqual([]);
  });

  it('text that spells a special token is counted, not refused', () => {
    expect(countChatInputTokens({ messages: [{ role: 'user', content: '<|endoftext|>' }] }, OPENAI_GPT_4O).total).toBeGreaterThan(7);
  });

  it('applies an explicit calibration', () => {
    const body = { messages: [{ role: 'user', content: 'Hello!' }] };
    expect(countChatInputTokens(body, { providerType: 'mistral', model: 'mistral-small-latest', calibration: '2' }).total).toBe(18);
  });

  it('rejects a body that is not a chat request, naming the field', () => {
    expect(() => countChatInputTokens({ prompt: 'hi' }, OPENAI_GPT_4O)).toThrow(/messages/);
  });
});

describe('encodingForModel', () => {
  it.each([
    ['openai', 'gpt-4o-mini', 'o200k_base'],
    ['openai', 'gpt-4.1', 'o200k_base'],
    ['openai', 'gpt-5', 'o200k_base'],
    ['openai', 'o3', 'o200k_base'],
    ['openai', 'gpt-4', 'cl100k_base'],
    ['openai', 'gpt-4-turbo', 'cl100k_base'],
    ['openai', 'gpt-3.5-turbo', 'cl100k_base'],
    ['azure-openai', 'gpt-4-0613', 'cl100k_base'],
    ['anthropic', 'claude-sonnet-4-5', 'o200k_base'],
  ])('%s %s → %s', (providerType, model, encoding) => {
    expect(encodingForModel(providerType, model)).toBe(encoding);
  });
});
