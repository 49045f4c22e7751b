import { describe, expect, it } from 'vitest';
import { classifyAnthropicError } from './classify-anthropic-error.js';

function body(type: string, message: string): string {
  return JSON.stringify({ type: 'error', error: { type, message }, request_id: 'req_1' });
}

describe('classifyAnthropicError', () => {
  const cases: Array<[status: number, bodyText: string, errorClass: string]> = [
    [429, body('rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit'), 'rate_limit'],
    [529, body('overloaded_error', 'Overloaded'), 'overloaded'],
    [503, body('overloaded_error', 'Overloaded'), 'overloaded'],
    [401, body('authentication_error', 'invalid x-api-key'), 'auth'],
    [403, body('permission_error', 'Your API key does not have permission to use the specified resource.'), 'auth'],
    [400, body('invalid_request_error', 'prompt is too long: 215000 tokens > 200000 maximum'), 'context_length'],
    [400, body('invalid_request_error', 'messages: roles must alternate'), 'invalid_request'],
    [400, body('invalid_request_error', 'Your credit balance is too low to access the Anthropic API.'), 'quota_exceeded'],
    [404, body('not_found_error', 'model: claude-nope'), 'not_found'],
    [500, body('api_error', 'Internal server error'), 'server_error'],
    [502, '<html>Bad Gateway</html>', 'server_error'],
    [504, body('timeout_error', 'Request timed out'), 'timeout'],
  ];
  for (const [status, bodyText, errorClass] of cases) {
    it(`${status} ${bodyText.slice(0, 60)} → ${errorClass}`, () => {
      expect(classifyAnthropicError(status, {}, bodyText, 0).errorClass).toBe(errorClass);
    });
  }

  it('reads retry-after on a 429 and names the provider code', () => {
    const failure = classifyAnthropicError(429, { 'retry-after': '17' }, body('rate_limit_error', 'slow down'), 0);
    expect(failure).toEqual({ errorClass: 'rate_limit', status: 429, message: 'slow down', retryAfterMs: 17_000, providerCode: 'rate_limit_error' });
  });

  it('keeps a non-JSON body as the message', () => {
    expect(classifyAnthropicError(502, {}, 'upstream connect error', 0).message).toBe('upstream connect error');
    expect(classifyAnthropicError(500, {}, '', 0).message).toBe('HTTP 500');
  });
});
