import { describe, expect, it } from 'vitest';
import { HAS_CAPTURES, readCapture } from '../../../test/helpers/captures.js';
import { classifyGeminiError } from './classify-gemini-error.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const body = (code: number, status: string, message: string, details: unknown[] = []) => JSON.stringify({ error: { code, message, status, details } });

describe.skipIf(!HAS_CAPTURES)('classifyGeminiError on the recorded 429', () => {
  it('google-429-retry-info.json: RESOURCE_EXHAUSTED → rate_limit, RetryInfo 34.4s → 34400 ms', () => {
    const failure = classifyGeminiError(429, {}, readCapture('google/google-429-retry-info.json'), NOW);
    expect(failure).toEqual({
      errorClass: 'rate_limit',
      status: 429,
      message: 'You exceeded your current quota, please check your plan.',
      retryAfterMs: 34_400,
      providerCode: 'RESOURCE_EXHAUSTED',
    });
  });
});

describe('classifyGeminiError', () => {
  it.each([
    [503, body(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.'), 'overloaded'],
    [500, body(500, 'INTERNAL', 'An internal error has occurred.'), 'server_error'],
    [504, body(504, 'DEADLINE_EXCEEDED', 'Deadline expired before operation could complete.'), 'timeout'],
    [400, body(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received. Unknown name "foo"'), 'invalid_request'],
    [400, body(400, 'INVALID_ARGUMENT', 'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).'), 'context_length'],
    [400, body(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' }]), 'auth'],
    [403, body(403, 'PERMISSION_DENIED', 'Method doesn\'t allow unregistered callers.'), 'auth'],
    [401, body(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.'), 'auth'],
    [400, body(400, 'FAILED_PRECONDITION', 'User location is not supported for the API use.'), 'auth'],
    [404, body(404, 'NOT_FOUND', 'models/gemini-9 is not found for API version v1beta'), 'not_found'],
    [429, body(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded', [{ '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier' }] }]), 'quota_exceeded'],
  ] as const)('%i %s → %s', (status, text, errorClass) => {
    expect(classifyGeminiError(status, {}, text, NOW).errorClass).toBe(errorClass);
  });

  it('reads an error wrapped in an array (as a non-SSE stream sends it) and falls back to Retry-After', () => {
    const failure = classifyGeminiError(429, { 'retry-after': '7' }, `[${body(429, 'RESOURCE_EXHAUSTED', 'slow down')}]`, NOW);
    expect(failure).toMatchObject({ errorClass: 'rate_limit', message: 'slow down', retryAfterMs: 7000, providerCode: 'RESOURCE_EXHAUSTED' });
  });

  it('keeps a non-JSON body as the message', () => {
    expect(classifyGeminiError(502, {}, '<html>Bad Gateway</html>', NOW)).toEqual({ errorClass: 'server_error', status: 502, message: '<html>Bad Gateway</html>' });
  });
});
