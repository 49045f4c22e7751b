/**
 * OpenAI's error shape `{"error":{"message","type","param","code"}}` and the headers OpenAI sends
 * with every reply; messages follow the real API's wording.
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { ErrorFault } from '../faults.js';
import { sendJson } from '../http-io.js';
import { randomIdPart } from '../seeded-random.js';
import type { ChatErrors, ErrorReply } from './chat-flavour.js';

export interface OpenAIErrorDetails {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

export function openAIHeaders(startedAt: number): OutgoingHttpHeaders {
  return {
    'x-request-id': `req_${randomIdPart(32, '0123456789abcdef')}`,
    'openai-version': '2020-10-01',
    'openai-organization': 'user-simulator',
    'openai-processing-ms': String(Math.max(1, Math.round(performance.now() - startedAt))),
  };
}

export function sendOpenAIError(
  response: ServerResponse,
  status: number,
  details: OpenAIErrorDetails,
  startedAt: number,
  headers: OutgoingHttpHeaders = {},
): void {
  sendJson(response, status, { error: details }, { ...openAIHeaders(startedAt), ...headers });
}

export function invalidRequest(message: string, param: string | null = null, code: string | null = null): OpenAIErrorDetails {
  return { message, type: 'invalid_request_error', param, code };
}

/** OpenAI shows the first and last characters of a rejected key. */
export function maskApiKey(key: string): string {
  if (key.length <= 8) return '*'.repeat(key.length);
  return `${key.slice(0, 3)}${'*'.repeat(Math.min(40, key.length - 7))}${key.slice(-4)}`;
}

export function missingKeyError(): OpenAIErrorDetails {
  return invalidRequest(
    "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY). You can obtain an API key from https://platform.openai.com/account/api-keys.",
  );
}

export function incorrectKeyError(key: string): OpenAIErrorDetails {
  return invalidRequest(
    `Incorrect API key provided: ${maskApiKey(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    null,
    'invalid_api_key',
  );
}

export function contextLengthError(contextWindow: number, promptTokens: number): OpenAIErrorDetails {
  return invalidRequest(
    `This model's maximum context length is ${contextWindow} tokens. However, your messages resulted in ${promptTokens} tokens. Please reduce the length of the messages.`,
    'messages',
    'context_length_exceeded',
  );
}

export function modelNotFoundError(model: string): OpenAIErrorDetails {
  return invalidRequest(`The model \`${model}\` does not exist or you do not have access to it.`, null, 'model_not_found');
}

export interface FaultErrorContext {
  model: string;
  apiKey: string;
  retryAfterSeconds: number;
  contextWindow: number;
  promptTokens: number;
  startedAt: number;
}

/** An error fault as OpenAI answers it. */
export function openAIFaultReply(fault: ErrorFault, context: FaultErrorContext): ErrorReply {
  switch (fault) {
    case 'rate_limit': {
      const seconds = context.retryAfterSeconds;
      return {
        status: 429,
        body: {
          error: {
            message: `Rate limit reached for ${context.model} in organization org-simulator on requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in ${seconds}s. Visit https://platform.openai.com/account/rate-limits to learn more.`,
            type: 'requests',
            param: null,
            code: 'rate_limit_exceeded',
          },
        },
        headers: {
          'retry-after': String(Math.ceil(seconds)),
          'x-ratelimit-limit-requests': '500',
          'x-ratelimit-remaining-requests': '0',
          'x-ratelimit-reset-requests': `${seconds}s`,
          'x-ratelimit-limit-tokens': '30000',
          'x-ratelimit-remaining-tokens': '30000',
          'x-ratelimit-reset-tokens': '0s',
        },
      };
    }
    case 'server_error':
      return { status: 500, body: { error: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', param: null, code: null } } };
    case 'overloaded':
      return { status: 503, body: { error: { message: 'The server is overloaded or not ready yet.', type: 'server_error', param: null, code: null } } };
    case 'auth':
      return { status: 401, body: { error: incorrectKeyError(context.apiKey) } };
    case 'context_length':
      return { status: 400, body: { error: contextLengthError(context.contextWindow, Math.max(context.promptTokens, context.contextWindow + 1)) } };
    case 'bad_request':
      return { status: 400, body: { error: invalidRequest("Invalid request: the simulator was told to reject it (fault 'bad_request').", null, 'invalid_value') } };
  }
}

export function sendOpenAIFault(response: ServerResponse, fault: ErrorFault, context: FaultErrorContext): void {
  const reply = openAIFaultReply(fault, context);
  sendJson(response, reply.status, reply.body, { ...openAIHeaders(context.startedAt), ...reply.headers });
}

const UNPARSABLE_BODY =
  "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)";

export function unparsableBodyError(): OpenAIErrorDetails {
  return invalidRequest(UNPARSABLE_BODY);
}

/** OpenAI's own errors for the chat route. */
export const openAIChatErrors: ChatErrors = {
  invalid: (details, status = 400) => ({ status, body: { error: details } }),
  missingKey: () => ({ status: 401, body: { error: missingKeyError() } }),
  rejectedKey: (key) => ({ status: 401, body: { error: incorrectKeyError(key) } }),
  unparsableBody: () => ({ status: 400, body: { error: unparsableBodyError() } }),
  modelNotFound: (model) => ({ status: 404, body: { error: modelNotFoundError(model) } }),
  contextLength: (contextWindow, promptTokens) => ({ status: 400, body: { error: contextLengthError(contextWindow, promptTokens) } }),
  fault: openAIFaultReply,
};
