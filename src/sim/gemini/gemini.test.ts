import { Ajv } from 'ajv';
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CAPTURES, readCapture } from '../../../test/helpers/captures.js';
import { startSimulator, type RunningSimulator } from '../index.js';

let sim: RunningSimulator;
const ajv = new Ajv({ strict: false, validateFormats: false });

beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => sim.close());

interface Part {
  text?: string;
  thought?: boolean;
  thoughtSignature?: string;
  functionCall?: { name: string; args: Record<string, unknown>; id?: string };
}
interface GeminiResponse {
  candidates: Array<{ content: { parts?: Part[]; role: string }; finishReason?: string; index: number; safetyRatings?: unknown[] }>;
  usageMetadata: Record<string, number | string | undefined | Array<{ modality: string; tokenCount: number }>> & { promptTokenCount: number; totalTokenCount: number };
  modelVersion: string;
  responseId: string;
}

async function generate(model: string, body: Record<string, unknown>, headers: Record<string, string> = {}, key = 'g-key'): Promise<{ status: number; json: GeminiResponse & { error?: Record<string, unknown> } }> {
  const response = await fetch(`${sim.url}/gemini/v1beta/models/${model}:generateContent`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-goog-api-key': key, ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as GeminiResponse & { error?: Record<string, unknown> } };
}

async function streamEvents(model: string, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<{ raw: string; events: GeminiResponse[] }> {
  const response = await fetch(`${sim.url}/gemini/v1beta/models/${model}:streamGenerateContent?alt=sse`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-goog-api-key': 'g-key', ...headers },
    body: JSON.stringify(body),
  });
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const raw = await response.text();
  const events = raw
    .split('\r\n\r\n')
    .filter((event) => event.startsWith('data: '))
    .map((event) => JSON.parse(event.slice(6)) as GeminiResponse);
  return { raw, events };
}

const user = (text: string) => ({ role: 'user', parts: [{ text }] });
const textOf = (response: GeminiResponse): string => (response.candidates[0]?.content.parts ?? []).filter((part) => part.thought !== true).map((part) => part.text ?? '').join('');

const weather = {
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: {
    type: 'OBJECT',
    properties: { city: { type: 'STRING' }, days: { type: 'INTEGER', minimum: 1, maximum: 7 }, unit: { type: 'STRING', enum: ['celsius', 'fahrenheit'] } },
    required: ['city', 'days', 'unit'],
  },
};

describe('generateContent', () => {
  it('answers with usage from the tokenizer: prompt = the parts, candidates = the text, no thinking on 2.0', async () => {
    const { status, json } = await generate('gemini-2.0-flash', { systemInstruction: { parts: [{ text: 'Be brief.' }] }, contents: [user('Tell me about rivers.')] });
    expect(status).toBe(200);
    const candidate = json.candidates[0];
    expect(candidate).toMatchObject({ finishReason: 'STOP', index: 0, content: { role: 'model' } });
    const text = textOf(json);
    const prompt = encode('Be brief.').length + encode('Tell me about rivers.').length;
    expect(json.usageMetadata).toEqual({
      promptTokenCount: prompt,
      candidatesTokenCount: encode(text).length,
      totalTokenCount: prompt + encode(text).length,
      promptTokensDetails: [{ modality: 'TEXT', tokenCount: prompt }],
      candidatesTokensDetails: [{ modality: 'TEXT', tokenCount: encode(text).length }],
    });
    expect(json.modelVersion).toBe('gemini-2.0-flash');
    expect(json.responseId).toMatch(/^[\w-]{20,}$/);
  });

  it('bills thinking as thoughtsTokenCount outside candidates, inside the total, and shows a signed summary when asked', async () => {
    const plain = await generate('gemini-2.5-flash', { contents: [user('Think about bridges.')] });
    const usage = plain.json.usageMetadata;
    expect(usage.thoughtsTokenCount).toBeGreaterThan(0);
    expect(usage.totalTokenCount).toBe(usage.promptTokenCount + (usage.candidatesTokenCount as number) + (usage.thoughtsTokenCount as number));
    expect(plain.json.candidates[0]?.content.parts?.some((part) => part.thought === true)).toBe(false);

    const shown = await generate('gemini-2.5-flash', { contents: [user('Think about bridges.')], generationConfig: { thinkingConfig: { includeThoughts: true } } });
    const parts = shown.json.candidates[0]?.content.parts ?? [];
    expect(parts[0]).toMatchObject({ thought: true, text: expect.any(String) as unknown });
    expect(parts[1]?.thoughtSignature).toMatch(/^[A-Za-z0-9+/]+=*$/);
    // The summary is part of the thinking already billed: the counts match the plain answer's.
    expect(shown.json.usageMetadata.thoughtsTokenCount).toBe(usage.thoughtsTokenCount);

    const off = await generate('gemini-2.5-flash', { contents: [user('Think about bridges.')], generationConfig: { thinkingConfig: { thinkingBudget: 0 } } });
    expect(off.json.usageMetadata.thoughtsTokenCount).toBeUndefined();
    const lite = await generate('gemini-2.5-flash-lite', { contents: [user('Think about bridges.')] });
    expect(lite.json.usageMetadata.thoughtsTokenCount).toBeUndefined();
    const capped = await generate('gemini-2.5-pro', { contents: [user('Think about bridges.')], generationConfig: { thinkingConfig: { thinkingBudget: 130 } } });
    expect(capped.json.usageMetadata.thoughtsTokenCount).toBeLessThanOrEqual(130);
  });

  it('refuses thinking budgets the model does not take, in Google’s words', async () => {
    const pro = await generate('gemini-2.5-pro', { contents: [user('x')], generationConfig: { thinkingConfig: { thinkingBudget: 0 } } });
    expect(pro.status).toBe(400);
    expect(pro.json.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT', message: 'Budget 0 is invalid. This model only works in thinking mode.' });
    const flash = await generate('gemini-2.5-flash', { contents: [user('x')], generationConfig: { thinkingConfig: { thinkingBudget: 99_999 } } });
    expect(flash.json.error?.message).toContain('between 0 and 24576');
    const old = await generate('gemini-2.0-flash', { contents: [user('x')], generationConfig: { thinkingConfig: { includeThoughts: true } } });
    expect(old.status).toBe(400);
  });

  it('stops at maxOutputTokens with MAX_TOKENS (thinking spends the cap first) and before a stop sequence with STOP', async () => {
    const capped = await generate('gemini-2.0-flash', { contents: [user('Long please.')], generationConfig: { maxOutputTokens: 5 } }, { 'x-sim-output-tokens': '40' });
    expect(capped.json.candidates[0]?.finishReason).toBe('MAX_TOKENS');
    expect(capped.json.usageMetadata.candidatesTokenCount).toBe(5);
    const starved = await generate('gemini-2.5-flash', { contents: [user('Long please.')], generationConfig: { maxOutputTokens: 20 } });
    expect(starved.json.candidates[0]?.finishReason).toBe('MAX_TOKENS');
    expect(starved.json.usageMetadata.thoughtsTokenCount).toBe(20);
    expect(starved.json.candidates[0]?.content).toEqual({ role: 'model' });

    const full = textOf((await generate('gemini-2.0-flash', { contents: [user('Stop early.')] }, { 'x-sim-output-tokens': '30' })).json);
    const stop = ` ${full.split(' ')[5] ?? ''}`;
    const stopped = await generate('gemini-2.0-flash', { contents: [user('Stop early.')], generationConfig: { stopSequences: [stop] } }, { 'x-sim-output-tokens': '30' });
    expect(stopped.json.candidates[0]?.finishReason).toBe('STOP');
    expect(textOf(stopped.json)).toBe(full.slice(0, full.indexOf(stop)));
  });

  it('returns candidateCount candidates, billed together', async () => {
    const { json } = await generate('gemini-2.0-flash', { contents: [user('Two please.')], generationConfig: { candidateCount: 2 } }, { 'x-sim-output-tokens': '10' });
    expect(json.candidates.map((candidate) => candidate.index)).toEqual([0, 1]);
    expect(json.usageMetadata.candidatesTokenCount).toBe(20);
  });

  it('takes snake_case fields and ?key=, and counts images at 258 tokens in promptTokensDetails', async () => {
    const response = await fetch(`${sim.url}/gemini/v1beta/models/gemini-2.0-flash:generateContent?key=query-key`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        system_instruction: { parts: [{ text: 'Describe.' }] },
        contents: [{ role: 'user', parts: [{ text: 'What is this?' }, { inline_data: { mime_type: 'image/png', data: 'iVBORw0KGgo=' } }] }],
        generation_config: { max_output_tokens: 8 },
      }),
    });
    expect(response.status).toBe(200);
    const json = (await response.json()) as GeminiResponse;
    const text = encode('Describe.').length + encode('What is this?').length;
    expect(json.usageMetadata.promptTokenCount).toBe(text + 258);
    expect(json.usageMetadata.promptTokensDetails).toEqual([
      { modality: 'TEXT', tokenCount: text },
      { modality: 'IMAGE', tokenCount: 258 },
    ]);
  });
});

describe('function calling', () => {
  it('calls a declared function with schema-valid args and no id; ANY forces it, NONE forbids it', async () => {
    const forced = await generate('gemini-2.5-flash', {
      contents: [user('What should I wear?')],
      tools: [{ functionDeclarations: [weather] }],
      toolConfig: { functionCallingConfig: { mode: 'ANY' } },
    });
    const parts = forced.json.candidates[0]?.content.parts ?? [];
    const call = parts.find((part) => part.functionCall !== undefined)?.functionCall;
    expect(call?.name).toBe('get_weather');
    expect(call?.id).toBeUndefined();
    const valid = ajv.compile({ type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer', minimum: 1, maximum: 7 }, unit: { enum: ['celsius', 'fahrenheit'] } }, required: ['city', 'days', 'unit'] });
    expect(valid(call?.args)).toBe(true);
    expect(forced.json.candidates[0]?.finishReason).toBe('STOP');
    // A thinking model signs its function calls.
    expect(parts[0]?.thoughtSignature).toBeDefined();
    const nameTokens = encode('get_weather').length + encode(JSON.stringify(call?.args)).length;
    expect(forced.json.usageMetadata.candidatesTokenCount).toBe(nameTokens);

    const none = await generate('gemini-2.5-flash', { contents: [user('get_weather for Paris')], tools: [{ functionDeclarations: [weather] }], toolConfig: { functionCallingConfig: { mode: 'NONE' } } });
    expect(none.json.candidates[0]?.content.parts?.some((part) => part.functionCall !== undefined)).toBe(false);
  });

  it('answers in text after a functionResponse, and counts the exchange in the prompt', async () => {
    const { json } = await generate('gemini-2.0-flash', {
      contents: [
        user('get_weather in Paris'),
        { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Paris' } } }] },
        { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { temperature: 21 } } }] },
      ],
      tools: [{ functionDeclarations: [weather] }],
    });
    expect(textOf(json).length).toBeGreaterThan(0);
    const expected =
      encode(JSON.stringify([weather])).length +
      encode('get_weather in Paris').length +
      encode('get_weather{"city":"Paris"}').length +
      encode('get_weather{"temperature":21}').length;
    expect(json.usageMetadata.promptTokenCount).toBe(expected);
  });

  it('streams function calls whole in one event, with the finish reason', async () => {
    const { events } = await streamEvents('gemini-2.0-flash', { contents: [user('get_weather please')], tools: [{ functionDeclarations: [weather] }] });
    const withCalls = events.filter((event) => event.candidates[0]?.content.parts?.some((part) => part.functionCall !== undefined));
    expect(withCalls).toHaveLength(1);
    expect(withCalls[0]?.candidates[0]?.finishReason).toBe('STOP');
  });

  it('bills built-in tool results as toolUsePromptTokenCount, inside the total', async () => {
    const { json } = await generate('gemini-2.0-flash', { contents: [user('Latest news?')], tools: [{ googleSearch: {} }] });
    const usage = json.usageMetadata;
    expect(usage.toolUsePromptTokenCount).toBeGreaterThan(0);
    expect(usage.toolUsePromptTokensDetails).toEqual([{ modality: 'TEXT', tokenCount: usage.toolUsePromptTokenCount }]);
    expect(usage.totalTokenCount).toBe(usage.promptTokenCount + (usage.candidatesTokenCount as number) + (usage.toolUsePromptTokenCount as number));
  });
});

describe('structured output', () => {
  it('answers responseSchema (Gemini Schema) and responseJsonSchema with JSON that validates', async () => {
    const schema = { type: 'OBJECT', properties: { title: { type: 'STRING' }, tags: { type: 'ARRAY', items: { type: 'STRING' }, minItems: '1' } }, required: ['title', 'tags'] };
    const viaSchema = await generate('gemini-2.5-flash', { contents: [user('A book')], generationConfig: { responseMimeType: 'application/json', responseSchema: schema } });
    const parsed: unknown = JSON.parse(textOf(viaSchema.json));
    expect(ajv.compile({ type: 'object', properties: { title: { type: 'string' }, tags: { type: 'array', items: { type: 'string' }, minItems: 1 } }, required: ['title', 'tags'] })(parsed)).toBe(true);

    const jsonSchema = { type: 'object', properties: { score: { type: 'integer', minimum: 0, maximum: 10 } }, required: ['score'], additionalProperties: false };
    const viaJsonSchema = await generate('gemini-2.5-flash', { contents: [user('Rate it')], generationConfig: { responseMimeType: 'application/json', responseJsonSchema: jsonSchema } });
    expect(ajv.compile(jsonSchema)(JSON.parse(textOf(viaJsonSchema.json)))).toBe(true);

    const noMime = await generate('gemini-2.5-flash', { contents: [user('Rate it')], generationConfig: { responseSchema: schema } });
    expect(noMime.status).toBe(400);
  });
});

describe('implicit caching', () => {
  const longText = Array.from({ length: 400 }, (_, index) => `Clause ${index} of the shared contract.`).join(' ');

  it('reads a repeated prefix of at least 1024 tokens back as cachedContentTokenCount, within promptTokenCount, per key', async () => {
    const first = await generate('gemini-2.5-flash', { contents: [user(`${longText} Question one?`)] }, {}, 'cache-key');
    expect(first.json.usageMetadata.promptTokenCount).toBeGreaterThan(2000);
    expect(first.json.usageMetadata.cachedContentTokenCount).toBeUndefined();
    const second = await generate('gemini-2.5-flash', { contents: [user(`${longText} Question two?`)] }, {}, 'cache-key');
    const cached = second.json.usageMetadata.cachedContentTokenCount as number;
    expect(cached).toBeGreaterThanOrEqual(1024);
    expect(cached).toBeLessThanOrEqual(second.json.usageMetadata.promptTokenCount);
    expect(cached % 64).toBe(0);
    expect(second.json.usageMetadata.cacheTokensDetails).toEqual([{ modality: 'TEXT', tokenCount: cached }]);
    const otherKey = await generate('gemini-2.5-flash', { contents: [user(`${longText} Question two?`)] }, {}, 'other-key');
    expect(otherKey.json.usageMetadata.cachedContentTokenCount).toBeUndefined();
    // 2.0 Flash has no implicit caching.
    await generate('gemini-2.0-flash', { contents: [user(`${longText} Question one?`)] }, {}, 'cache-key');
    const old = await generate('gemini-2.0-flash', { contents: [user(`${longText} Question one?`)] }, {}, 'cache-key');
    expect(old.json.usageMetadata.cachedContentTokenCount).toBeUndefined();
  });

  it('needs 2048 tokens on Pro', async () => {
    const shortish = Array.from({ length: 200 }, (_, index) => `Line ${index} of the pro prompt.`).join(' ');
    expect(encode(shortish).length).toBeGreaterThan(1100);
    expect(encode(shortish).length).toBeLessThan(2048);
    await generate('gemini-2.5-pro', { contents: [user(shortish)] }, {}, 'pro-key');
    const again = await generate('gemini-2.5-pro', { contents: [user(shortish)] }, {}, 'pro-key');
    expect(again.json.usageMetadata.cachedContentTokenCount).toBeUndefined();
  });
});

describe('streamGenerateContent', () => {
  it('sends GenerateContentResponses whose usage repeats the running total and ends at the sync figures', async () => {
    const body = { contents: [user('Stream about gardens.')] };
    const headers = { 'x-sim-output-tokens': '40' };
    const { raw, events } = await streamEvents('gemini-2.5-flash', body, headers);
    expect(raw.endsWith('\r\n\r\n')).toBe(true);
    expect(events.length).toBeGreaterThan(3);
    const counts = events.map((event) => (event.usageMetadata.candidatesTokenCount as number | undefined) ?? 0);
    expect(counts).toEqual([...counts].sort((left, right) => left - right));
    for (const event of events) {
      expect(event.usageMetadata.promptTokenCount).toBe(encode('Stream about gardens.').length);
      expect(event.usageMetadata.thoughtsTokenCount).toBeGreaterThan(0);
      expect(event.modelVersion).toBe('gemini-2.5-flash');
    }
    expect(new Set(events.map((event) => event.responseId)).size).toBe(1);
    const last = events[events.length - 1];
    expect(last?.candidates[0]?.finishReason).toBe('STOP');
    expect(events.slice(0, -1).every((event) => event.candidates[0]?.finishReason === undefined)).toBe(true);
    const text = events.map((event) => textOf(event)).join('');
    const sync = await generate('gemini-2.5-flash', body, headers);
    expect(text).toBe(textOf(sync.json));
    expect(last?.usageMetadata).toEqual(sync.json.usageMetadata);
  });

  it('streams a JSON array without alt=sse (the REST default)', async () => {
    const response = await fetch(`${sim.url}/gemini/v1beta/models/gemini-2.0-flash:streamGenerateContent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': 'k', 'x-sim-output-tokens': '20' },
      body: JSON.stringify({ contents: [user('array please')] }),
    });
    const array = JSON.parse(await response.text()) as GeminiResponse[];
    expect(array.length).toBeGreaterThan(1);
    expect(array[array.length - 1]?.usageMetadata.candidatesTokenCount).toBe(20);
  });
});

describe('embeddings and models', () => {
  it('embeds one text and a batch, truncating to outputDimensionality', async () => {
    const post = (action: string, body: unknown, model = 'gemini-embedding-001') =>
      fetch(`${sim.url}/gemini/v1beta/models/${model}:${action}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-goog-api-key': 'k' }, body: JSON.stringify(body) });
    const single = (await (await post('embedContent', { content: { parts: [{ text: 'hello' }] } })).json()) as { embedding: { values: number[] } };
    expect(single.embedding.values).toHaveLength(3072);
    expect(Math.hypot(...single.embedding.values)).toBeCloseTo(1, 5);
    const short = (await (await post('embedContent', { content: { parts: [{ text: 'hello' }] }, outputDimensionality: 768 })).json()) as { embedding: { values: number[] } };
    expect(short.embedding.values).toEqual(single.embedding.values.slice(0, 768));
    const batch = (await (
      await post('batchEmbedContents', { requests: ['a', 'b'].map((text) => ({ model: 'models/text-embedding-004', content: { parts: [{ text }] } })) }, 'text-embedding-004')
    ).json()) as { embeddings: Array<{ values: number[] }> };
    expect(batch.embeddings.map((embedding) => embedding.values.length)).toEqual([768, 768]);
    const mismatch = await post('batchEmbedContents', { requests: [{ model: 'models/other', content: { parts: [{ text: 'a' }] } }] }, 'text-embedding-004');
    expect(mismatch.status).toBe(400);
    expect((await post('generateContent', { contents: [user('x')] }, 'text-embedding-004')).status).toBe(404);
  });

  it('lists and describes models, counts tokens, and 404s unknown ones', async () => {
    const headers = { 'x-goog-api-key': 'k' };
    const list = (await (await fetch(`${sim.url}/gemini/v1beta/models`, { headers })).json()) as { models: Array<{ name: string; supportedGenerationMethods: string[] }> };
    expect(list.models.map((model) => model.name)).toEqual(
      expect.arrayContaining(['models/gemini-2.5-pro', 'models/gemini-2.5-flash', 'models/gemini-2.5-flash-lite', 'models/gemini-2.0-flash', 'models/text-embedding-004', 'models/gemini-embedding-001']),
    );
    const one = (await (await fetch(`${sim.url}/gemini/v1beta/models/gemini-2.5-pro`, { headers })).json()) as Record<string, unknown>;
    expect(one).toMatchObject({ name: 'models/gemini-2.5-pro', inputTokenLimit: 1_048_576, outputTokenLimit: 65_536, thinking: true });
    const missing = await fetch(`${sim.url}/gemini/v1beta/models/gemini-0:generateContent`, { method: 'POST', headers, body: JSON.stringify({ contents: [user('x')] }) });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 404, status: 'NOT_FOUND' } });
    const counted = (await (await fetch(`${sim.url}/gemini/v1beta/models/gemini-2.5-flash:countTokens`, { method: 'POST', headers, body: JSON.stringify({ contents: [user('count these words')] }) })).json()) as {
      totalTokens: number;
    };
    expect(counted.totalTokens).toBe(encode('count these words').length);
  });
});

describe('requests the API refuses', () => {
  it('403 without a key, 401 for a bearer token, 400 API_KEY_INVALID for a rejected key', async () => {
    const own = await startSimulator({ rejectedApiKeys: ['bad-key'] });
    try {
      const post = (headers: Record<string, string>) =>
        fetch(`${own.url}/gemini/v1beta/models/gemini-2.5-flash:generateContent`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ contents: [user('x')] }) });
      const none = await post({});
      expect(none.status).toBe(403);
      expect(await none.json()).toMatchObject({ error: { status: 'PERMISSION_DENIED' } });
      const bearer = await post({ authorization: 'Bearer token' });
      expect(bearer.status).toBe(401);
      expect(await bearer.json()).toMatchObject({ error: { status: 'UNAUTHENTICATED' } });
      const rejected = await post({ 'x-goog-api-key': 'bad-key' });
      expect(rejected.status).toBe(400);
      expect(await rejected.json()).toMatchObject({ error: { status: 'INVALID_ARGUMENT', details: [{ reason: 'API_KEY_INVALID' }, {}] } });
    } finally {
      await own.close();
    }
  });

  it('400s an unknown field, missing contents and an over-limit maxOutputTokens', async () => {
    const unknown = await generate('gemini-2.5-flash', { contents: [user('x')], messages: [] });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error?.message).toBe('Invalid JSON payload received. Unknown name "messages": Cannot find field.');
    const missing = await generate('gemini-2.5-flash', {});
    expect(missing.json.error?.message).toContain('contents');
    const over = await generate('gemini-2.0-flash', { contents: [user('x')], generationConfig: { maxOutputTokens: 9000 } });
    expect(over.status).toBe(400);
  });
});

describe.skipIf(!HAS_CAPTURES)('against the recorded Gemini responses', () => {
  const keys = (value: unknown): string[] => Object.keys(value as object).sort();

  it('has the response, candidate, content and usage fields of the captures', async () => {
    const recorded = JSON.parse(readCapture('google/google-text.json')) as GeminiResponse;
    const { json } = await generate('gemini-2.5-flash', { contents: [user('How many r are in strawberry?')] });
    expect(keys(json)).toEqual(keys(recorded));
    expect(keys(json.candidates[0])).toEqual(keys(recorded.candidates[0]));
    expect(keys(json.candidates[0]?.content)).toEqual(keys(recorded.candidates[0]?.content));
    const knownUsage = new Set(
      ['google/google-text.json', 'google/google-tool-use-usage.json', 'google/google-usage-raw-live.json', 'google/issue-19822-complete-usage.json'].flatMap((path) =>
        keys((JSON.parse(readCapture(path)) as { usageMetadata: unknown }).usageMetadata),
      ),
    );
    knownUsage.delete('futureUsageField');
    const withEverything = await generate('gemini-2.5-flash', { contents: [user('news?')], tools: [{ googleSearch: {} }], serviceTier: 'standard' });
    for (const key of keys(withEverything.json.usageMetadata)) expect(knownUsage).toContain(key);
    expect(withEverything.json.usageMetadata.serviceTier).toBe('standard');
  });

  it('streams events shaped like the recorded stream', async () => {
    const recorded = readCapture('google/google-text.chunks.txt')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as GeminiResponse);
    const { events } = await streamEvents('gemini-2.5-flash', { contents: [user('How many r are in strawberry?')] });
    expect(keys(events[0])).toEqual(keys(recorded[0]));
    expect(keys(events[0]?.candidates[0])).toEqual(keys(recorded[0]?.candidates[0]));
    expect(keys(events[events.length - 1]?.candidates[0])).toEqual(keys(recorded[recorded.length - 1]?.candidates[0]));
  });
});
