import { describe, expect, it } from 'vitest';
import { classifyCohereError } from './classify-cohere-error.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const body = (message: string) => JSON.stringify({ id: 'e1', message });

describe('classifyCohereError', () => {
  it.each([
    [429, body('You are using a Trial key, which is limited to 10 API calls / minute.'), 'rate_limit'],
    [401, body('invalid api token'), 'auth'],
    [498, body('invalid api token'), 'auth'],
    [402, body('Please add a payment method'), 'quota_exceeded'],
    [404, body("model 'command-z' not found"), 'not_found'],
    [400, body('invalid request: message must be at least 1 token long'), 'invalid_request'],
    [400, body('too many tokens: total number of tokens in the prompt cannot exceed 128000 - received 130000'), 'context_length'],
    [422, body('invalid request: unknown field'), 'invalid_request'],
    [499, body('request cancelled'), 'cancelled'],
    [500, body('internal server error'), 'server_error'],
    [503, body('service unavailable'), 'overloaded'],
    [504, body('gateway timeout'), 'timeout'],
  ] as const)('%i → %s', (status, text, errorClass) => {
    const failure = classifyCohereError(status, {}, text, NOW);
    expect(failure.errorClass).toBe(errorClass);
    expect(failure.status).toBe(status);
    expect(failure.message).toBe((JSON.parse(text) as { message: string }).message);
  });

  it('keeps Retry-After, and a non-JSON body as the message', () => {
    expect(classifyCohereError(429, { 'retry-after': '3' }, body('slow down'), NOW).retryAfterMs).toBe(3000);
    expect(classifyCohereError(502, {}, 'upstream connect error', NOW)).toEqual({ errorClass: 'server_error', status: 502, message: 'upstream connect error' });
  });
});
