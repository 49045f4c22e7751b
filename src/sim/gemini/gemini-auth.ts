/** The Gemini API key: the `x-goog-api-key` header, else `?key=`. Answers Google's error when there is none or it is refused. */
import { bearerToken, headerValue } from '../http-io.js';
import type { SimExchange } from '../sim-context.js';
import { apiKeyInvalid, bearerRejected, missingKey, sendGoogleError } from './gemini-errors.js';

export function authenticateGemini(exchange: SimExchange): string | undefined {
  const key = headerValue(exchange.request, 'x-goog-api-key')?.trim() || exchange.query.get('key')?.trim() || undefined;
  if (key === undefined) {
    // A bearer token is taken for an OAuth access token, which an API-key caller does not have.
    sendGoogleError(exchange.response, bearerToken(exchange.request) === undefined ? missingKey() : bearerRejected());
    return undefined;
  }
  if (exchange.context.rejectedApiKeys.has(key)) {
    sendGoogleError(exchange.response, apiKeyInvalid());
    return undefined;
  }
  return key;
}
