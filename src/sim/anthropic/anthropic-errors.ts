/**
 * Anthropic's error shape `{"type":"error","error":{"type","message"},"request_id"}` and the
 * headers Anthropic sends with every reply (`request-id`, rate-limit headers on 429).
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { ErrorFault } from '../faults.js';
import { sendJson } from '../http-io.js';
import { randomIdPart } from '../seeded-random.js';

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

export function newAnthropicRequestId(): string {
  return `req_011C${randomIdPart(20, BASE58)}`;
}

export function anthropicHeaders(requestId: string): OutgoingHttpHeaders {
  return { 'request-id': requestId, 'anthropic-organization-id': '00000000-0000-4000-8000-00000000517a' };
}

export function sendAnthropicError(response: ServerResponse, status: number, type: string, message: string, headers: OutgoingHttpHeaders = {}): void {
  const requestId = newAnthropicRequestId();
  sendJson(response, status, { type: 'error', error: { type, message }, request_id: requestId }, { ...anthropicHeaders(requestId), ...headers });
}

export function sendInvalidRequest(response: ServerResponse, message: string): void {
  sendAnthropicError(response, 400, 'invalid_request_error', message);
}

export function promptTooLongMessage(promptTokens: number, contextWindow: number): string {
  return `prompt is too long: ${promptTokens} tokens > ${contextWindow} maximum`;
}

export interface AnthropicFaultContext {
  retryAfterSeconds: number;
  contextWindow: number;
  promptTokens: number;
  now: number;
}

export function sendAnthropicFault(response: ServerResponse, fault: ErrorFault, context: AnthropicFaultContext): void {
  switch (fault) {
    case 'rate_limit': {
      const seconds = context.retryAfterSeconds;
      const reset = new Date(context.now + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      sendAnthropicError(
        response,
        429,
        'rate_limit_error',
        'This request would exceed the rate limit for your organization of 50 requests per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits. You can see the response headers for current usage. Please reduce the prompt length or the maximum tokens requested, or try again later. You may also contact sales at https://www.anthropic.com/contact-sales to discuss your options for a rate limit increase.',
        {
          'retry-after': String(Math.ceil(seconds)),
          'anthropic-ratelimit-requests-limit': '50',
          'anthropic-ratelimit-requests-remaining': '0',
          'anthropic-ratelimit-requests-reset': reset,
          'anthropic-ratelimit-tokens-limit': '80000',
          'anthropic-ratelimit-tokens-remaining': '80000',
          'anthropic-ratelimit-tokens-reset': reset,
          'anthropic-ratelimit-input-tokens-limit': '40000',
          'anthropic-ratelimit-input-tokens-remaining': '40000',
          'anthropic-ratelimit-input-tokens-reset': reset,
          'anthropic-ratelimit-output-tokens-limit': '8000',
          'anthropic-ratelimit-output-tokens-remaining': '8000',
          'anthropic-ratelimit-output-tokens-reset': reset,
        },
      );
      return;
    }
    case 'server_error':
      sendAnthropicError(response, 500, 'api_error', 'Internal server error');
      return;
    case 'overloaded':
      sendAnthropicError(response, 529, 'overloaded_error', 'Overloaded');
      return;
    case 'auth':
      sendAnthropicError(response, 401, 'authentication_error', 'invalid x-api-key');
      return;
    case 'context_length':
      sendInvalidRequest(response, promptTooLongMessage(Math.max(context.promptTokens, context.contextWindow + 1), context.contextWindow));
      return;
    case 'bad_request':
      sendInvalidRequest(response, "Invalid request: the simulator was told to reject it (fault 'bad_request').");
      return;
  }
}
