import { describe, expect, it } from 'vitest';
import type { ChatMessage, ChatRequest } from '../../core/chat.js';
import { TollgateError } from '../../core/errors.js';
import type { ChatCallContext, PreparedRequest, ProviderAccount } from '../adapter.js';
import { SKIP_SIGNATURE_VALIDATION } from './convert-gemini-contents.js';
import { GEMINI_PARAMETER_SUPPORT } from './gemini-parameter-support.js';
import { translateGeminiRequest } from './translate-gemini-request.js';
import { translateGeminiResponse } from './translate-gemini-response.js';

const account: ProviderAccount = { id: 'google', type: 'gemini', baseUrl: 'https://generativelanguage.googleapis.com', apiKey: 'g-key', headers: { 'x-extra': '1' } };
const context = (overrides: Partial<ChatCallContext> = {}): ChatCallContext => ({ account, model: 'gemini-2.5-flash', stream: false, tier: 'standard', ...overrides });
const user = (text: string): ChatMessage => ({ role: 'user', content: [{ type: 'text', text }] });
const request = (messages: ChatMessage[], extra: Partial<ChatRequest> = {}): ChatRequest => ({ model: 'gemini-2.5-flash', messages, stream: false, ...extra });
const bodyOf = (prepared: PreparedRequest): Record<string, unknown> => JSON.parse(prepared.body) as Record<string, unknown>;

describe('translateGeminiRequest: golden bodies', () => {
  it('text with a system prompt and sampling settings', () => {
    const prepared = translateGeminiRequest(
      request([{ role: 'system', content: [{ type: 'text', text: 'Be brief.' }] }, user('Hi')], {
        temperature: 0.2, topP: 0.9, topK: 40, maxOutputTokens: 100, stop: ['END'], seed: 7, n: 2, presencePenalty: 0.5, frequencyPenalty: 0.25,
      }),
      context(),
    );
    expect(prepared.url).toBe('https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent');
    expect(prepared.headers).toEqual({ 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'x-goog-api-key': 'g-key', 'x-extra': '1' });
    expect(bodyOf(prepared)).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'Hi' }] }],
      systemInstruction: { parts: [{ text: 'Be brief.' }] },
      generationConfig: { temperature: 0.2, topP: 0.9, topK: 40, maxOutputTokens: 100, stopSequences: ['END'], candidateCount: 2, seed: 7, presencePenalty: 0.5, frequencyPenalty: 0.25 },
    });
    expect(prepared.warnings).toEqual([]);
  });

  it('streams over SSE, and keeps a base URL that already names the API version (a simulator)', () => {
    expect(translateGeminiRequest(request([user('Hi')]), context({ stream: true })).url).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
    );
    const simulated = translateGeminiRequest(request([user('Hi')]), context({ account: { ...account, baseUrl: 'http://127.0.0.1:9/gemini/v1beta/' } }));
    expect(simulated.url).toBe('http://127.0.0.1:9/gemini/v1beta/models/gemini-2.5-flash:generateContent');
  });

  it('multi-turn: assistant turns become role model, adjacent turns of one role merge', () => {
    const body = bodyOf(translateGeminiRequest(request([user('a'), user('b'), { role: 'assistant', content: [{ type: 'text', text: 'c' }] }, user('d')]), context()));
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'a' }, { text: 'b' }] },
      { role: 'model', parts: [{ text: 'c' }] },
      { role: 'user', parts: [{ text: 'd' }] },
    ]);
  });

  it('tools, a named tool_choice, tool calls and their results (matched by id, else by position)', () => {
    const prepared = translateGeminiRequest(
      request(
        [
          user('Weather and time in Paris?'),
          {
            role: 'assistant',
            content: [],
            toolCalls: [
              { id: 'call_w', name: 'weather', arguments: '{"city":"Paris"}' },
              { id: 'call_t', name: 'time', arguments: '' },
            ],
          },
          { role: 'tool', toolCallId: 'call_w', content: [{ type: 'text', text: '{"celsius":21}' }] },
          { role: 'tool', toolCallId: 'lost-by-the-client', content: [{ type: 'text', text: 'clock broken' }], isError: true },
          user('Thanks'),
        ],
        {
          tools: [
            { name: 'weather', description: 'Weather now', parameters: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
            { name: 'time', parameters: { type: 'object', properties: {} } },
          ],
          toolChoice: { name: 'weather' },
        },
      ),
      context(),
    );
    expect(bodyOf(prepared)).toEqual({
      contents: [
        { role: 'user', parts: [{ text: 'Weather and time in Paris?' }] },
        { role: 'model', parts: [{ functionCall: { name: 'weather', args: { city: 'Paris' } } }, { functionCall: { name: 'time', args: {} } }] },
        {
          role: 'user',
          parts: [
            { functionResponse: { name: 'weather', response: { output: { celsius: 21 } } } },
            { functionResponse: { name: 'time', response: { error: 'clock broken' } } },
            { text: 'Thanks' },
          ],
        },
      ],
      tools: [
        {
          functionDeclarations: [
            { name: 'weather', description: 'Weather now', parametersJsonSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
            { name: 'time', parametersJsonSchema: { type: 'object', properties: {} } },
          ],
        },
      ],
      toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['weather'] } },
    });
    expect(prepared.warnings).toEqual(['tools.weather.parameters: $schema not supported by gemini; removed']);
  });

  it.each([
    ['auto', { mode: 'AUTO' }],
    ['none', { mode: 'NONE' }],
    ['required', { mode: 'ANY' }],
  ] as const)('tool_choice %s', (toolChoice, config) => {
    const body = bodyOf(translateGeminiRequest(request([user('x')], { tools: [{ name: 'f', parameters: { type: 'object' } }], toolChoice }), context()));
    expect(body.toolConfig).toEqual({ functionCallingConfig: config });
  });

  it('refuses a tool result that answers no known call', () => {
    const attempt = () => translateGeminiRequest(request([user('x'), { role: 'tool', toolCallId: 'ghost', content: [{ type: 'text', text: '1' }] }]), context());
    expect(attempt).toThrow(TollgateError);
    expect(attempt).toThrow(/messages\[1\]\.tool_call_id/);
  });

  it('images and documents: base64 and data: URLs inline, other URLs as fileData', () => {
    const prepared = translateGeminiRequest(
      request([
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Compare' },
            { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' } },
            { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.webp?size=2' }, detail: 'high' },
            { type: 'image', source: { kind: 'url', url: 'data:image/jpeg;base64,/9j/4AAQ' } },
            { type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0=' } },
            { type: 'document', source: { kind: 'text', text: 'notes' } },
          ],
        },
      ]),
      context(),
    );
    expect(bodyOf(prepared).contents).toEqual([
      {
        role: 'user',
        parts: [
          { text: 'Compare' },
          { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } },
          { fileData: { mimeType: 'image/webp', fileUri: 'https://example.com/cat.webp?size=2' } },
          { inlineData: { mimeType: 'image/jpeg', data: '/9j/4AAQ' } },
          { inlineData: { mimeType: 'application/pdf', data: 'JVBERi0=' } },
          { text: 'notes' },
        ],
      },
    ]);
    expect(prepared.warnings).toEqual(['image detail "high" is not supported by gemini; the image is sent at the default resolution']);
  });

  it('response formats: JSON mode, and a JSON schema trimmed to what Gemini takes', () => {
    expect(bodyOf(translateGeminiRequest(request([user('x')], { responseFormat: { type: 'json_object' } }), context())).generationConfig).toEqual({ responseMimeType: 'application/json' });
    const prepared = translateGeminiRequest(
      request([user('x')], { responseFormat: { type: 'json_schema', name: 'city', strict: true, schema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false, $comment: 'x' } } }),
      context(),
    );
    expect(bodyOf(prepared).generationConfig).toEqual({
      responseMimeType: 'application/json',
      responseJsonSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false },
    });
    expect(prepared.warnings).toEqual(['response_format.json_schema: $comment not supported by gemini; removed']);
  });

  it('latency tiers: instant → priority, deferred → flex, standard sends none', () => {
    expect(bodyOf(translateGeminiRequest(request([user('x')]), context({ tier: 'instant' }))).serviceTier).toBe('priority');
    expect(bodyOf(translateGeminiRequest(request([user('x')]), context({ tier: 'deferred' }))).serviceTier).toBe('flex');
    expect(bodyOf(translateGeminiRequest(request([user('x')]), context())).serviceTier).toBeUndefined();
  });

  it('thinking: budgets on 2.x, levels on 3, an explicit budget everywhere', () => {
    const config = (extra: Partial<ChatRequest>, model: string) => bodyOf(translateGeminiRequest(request([user('x')], extra), context({ model }))).generationConfig;
    expect(config({ reasoningEffort: 'low' }, 'gemini-2.5-flash')).toEqual({ thinkingConfig: { thinkingBudget: 2048, includeThoughts: true } });
    expect(config({ reasoningEffort: 'none' }, 'gemini-2.5-flash')).toEqual({ thinkingConfig: { thinkingBudget: 0, includeThoughts: false } });
    expect(config({ reasoningEffort: 'high' }, 'gemini-3-pro-preview')).toEqual({ thinkingConfig: { thinkingLevel: 'high', includeThoughts: true } });
    expect(config({ reasoningBudgetTokens: 1024 }, 'gemini-3-pro-preview')).toEqual({ thinkingConfig: { thinkingBudget: 1024, includeThoughts: true } });
    const none = translateGeminiRequest(request([user('x')], { reasoningEffort: 'none' }), context({ model: 'gemini-3-flash-preview' }));
    expect(bodyOf(none).generationConfig).toEqual({ thinkingConfig: { thinkingLevel: 'minimal', includeThoughts: true } });
    expect(none.warnings).toEqual(['reasoning_effort "none": gemini 3 cannot turn thinking off; the minimal level was used']);
  });
});

describe('translateGeminiRequest: thought signatures travel back', () => {
  const answer = translateGeminiResponse(
    {
      responseId: 'resp-1',
      modelVersion: 'gemini-3-pro-preview',
      candidates: [
        {
          index: 0,
          finishReason: 'STOP',
          content: { role: 'model', parts: [{ text: 'Thinking about it', thought: true, thoughtSignature: 'VGhvdWdodA==' }, { functionCall: { name: 'weather', args: { city: 'Oslo' } }, thoughtSignature: 'Q2FsbFNpZw==' }] },
        },
      ],
    },
    () => new Date(0),
  );
  const choice = answer.choices[0];
  if (!choice) throw new Error('no choice');
  const [call] = choice.toolCalls;
  if (!call) throw new Error('no call');

  it('a parsed answer sent back puts each signature where Gemini gave it', () => {
    const next = translateGeminiRequest(
      request([user('Weather in Oslo?'), { role: 'assistant', content: [], toolCalls: choice.toolCalls, reasoning: choice.reasoning }, { role: 'tool', toolCallId: call.id, content: [{ type: 'text', text: 'snow' }] }]),
      context({ model: 'gemini-3-pro-preview' }),
    );
    expect(bodyOf(next).contents).toEqual([
      { role: 'user', parts: [{ text: 'Weather in Oslo?' }] },
      {
        role: 'model',
        parts: [
          { text: 'Thinking about it', thought: true, thoughtSignature: 'VGhvdWdodA==' },
          { functionCall: { name: 'weather', args: { city: 'Oslo' } }, thoughtSignature: 'Q2FsbFNpZw==' },
        ],
      },
      { role: 'user', parts: [{ functionResponse: { name: 'weather', response: { output: 'snow' } } }] },
    ]);
    expect(next.warnings).toEqual([]);
  });

  it('a call whose signature the client lost gets Gemini 3\'s validator-skip marker, with a warning', () => {
    const next = translateGeminiRequest(request([user('q'), { role: 'assistant', content: [], toolCalls: choice.toolCalls }, { role: 'tool', toolCallId: call.id, content: [{ type: 'text', text: 'snow' }] }]), context({ model: 'gemini-3-pro-preview' }));
    const model = (bodyOf(next).contents as Array<{ parts: Array<Record<string, unknown>> }>)[1];
    expect(model?.parts[0]?.thoughtSignature).toBe(SKIP_SIGNATURE_VALIDATION);
    expect(next.warnings).toHaveLength(1);
    const older = translateGeminiRequest(request([user('q'), { role: 'assistant', content: [], toolCalls: choice.toolCalls }, { role: 'tool', toolCallId: call.id, content: [{ type: 'text', text: 'snow' }] }]), context({ model: 'gemini-2.5-pro' }));
    expect((bodyOf(older).contents as Array<{ parts: Array<Record<string, unknown>> }>)[1]?.parts[0]?.thoughtSignature).toBeUndefined();
  });
});

describe('GEMINI_PARAMETER_SUPPORT holds', () => {
  const tool = { name: 'f', parameters: { type: 'object' } };
  const samples: Record<keyof typeof GEMINI_PARAMETER_SUPPORT, Partial<ChatRequest>> = {
    tools: { tools: [tool] }, toolChoice: { toolChoice: 'required' }, parallelToolCalls: { parallelToolCalls: false }, maxOutputTokens: { maxOutputTokens: 50 },
    temperature: { temperature: 0.3 }, topP: { topP: 0.5 }, topK: { topK: 20 }, frequencyPenalty: { frequencyPenalty: 0.1 }, presencePenalty: { presencePenalty: 0.2 },
    stop: { stop: ['x'] }, seed: { seed: 3 }, n: { n: 2 }, responseFormat: { responseFormat: { type: 'json_object' } }, reasoningEffort: { reasoningEffort: 'low' },
    reasoningBudgetTokens: { reasoningBudgetTokens: 1000 }, logprobs: { logprobs: true }, topLogprobs: { topLogprobs: 3 }, endUser: { endUser: 'u1' },
  };
  it.each(Object.entries(GEMINI_PARAMETER_SUPPORT).map(([parameter, declared]) => [parameter, declared.treatment] as const))('%s is %s', (parameter, handling) => {
    const base = request([user('x')], parameter === 'tools' ? {} : { tools: [tool] });
    const baseline = translateGeminiRequest(base, context());
    const prepare = () => translateGeminiRequest({ ...base, ...samples[parameter as keyof typeof samples] }, context());
    if (handling === 'translated' || handling === 'supported') {
      expect(prepare().body).not.toBe(baseline.body);
      expect(prepare().warnings).toEqual(baseline.warnings);
    } else {
      expect(prepare().body).toBe(baseline.body);
      expect(prepare().warnings.length).toBeGreaterThan(baseline.warnings.length);
    }
  });
});
