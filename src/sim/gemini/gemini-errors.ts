/**
 * Google's error shape `{"error":{"code","message","status","details"}}` and the Gemini API's
 * replies: 400 INVALID_ARGUMENT (bad requests, and a key that is not valid, with an ErrorInfo
 * API_KEY_INVALID detail), 401 UNAUTHENTICATED (a bearer token instead of a key), 403
 * PERMISSION_DENIED (no key, or a key that may not call the API), 404 NOT_FOUND, 429
 * RESOURCE_EXHAUSTED with QuotaFailure and RetryInfo details (as the recorded capture),
 * 500 INTERNAL, 503 UNAVAILABLE.
 */
import type { ServerResponse } from 'node:http';
import type { ErrorFault } from '../faults.js';
import { sendJson } from '../http-io.js';

export interface GoogleError {
  code: number;
  message: string;
  status: string;
  details?: unknown[];
}

const ERROR_INFO = 'type.googleapis.com/google.rpc.ErrorInfo';

export function sendGoogleError(response: ServerResponse, error: GoogleError): void {
  sendJson(response, error.code, { error }, { 'x-gemini-service-tier': 'standard' });
}

export function invalidArgument(message: string): GoogleError {
  return { code: 400, message, status: 'INVALID_ARGUMENT' };
}

export function notFound(message: string): GoogleError {
  return { code: 404, message, status: 'NOT_FOUND' };
}

export function modelNotFound(model: string, method: string): GoogleError {
  return notFound(`models/${model} is not found for API version v1beta, or is not supported for ${method}. Call ListModels to see the list of available models and their supported methods.`);
}

export function apiKeyInvalid(): GoogleError {
  const message = 'API key not valid. Please pass a valid API key.';
  return {
    code: 400,
    message,
    status: 'INVALID_ARGUMENT',
    details: [
      { '@type': ERROR_INFO, reason: 'API_KEY_INVALID', domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com' } },
      { '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'en-US', message },
    ],
  };
}

export function missingKey(): GoogleError {
  return {
    code: 403,
    message: "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
    status: 'PERMISSION_DENIED',
  };
}

export function bearerRejected(): GoogleError {
  return {
    code: 401,
    message:
      'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
    status: 'UNAUTHENTICATED',
    details: [{ '@type': ERROR_INFO, reason: 'ACCESS_TOKEN_TYPE_UNSUPPORTED', domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com', method: 'google.ai.generativelanguage.v1beta.GenerativeService.GenerateContent' } }],
  };
}

export function contextLengthError(promptTokens: number, contextWindow: number): GoogleError {
  return invalidArgument(`The input token count (${promptTokens}) exceeds the maximum number of tokens allowed (${contextWindow}).`);
}

/** Google writes durations as seconds with a trailing `s` ("34.4s"). */
export function googleDuration(seconds: number): string {
  return `${Number(seconds.toFixed(3))}s`;
}

export function faultError(fault: ErrorFault, context: { retryAfterSeconds: number; promptTokens: number; contextWindow: number }): GoogleError {
  switch (fault) {
    case 'rate_limit':
      return {
        code: 429,
        message:
          'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.',
        status: 'RESOURCE_EXHAUSTED',
        details: [
          { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaMetric: 'generativelanguage.googleapis.com/generate_content_requests', quotaId: 'GenerateRequestsPerMinutePerProjectPerModel' }] },
          { '@type': 'type.googleapis.com/google.rpc.Help', links: [{ description: 'Learn more about Gemini API quotas', url: 'https://ai.google.dev/gemini-api/docs/rate-limits' }] },
          { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: googleDuration(context.retryAfterSeconds) },
        ],
      };
    case 'server_error':
      return { code: 500, message: 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting', status: 'INTERNAL' };
    case 'overloaded':
      return { code: 503, message: 'The model is overloaded. Please try again later.', status: 'UNAVAILABLE' };
    case 'auth':
      return {
        code: 403,
        message: 'Permission denied: Consumer has been suspended.',
        status: 'PERMISSION_DENIED',
        details: [{ '@type': ERROR_INFO, reason: 'CONSUMER_SUSPENDED', domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com' } }],
      };
    case 'context_length':
      return contextLengthError(Math.max(context.promptTokens, context.contextWindow + 1), context.contextWindow);
    case 'bad_request':
      return invalidArgument("Request contains an invalid argument. (The simulator was told to reject it: fault 'bad_request'.)");
  }
}
