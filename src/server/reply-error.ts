/**
 * Every error a client receives goes through here: the catalogue's status, the dialect's error
 * shape, the request id, and `x-should-retry: false` when retrying cannot help.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { asTollgateError, toAnthropicErrorBody, toOpenAIErrorBody, TollgateError } from '../core/errors.js';

export function isAnthropicPath(url: string): boolean {
  return url.startsWith('/v1/messages');
}

export function replyError(request: FastifyRequest, reply: FastifyReply, thrown: unknown): FastifyReply {
  const error = toClientError(thrown);
  if (error.status >= 500 && error.code === 'internal_error') {
    request.log.error({ err: error.cause ?? thrown, requestId: request.id }, 'internal error');
  }
  const body = isAnthropicPath(request.url) ? toAnthropicErrorBody(error, request.id) : toOpenAIErrorBody(error);
  const headers: Record<string, string> = { 'x-tollgate-request-id': request.id, ...error.headers };
  if (!error.isRetryable) headers['x-should-retry'] = 'false';
  return reply.code(error.status).headers(headers).type('application/json').send(JSON.stringify(body));
}

/** Maps fastify's own errors (body too large, bad content type) into the catalogue. */
function toClientError(thrown: unknown): TollgateError {
  if (thrown instanceof TollgateError) return thrown;
  const code = typeof thrown === 'object' && thrown !== null ? (thrown as { code?: unknown }).code : undefined;
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new TollgateError('payload_too_large', 'the request body is larger than server.bodyLimitMb allows; send a smaller body (resize images) or raise the limit', { isRetryable: false });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new TollgateError('invalid_json', `the body is not valid JSON: ${message}`, { isRetryable: false });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new TollgateError('unsupported_media_type', 'send the body as application/json', { isRetryable: false });
    default:
      return asTollgateError(thrown);
  }
}
