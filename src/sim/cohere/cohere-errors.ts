/**
 * Cohere's error shape `{"id","message"}`: 400 `invalid request: ...`, 401 `invalid api token` /
 * `no api key supplied`, 404 for an unknown model, 429 with the trial-key wording, 500, 503.
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { ErrorFault } from '../faults.js';
import { bearerToken, sendJson } from '../http-io.js';
import type { SimExchange } from '../sim-context.js';

export function cohereHeaders(): Record<string, string> {
  return { 'x-debug-trace-id': randomUUID().replaceAll('-', '') };
}

export function sendCohereError(response: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  sendJson(response, status, { id: randomUUID(), message }, { ...cohereHeaders(), ...headers });
}

export function sendInvalidRequest(response: ServerResponse, problem: string): void {
  sendCohereError(response, 400, `invalid request: ${problem}`);
}

export function contextLengthMessage(promptTokens: number, contextWindow: number): string {
  return `invalid request: too many tokens: total number of tokens in the prompt cannot exceed ${contextWindow} - received ${promptTokens}. Try using a shorter prompt, or enabling prompt truncating.`;
}

export function modelNotFoundMessage(model: string): string {
  return `model '${model}' not found, make sure the correct model ID was used and that you have access to the model.`;
}

export function sendCohereFault(response: ServerResponse, fault: ErrorFault, context: { promptTokens: number; contextWindow: number }): void {
  switch (fault) {
    case 'rate_limit':
      return sendCohereError(
        response,
        429,
        "You are using a Trial key, which is limited to 20 API calls / minute. You can continue to use the Trial key for free or upgrade to a Production key with higher rate limits at 'https://dashboard.cohere.com/api-keys'. Contact us on 'https://discord.gg/XW44jPfYJu' or email us at support@cohere.com with any questions",
      );
    case 'server_error':
      return sendCohereError(response, 500, `internal server error, this has been reported to our developers. id ${randomUUID()}`);
    case 'overloaded':
      return sendCohereError(response, 503, 'service unavailable: the model is overloaded, please try again later');
    case 'auth':
      return sendCohereError(response, 401, 'invalid api token');
    case 'context_length':
      return sendCohereError(response, 400, contextLengthMessage(Math.max(context.promptTokens, context.contextWindow + 1), context.contextWindow));
    case 'bad_request':
      return sendInvalidRequest(response, "the simulator was told to reject it (fault 'bad_request')");
  }
}

/** The Bearer key, or undefined once a 401 has been sent. */
export function authenticateCohere(exchange: SimExchange): string | undefined {
  const key = bearerToken(exchange.request);
  if (key === undefined) {
    sendCohereError(exchange.response, 401, 'no api key supplied');
    return undefined;
  }
  if (exchange.context.rejectedApiKeys.has(key)) {
    sendCohereError(exchange.response, 401, 'invalid api token');
    return undefined;
  }
  return key;
}

/** The parsed JSON object, or undefined once a 400 has been sent. */
export function parseCohereBody(response: ServerResponse, rawBody: string): Record<string, unknown> | undefined {
  try {
    const body: unknown = JSON.parse(rawBody);
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    // answered below
  }
  sendInvalidRequest(response, 'failed to decode the request body: it is not a JSON object');
  return undefined;
}
