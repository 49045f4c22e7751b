/** The first steps of every OpenAI route: the Bearer key, then a JSON body; each answers OpenAI's error when it fails. */
import { bearerToken } from '../http-io.js';
import type { SimExchange } from '../sim-context.js';
import { readRequestControls, type RequestControls } from '../request-controls.js';
import { incorrectKeyError, invalidRequest, missingKeyError, sendOpenAIError, unparsableBodyError } from './openai-errors.js';

/** The caller's API key, or undefined once a 401 has been sent. */
export function authenticateOpenAI(exchange: SimExchange): string | undefined {
  const key = bearerToken(exchange.request);
  if (key === undefined) {
    sendOpenAIError(exchange.response, 401, missingKeyError(), exchange.startedAt);
    return undefined;
  }
  if (exchange.context.rejectedApiKeys.has(key)) {
    sendOpenAIError(exchange.response, 401, incorrectKeyError(key), exchange.startedAt);
    return undefined;
  }
  return key;
}

/** The parsed body, or undefined once a 400 has been sent. */
export function parseJsonBody(exchange: SimExchange, rawBody: string): Record<string, unknown> | undefined {
  try {
    const body: unknown = JSON.parse(rawBody);
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    // answered below
  }
  sendOpenAIError(exchange.response, 400, unparsableBodyError(), exchange.startedAt);
  return undefined;
}

/** Key, simulator controls and JSON body of a POST route, or undefined once the error has been sent. */
export function readOpenAIPost(exchange: SimExchange, rawBody: string): { apiKey: string; controls: RequestControls; body: Record<string, unknown> } | undefined {
  const apiKey = authenticateOpenAI(exchange);
  if (apiKey === undefined) return undefined;
  const controlsResult = readRequestControls(exchange.request.headers);
  if ('problem' in controlsResult) {
    sendOpenAIError(exchange.response, 400, invalidRequest(controlsResult.problem), exchange.startedAt);
    return undefined;
  }
  const body = parseJsonBody(exchange, rawBody);
  return body === undefined ? undefined : { apiKey, controls: controlsResult.controls, body };
}
