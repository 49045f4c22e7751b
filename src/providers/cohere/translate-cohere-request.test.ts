import { describe, expect, it } from 'vitest';
import type { ChatMessage, ChatRequest } from '../../core/chat.js';
import { TollgateError } from '../../core/errors.js';
import type { ChatCallContext, PreparedRequest, ProviderAccount } from '../adapter.js';
import { cohereAdapter } from './cohere-adapter.js';
import { COHERE_PARAMETER_SUPPORT } from './cohere-parameter-support.js';
import { translateCohereRequest } from './translate-cohere-request.js';

const account: ProviderAccount = { id: 'co', type: 'cohere', baseUrl: 'https://api.cohere.com', apiKey: 'co-key', headers: {} };
const context = (overrides: Partial<ChatCallContext> = {}): ChatCallContext => ({ account, model: 'command-a-03-2025', stream: false, tier: 'standard', ...overrides });
const user = (text: string): ChatMessage => ({ role: 'user', content: [{ type: 'text', text }] });
const request = (messages: ChatMessage[], extra: Partial<ChatRequest> = {}): ChatRequest => ({ model: 'command-a-03-2025', messages, stream: false, ...extra });
const bodyOf = (prepared: PreparedRequest): Record<string, unknown> => JSON.parse(prepared.body) as Record<string, unknown>;

describe('translateCohereRequest: golden bodies', () => {
  it('text with a system prompt and sampling settings, bearer auth, /v2/chat', () => {
    const prepared = translateCohereRequest(
      request([{ role: 'system', content: [{ type: 'text', text: 'Be brief.' }] }, user('Hi')], {
        maxOutputTokens: 100, temperature: 0.3, topP: 0.9, topK: 40, seed: 42, stop: ['END'], frequencyPenalty: 0.1, presencePenalty: 0.2,
      }),
      context(),
    );
    expect(prepared.url).toBe('https://api.cohere.com/v2/chat');
    expect(prepared.headers).toEqual({ 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: 'Bearer co-key' });
    expect(bodyOf(prepared)).toEqual({
      model: 'command-a-03-2025',
      messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }],
      max_tokens: 100, temperature: 0.3, p: 0.9, k: 40, seed: 42, stop_sequences: ['END'], frequency_penalty: 0.1, presence_penalty: 0.2,
    });
    expect(prepared.warnings).toEqual([]);
  });

  it('streams with stream: true; a base URL ending in /v2 is kept', () => {
    const prepared = translateCohereRequest(request([user('Hi')]), context({ stream: true, account: { ...account, baseUrl: 'http://127.0.0.1:9/cohere/v2' } }));
    expect(prepared.url).toBe('http://127.0.0.1:9/cohere/v2/chat');
    expect(bodyOf(prepared).stream).toBe(true);
  });

  it('multi-turn with tools: calls with their plan, results by call id, strict tools', () => {
    const prepared = translateCohereRequest(
      request(
        [
          user('Weather in Paris?'),
          { role: 'assistant', content: [{ type: 'text', text: 'I will check.' }], toolCalls: [{ id: 'weather_1', name: 'weather', arguments: '{"city":"Paris"}' }], reasoning: [{ text: 'private' }] },
          { role: 'tool', toolCallId: 'weather_1', content: [{ type: 'text', text: '{"celsius":21}' }] },
          { role: 'assistant', content: [{ type: 'text', text: 'It is 21°C.' }] },
          user('Thanks'),
        ],
        { tools: [{ name: 'weather', description: 'Weather now', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: true }], toolChoice: 'required' },
      ),
      context(),
    );
    expect(bodyOf(prepared)).toEqual({
      model: 'command-a-03-2025',
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', tool_calls: [{ id: 'weather_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }], tool_plan: 'I will check.' },
        { role: 'tool', tool_call_id: 'weather_1', content: '{"celsius":21}' },
        { role: 'assistant', content: 'It is 21°C.' },
        { role: 'user', content: 'Thanks' },
      ],
      tools: [{ type: 'function', function: { name: 'weather', description: 'Weather now', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
      tool_choice: 'REQUIRED',
      strict_tools: true,
    });
  });

  it('a named tool_choice sends only that tool, required; naming an unknown tool is refused', () => {
    const tools = [{ name: 'a', parameters: { type: 'object' } }, { name: 'b', parameters: { type: 'object' } }];
    const body = bodyOf(translateCohereRequest(request([user('x')], { tools, toolChoice: { name: 'b' } }), context()));
    expect(body.tools).toEqual([{ type: 'function', function: { name: 'b', parameters: { type: 'object' } } }]);
    expect(body.tool_choice).toBe('REQUIRED');
    expect(bodyOf(translateCohereRequest(request([user('x')], { tools, toolChoice: 'none' }), context())).tool_choice).toBe('NONE');
    expect(() => translateCohereRequest(request([user('x')], { tools, toolChoice: { name: 'c' } }), context())).toThrow(/no tool named "c"/);
  });

  it('images as image_url parts (base64 as a data: URL), text documents as grounding documents', () => {
    const body = bodyOf(
      translateCohereRequest(
        request([
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Describe' },
              { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' }, detail: 'low' },
              { type: 'image', source: { kind: 'url', url: 'https://example.com/a.jpg' } },
              { type: 'document', source: { kind: 'text', text: 'Paris is in France.' }, title: 'Atlas' },
              { type: 'document', source: { kind: 'base64', mediaType: 'text/plain', data: Buffer.from('plain notes').toString('base64') } },
            ],
          },
        ]),
        context(),
      ),
    );
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Describe' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' } },
          { type: 'image_url', image_url: { url: 'https://example.com/a.jpg' } },
        ],
      },
    ]);
    expect(body.documents).toEqual([{ data: { text: 'Paris is in France.', title: 'Atlas' } }, { data: { text: 'plain notes' } }]);
  });

  it('refuses documents Cohere cannot read (PDF, URLs)', () => {
    const pdf = request([{ role: 'user', content: [{ type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0=' } }] }]);
    expect(() => translateCohereRequest(pdf, context())).toThrow(TollgateError);
    expect(() => translateCohereRequest(pdf, context())).toThrow(/application\/pdf/);
  });

  it('response formats: JSON mode and a JSON schema', () => {
    expect(bodyOf(translateCohereRequest(request([user('x')], { responseFormat: { type: 'json_object' } }), context())).response_format).toEqual({ type: 'json_object' });
    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
    expect(bodyOf(translateCohereRequest(request([user('x')], { responseFormat: { type: 'json_schema', name: 'c', schema } }), context())).response_format).toEqual({ type: 'json_object', json_schema: schema });
    expect(bodyOf(translateCohereRequest(request([user('x')], { responseFormat: { type: 'text' } }), context())).response_format).toBeUndefined();
  });

  it('thinking: a budget, an effort (with a warning), none', () => {
    expect(bodyOf(translateCohereRequest(request([user('x')], { reasoningBudgetTokens: 2000 }), context())).thinking).toEqual({ type: 'enabled', token_budget: 2000 });
    expect(bodyOf(translateCohereRequest(request([user('x')], { reasoningEffort: 'none' }), context())).thinking).toEqual({ type: 'disabled' });
    const effort = translateCohereRequest(request([user('x')], { reasoningEffort: 'high' }), context());
    expect(bodyOf(effort).thinking).toEqual({ type: 'enabled' });
    expect(effort.warnings).toEqual(['reasoning_effort "high": cohere has no effort levels; thinking was switched on with the model\'s default budget']);
  });

  it('latency tiers other than standard are served at standard, with a warning', () => {
    expect(translateCohereRequest(request([user('x')]), context({ tier: 'instant' })).warnings).toEqual(['tier instant: cohere has no priority processing, served at the standard tier']);
    expect(translateCohereRequest(request([user('x')]), context({ tier: 'deferred' })).warnings).toEqual(['tier deferred: cohere has no flex processing, served at the standard tier']);
  });
});

describe('cohere same-dialect lane', () => {
  it('forwards the client body with the upstream model and stream flag', () => {
    const prepared = cohereAdapter.chat.prepare({ model: 'co/command-a', messages: [{ role: 'user', content: 'Hi' }], citation_options: { mode: 'FAST' } }, context({ stream: true }));
    expect(prepared.url).toBe('https://api.cohere.com/v2/chat');
    expect(JSON.parse(prepared.body)).toEqual({ model: 'command-a-03-2025', messages: [{ role: 'user', content: 'Hi' }], citation_options: { mode: 'FAST' }, stream: true });
    expect(cohereAdapter.chat.modelFromBody({ id: 'x' })).toBeUndefined();
  });
});

describe('COHERE_PARAMETER_SUPPORT holds', () => {
  const tool = { name: 'f', parameters: { type: 'object' } };
  const samples: Record<keyof typeof COHERE_PARAMETER_SUPPORT, Partial<ChatRequest>> = {
    tools: { tools: [tool] }, toolChoice: { toolChoice: 'required' }, parallelToolCalls: { parallelToolCalls: false }, maxOutputTokens: { maxOutputTokens: 50 },
    temperature: { temperature: 0.3 }, topP: { topP: 0.5 }, topK: { topK: 20 }, frequencyPenalty: { frequencyPenalty: 0.1 }, presencePenalty: { presencePenalty: 0.2 },
    stop: { stop: ['x'] }, seed: { seed: 3 }, n: { n: 2 }, responseFormat: { responseFormat: { type: 'json_object' } }, reasoningEffort: { reasoningEffort: 'none' },
    reasoningBudgetTokens: { reasoningBudgetTokens: 1000 }, logprobs: { logprobs: true }, topLogprobs: { topLogprobs: 3 }, endUser: { endUser: 'u1' },
  };
  it.each(Object.entries(COHERE_PARAMETER_SUPPORT).map(([parameter, declared]) => [parameter, declared.treatment] as const))('%s is %s', (parameter, handling) => {
    const base = request([user('x')], parameter === 'tools' ? {} : { tools: [tool] });
    const baseline = translateCohereRequest(base, context());
    const prepare = () => translateCohereRequest({ ...base, ...samples[parameter as keyof typeof samples] }, context());
    if (handling === 'rejected') {
      expect(prepare).toThrow(expect.objectContaining({ code: 'unsupported_parameter' }));
    } else if (handling === 'translated' || handling === 'supported') {
      expect(prepare().body).not.toBe(baseline.body);
      expect(prepare().warnings).toEqual(baseline.warnings);
    } else {
      expect(prepare().body).toBe(baseline.body);
      expect(prepare().warnings.length).toBeGreaterThan(baseline.warnings.length);
    }
  });
});
