/**
 * One chat request in any client dialect: validate, attribute, route, try targets until one
 * answers, then answer in the client's dialect with the cost added, and record the exchange.
 * Each target is served on the same-dialect lane (relay) when it speaks the client's dialect,
 * else on the translation lane.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ChatRequest } from '../../core/chat.js';
import { asTollgateError, type TollgateError } from '../../core/errors.js';
import type { PreparedRequest } from '../../providers/adapter.js';
import type { Target } from '../../routing/target.js';
import type { GatewayContext } from '../gateway-context.js';
import { readRequestMetadata } from '../read-request-metadata.js';
import { SseResponse } from '../relay/sse-response.js';
import type { ChatEnvelope, ClientDialect } from './client-dialect.js';
import { forwardableClientHeaders } from './client-headers.js';
import { startExchange, type Exchange } from './exchange.js';
import { baseHeaders } from './exchange-headers.js';
import { recordExchange } from './record-exchange.js';
import { concludeFailedRun, estimatorFor, planAndAdmit } from './plan-exchange.js';
import { attributeToKey, identifyClient } from '../admission/identify-client.js';
import { respondStream } from './respond-stream.js';
import { respondSync } from './respond-sync.js';
import { runUpstream } from './run-upstream.js';
import { sameDialectCall } from './same-dialect-call.js';

export async function handleChat(context: GatewayContext, dialect: ClientDialect, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const receivedAtMs = context.now();
  const key = await identifyClient(context, request.headers);
  const envelope = dialect.readEnvelope(request.body);
  const meta = readRequestMetadata(request.headers, envelope.body, { requestId: request.id, receivedAt: new Date(receivedAtMs), dialect: dialect.name });
  attributeToKey(meta, key);
  const exchange = startExchange(meta, dialect.endpoint, envelope.model, envelope.stream, Number(request.headers['content-length']) || 0, receivedAtMs);
  const clientGone = new AbortController();
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) clientGone.abort();
  });
  const sse = envelope.stream ? new SseResponse(reply.raw, context.config.server.sseKeepAliveMs, () => clientGone.abort()) : undefined;
  // A stream whose first token is slow gets its headers and keep-alives early, so that proxies and
  // clients do not give up; failover still works until the first data event.
  const earlyOpen = sse ? setTimeout(() => sse.open(baseHeaders(exchange)), context.config.server.sseKeepAliveMs) : undefined;
  if (sse) reply.hijack();
  try {
    const estimator = estimatorFor(context, dialect.name, envelope, meta);
    const plan = await planAndAdmit(context, exchange, { key, envelope, estimator });
    const prepare = preparer(dialect, envelope, meta.tier, forwardableClientHeaders(request.headers));
    const run = await runUpstream(context, plan, { stream: envelope.stream, signal: clientGone.signal, prepare });
    clearTimeout(earlyOpen);
    exchange.attempts = run.outcome.attempts;
    if (!run.outcome.ok) return await concludeFailedRun(context, exchange, run.outcome.attempts, clientGone.signal);
    const { target, value } = run.outcome;
    exchange.target = target;
    exchange.firstTokenAtMs = value.firstByteAtMs;
    const lane = sameDialectCall(dialect, target.provider.adapter) ? 'passthrough' : 'translated';
    const warnings = run.warningsFor(target);
    if (value.kind === 'sync') await respondSync(context, reply, exchange, { dialect, lane, target, upstream: value, warnings });
    else if (sse) await respondStream(context, sse, clientGone.signal, exchange, { dialect, lane, target, upstream: value, warnings, envelope });
  } catch (thrown) {
    clearTimeout(earlyOpen);
    const error = asTollgateError(thrown);
    exchange.status = 'error';
    exchange.httpStatus = error.status;
    exchange.errorCode = error.code;
    await recordExchange(context, exchange);
    if (!sse) throw error;
    // Streams were hijacked from fastify: answer the error ourselves, as a status if nothing was sent yet.
    writeStreamError(sse, reply, dialect, error, exchange);
  }
}

/** Builds each target's upstream request on the lane its adapter needs. */
function preparer(dialect: ClientDialect, envelope: ChatEnvelope, tier: Exchange['meta']['tier'], clientHeaders: Record<string, string>): (target: Target) => PreparedRequest {
  let translated: { request: ChatRequest; warnings: string[] } | undefined;
  return (target) => {
    const adapter = target.provider.adapter;
    const context = { account: target.provider.account, model: target.model, stream: envelope.stream, tier, clientHeaders };
    const passthrough = sameDialectCall(dialect, adapter);
    if (passthrough) return passthrough.prepare(envelope.body, context);
    translated ??= {
      request: dialect.toChatRequest(envelope.body),
      warnings: dialect.untranslatedFields(envelope.body).map((field) => `${field} is not translated to other providers and was left out`),
    };
    const prepared = adapter.translated.prepare({ ...translated.request, model: target.model, stream: envelope.stream }, context);
    return { ...prepared, warnings: [...translated.warnings, ...prepared.warnings] };
  };
}

function writeStreamError(sse: SseResponse, reply: FastifyReply, dialect: ClientDialect, error: TollgateError, exchange: Exchange): void {
  if (sse.isClosed) return;
  if (!sse.headersSent) {
    reply.raw.writeHead(error.status, { 'content-type': 'application/json', ...baseHeaders(exchange), ...error.headers, ...(error.isRetryable ? {} : { 'x-should-retry': 'false' }) });
    reply.raw.end(JSON.stringify(dialect.errorBody(error, exchange.meta.requestId)));
    return;
  }
  void sse.write(dialect.errorEvent(error.message, error.code)).then(() => sse.end());
}
