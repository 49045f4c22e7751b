/** The simulator's Responses API, read by the official OpenAI client and over raw HTTP. */
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../index.js';

let sim: RunningSimulator;
let openai: OpenAI;

beforeAll(async () => {
  sim = await startSimulator();
  openai = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'sk-test-responses', maxRetries: 0 });
});
afterAll(async () => sim.close());

/** OpenAI's cookbook count: 3 per turn + role + content, 3 to prime the reply. */
function promptTokens(turns: Array<[string, string]>): number {
  return 3 + turns.reduce((sum, [role, content]) => sum + 3 + encode(role).length + encode(content).length, 0);
}

describe('POST /v1/responses (simulator)', () => {
  it('answers a whole response with usage counted by the tokenizer, instructions included', async () => {
    const response = await openai.responses.create({ model: 'gpt-4o-mini', instructions: 'Be terse.', input: 'Name a colour.' });
    expect(response.object).toBe('response');
    expect(response.status).toBe('completed');
    expect(response.model).toBe('gpt-4o-mini-2024-07-18');
    expect(response.output_text.length).toBeGreaterThan(0);
    expect(response.usage?.input_tokens).toBe(promptTokens([['system', 'Be terse.'], ['user', 'Name a colour.']]));
    expect(response.usage?.input_tokens_details.cached_tokens).toBe(0);
    expect(response.usage?.output_tokens_details.reasoning_tokens).toBe(0);
    expect(response.usage?.total_tokens).toBe((response.usage?.input_tokens ?? 0) + (response.usage?.output_tokens ?? 0));
  });

  it('streams the same answer as named events (created … output_text.delta … completed) with usage only at the end', async () => {
    const input = [{ role: 'user' as const, content: 'Describe the sea.' }];
    const whole = await openai.responses.create({ model: 'gpt-4o-mini', input });
    const stream = await openai.responses.create({ model: 'gpt-4o-mini', input, stream: true });
    const types: string[] = [];
    const sequence: number[] = [];
    let text = '';
    let completed: OpenAI.Responses.Response | undefined;
    for await (const event of stream) {
      types.push(event.type);
      sequence.push(event.sequence_number);
      if (event.type === 'response.output_text.delta') text += event.delta;
      if (event.type === 'response.created') expect(event.response.usage ?? null).toBeNull();
      if (event.type === 'response.completed') completed = event.response;
    }
    expect(types.slice(0, 4)).toEqual(['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added']);
    expect(types.slice(-4)).toEqual(['response.output_text.done', 'response.content_part.done', 'response.output_item.done', 'response.completed']);
    expect(sequence).toEqual(sequence.map((_value, index) => index));
    expect(text).toBe(whole.output_text);
    expect(completed?.usage?.input_tokens).toBe(whole.usage?.input_tokens);
    expect(completed?.usage?.output_tokens).toBe(whole.usage?.output_tokens);
  });

  it('sends each event with an event: line, as OpenAI does, and no [DONE]', async () => {
    const response = await fetch(`${sim.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-raw' },
      body: JSON.stringify({ model: 'gpt-4o-mini', input: 'Hi', stream: true }),
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const body = await response.text();
    expect(body.startsWith('event: response.created\ndata: {"type":"response.created"')).toBe(true);
    expect(body).toContain('event: response.completed\ndata: ');
    expect(body).not.toContain('[DONE]');
  });

  it('bills hidden reasoning inside output_tokens for reasoning models, with a reasoning item', async () => {
    const response = await openai.responses.create({ model: 'gpt-5-mini', input: 'Plan a trip.', reasoning: { effort: 'low' } });
    const usage = response.usage;
    expect(usage?.output_tokens_details.reasoning_tokens).toBeGreaterThanOrEqual(32);
    expect(response.output[0]?.type).toBe('reasoning');
    // output_tokens = visible text + hidden reasoning.
    expect(usage?.output_tokens).toBeGreaterThan(usage?.output_tokens_details.reasoning_tokens ?? Infinity);
    expect(response.output_text.length).toBeGreaterThan(0);
  });

  it('stops at max_output_tokens as an incomplete response', async () => {
    const response = await openai.responses.create({ model: 'gpt-4o-mini', input: 'Write an essay.', max_output_tokens: 16 }, { headers: { 'x-sim-output-tokens': '200' } });
    expect(response.status).toBe('incomplete');
    expect(response.incomplete_details?.reason).toBe('max_output_tokens');
    expect(response.usage?.output_tokens).toBe(16);
  });

  it("answers OpenAI's errors: a missing key, an unknown model", async () => {
    const noKey = await fetch(`${sim.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"gpt-4o-mini","input":"x"}' });
    expect(noKey.status).toBe(401);
    await expect(openai.responses.create({ model: 'gpt-nope', input: 'x' })).rejects.toMatchObject({ status: 404, code: 'model_not_found' });
  });
});

