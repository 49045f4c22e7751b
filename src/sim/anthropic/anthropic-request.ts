/** The first steps of every Anthropic route: the key (x-api-key or Bearer), anthropic-version, a JSON body. */
import { bearerToken, headerValue } from '../http-io.js';
import type { SimExchange } from '../sim-context.js';
import { sendAnthropicError, sendInvalidRequest } from './anthropic-errors.js';

/** The caller's API key, or undefined once an error has been sent. */
export function authenticateAnthropic(exchange: SimExchange, isVersionRequired: boolean): string | undefined {
  const { request, response, context } = exchange;
  const key = headerValue(request, 'x-api-key')?.trim() || bearerToken(request);
  if (key === undefined || key.length === 0) {
    sendAnthropicError(response, 401, 'authentication_error', 'x-api-key header is required');
    return undefined;
  }
  if (context.rejectedApiKeys.has(key)) {
    sendAnthropicError(response, 401, 'authentication_error', 'invalid x-api-key');
    return undefined;
  }
  if (isVersionRequired && (headerValue(request, 'anthropic-version') ?? '').trim().length === 0) {
    sendInvalidRequest(response, 'anthropic-version: header is required');
    return undefined;
  }
  return key;
}

/** The parsed body, or undefined once a 400 has been sent. */
export function parseAnthropicBody(exchange: SimExchange, rawBody: string): Record<string, unknown> | undefined {
  try {
    const body: unknown = JSON.parse(rawBody);
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    // answered below
  }
  sendInvalidRequest(exchange.response, 'There was an issue with the request body: it is not a valid JSON object.');
  return undefined;
}
