import { describe, expect, it } from 'vitest';
import { classifyOpenAIError } from './classify-openai-error.js';

const NOW = Date.parse('2026-11-27T12:00:00Z');

describe('classifyOpenAIError', () => {
  it.each([
    [429, { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } }, 'rate_limit'],
    [429, { error: { message: 'You exceeded your current quota', type: 'insufficient_quota', code: 'insufficient_quota' } }, 'quota_exceeded'],
    [400, { error: { message: 'too long', type: 'invalid_request_error', code: 'context_length_exceeded' } }, 'context_length'],
    [401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } }, 'auth'],
    [500, { error: { message: 'The server had an error', type: 'server_error' } }, 'server_error'],
    [503, { error: { message: 'overloaded' } }, 'overloaded'],
    [404, { error: { message: 'The model does not exist', code: 'model_not_found' } }, 'not_found'],
    // Regression: Mistral's flat error body, and its 429 for a saturated model, were misread.
    [429, { object: 'error', message: 'Service tier capacity exceeded for this model.', type: 'service_tier_capacity_exceeded', param: null, code: '3505' }, 'overloaded'],
    [400, { object: 'error', message: 'Prompt contains 40000 tokens, too large for model with 32768 maximum context length', type: 'invalid_request_error', code: '3051' }, 'context_length'],
    // Regression: xAI words the context limit as a maximum prompt length, with no code for it.
    [400, { code: 'Client specified an invalid argument', error: "This model's maximum prompt length is 131072 but the request contains 131073 tokens." }, 'context_length'],
  ])('%i %j → %s', (status, body, expected) => {
    expect(classifyOpenAIError(status, {}, JSON.stringify(body), NOW).errorClass).toBe(expected);
  });

  it('keeps the provider message and retry delay', () => {
    const failure = classifyOpenAIError(429, { 'retry-after': '12' }, JSON.stringify({ object: 'error', message: 'slow down', type: 'rate_limited' }), NOW);
    expect(failure).toMatchObject({ errorClass: 'rate_limit', status: 429, message: 'slow down', retryAfterMs: 12_000 });
  });

  it('reads a body that is not JSON as the message', () => {
    expect(classifyOpenAIError(502, {}, '<html>Bad gateway</html>', NOW)).toMatchObject({ errorClass: 'server_error', message: '<html>Bad gateway</html>' });
  });
});
