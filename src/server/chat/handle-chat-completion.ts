/**
 * POST /v1/chat/completions on the same-dialect lane: validate, attribute, route, try targets
 * until one answers, then relay its answer with the cost added, and record the exchange.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TollgateError } from '../../core/errors.js';
import { asTollgateError, toOpenAIErrorBody } from '../../core/errors.js';
import { finalFailureError } from '../../routing/final-failure.js';
import type { GatewayContext } from '../gateway-context.js';
import { readRequestMetadata } from '../read-request-metadata.js';
import { relayStream } from '../relay/relay-stream.js';
import { SseResponse } from '../relay/sse-response.js';
import { baseHeaders, servedHeaders } from './exchange-headers.js';
import { recordExchange } from './record-exchange.js';
import { respondSync } from './respond-sync.js';
import { chatBodySchema, parseBody, type ChatBody } from './chat-body-schema.js';
import { estimatePartialUsage } from './estimate-partial-usage.js';
import type { Usage } from '../../core/usage.js';
import { startExchange, type Exchange } from './exchange.js';
import { priceTargetUsage } from './price-exchange.js';
import type { StreamSuccess } from './upstream-attempt.js';
import { runUpstream } from './run-upstream.js';
import { routeContextFor } from './route-context-for.js';
import type { Target } from '../../routing/target.js';

export async function handleChatCompletion(context: GatewayContext, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const receivedAtMs = context.now();
  const body = parseBody(chatBodySchema, request.body);
  const meta = readRequestMetadata(request.headers, body, { requestId: request.id, receivedAt: new Date(receivedAtMs), dialect: 'openai' });
  const stream = body.stream === true;
  const exchange = startExchange(meta, 'chat', body.model, stream, requestBodyBytes(request), receivedAtMs);
  const clientGone = new AbortController();
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) clientGone.abort();
  });
  const sse = stream ? new SseResponse(reply.raw, context.config.server.sseKeepAliveMs, () => clientGone.abort()) : undefined;
  // A stream whose first token is slow gets its headers and keep-alives early, so that proxies and
  // clients do not give up; failover still works until the first data event.
  const earlyOpen = sse ? setTimeout(() => sse.open(baseHeaders(exchange)), context.config.server.sseKeepAliveMs) : undefined;
  if (stream) reply.hijack();
  try {
    const plan = context.router.plan(body.model, routeContextFor(meta));
    exchange.route = plan.route;
    const run = await runUpstream(context, plan, {
      stream,
      signal: clientGone.signal,
      prepare: (target) => target.provider.adapter.chat.prepare(body, { account: target.provider.account, model: target.model, stream, tier: meta.tier }),
    });
    const outcome = run.outcome;
    clearTimeout(earlyOpen);
    exchange.attempts = outcome.attempts;
    if (!outcome.ok) {
      if (clientGone.signal.aborted) {
        exchange.status = 'cancelled';
        exchange.httpStatus = 499;
        await recordExchange(context, exchange);
        return;
      }
      throw finalFailureError(outcome.attempts, body.model);
    }
    exchange.target = outcome.target;
    exchange.firstTokenAtMs = outcome.value.firstByteAtMs;
    const targetWarnings = run.warningsFor(outcome.target);
    if (outcome.value.kind === 'sync') {
      const adapter = outcome.target.provider.adapter;
      const reading = { usage: adapter.chat.usageFromBody(outcome.value.json), servedModel: adapter.chat.modelFromBody(outcome.value.json) };
      await respondSync(context, reply, exchange, outcome.target, outcome.value, reading, targetWarnings);
    }
    else if (sse) await respondStream(context, sse, clientGone.signal, exchange, outcome.target, outcome.value, body, targetWarnings);
  } catch (thrown) {
    clearTimeout(earlyOpen);
    const error = asTollgateError(thrown);
    exchange.status = 'error';
    exchange.httpStatus = error.status;
    exchange.errorCode = error.code;
    await recordExchange(context, exchange);
    if (!sse) throw error;
    // Streams were hijacked from fastify: answer the error ourselves, as a status if nothing was sent yet.
    writeStreamError(sse, reply, error, exchange);
  }
}

async function respondStream(
  context: GatewayContext,
  sse: SseResponse,
  clientGone: AbortSignal,
  exchange: Exchange,
  target: Target,
  upstream: StreamSuccess,
  body: ChatBody,
  targetWarnings: string[],
): Promise<void> {
  // Without the provider's final usage, bill what was produced, as an estimate.
  let estimatedUsage: Usage | undefined;
  const usageOrEstimate = (usage: Usage | undefined): Usage => usage ?? (estimatedUsage ??= estimatePartialUsage(body, target, upstream.tracker.producedText()));
  const onClose = (): void => upstream.abort('client_closed');
  if (clientGone.aborted) onClose();
  clientGone.addEventListener('abort', onClose, { once: true });
  const served = modelOfFirstEvent(target, upstream);
  if (served) exchange.servedModel = served;
  sse.open({ ...baseHeaders(exchange), ...servedHeaders(exchange, targetWarnings) });
  exchange.streamStartedAtMs = context.now();
  try {
    const result = await relayStream(upstream, sse, {
      requestId: exchange.meta.requestId,
      clientAskedUsage: body.stream_options?.include_usage === true,
      now: context.now,
      price: (usage, isComplete) =>
        priceTargetUsage(context.priceBook, target, usageOrEstimate(usage), exchange.startedAtMs, {
          isComplete: isComplete && usage !== undefined,
          streamDurationMs: context.now() - (exchange.streamStartedAtMs ?? context.now()),
        }),
      errorEvent: (message, code) => `data: ${JSON.stringify({ error: { message, type: 'upstream_error', param: null, code } })}\n\n`,
      beforeFinish: async (relayResult) => {
        exchange.usage = relayResult.usage ?? estimatedUsage;
        exchange.cost = relayResult.cost;
        if (relayResult.servedModel) exchange.servedModel = relayResult.servedModel;
        exchange.endedAtMs = context.now();
        exchange.responseBytes = sse.bytesWritten;
        if (relayResult.outcome === 'client_closed') {
          exchange.status = 'cancelled';
          exchange.httpStatus = 499;
        } else if (relayResult.outcome === 'upstream_failed') {
          exchange.status = 'error';
          exchange.httpStatus = 502;
          exchange.errorCode = 'upstream_stream_failed';
          exchange.errorClass = relayResult.failure?.errorClass ?? 'connection';
        }
        await recordExchange(context, exchange);
      },
    });
    if (result.outcome === 'client_closed') upstream.abort('client_closed');
  } finally {
    clientGone.removeEventListener('abort', onClose);
    sse.end();
  }
}

function modelOfFirstEvent(target: Target, upstream: StreamSuccess): string | undefined {
  const first = upstream.pendingEvents.find((event) => event.data !== undefined && event.data !== '[DONE]');
  if (!first?.data) return undefined;
  try {
    return target.provider.adapter.chat.modelFromBody(JSON.parse(first.data));
  } catch {
    return undefined;
  }
}

function writeStreamError(sse: SseResponse, reply: FastifyReply, error: TollgateError, exchange: Exchange): void {
  const body = JSON.stringify(toOpenAIErrorBody(error));
  if (sse.isClosed) return;
  if (!sse.headersSent) {
    reply.raw.writeHead(error.status, { 'content-type': 'application/json', ...baseHeaders(exchange), ...error.headers, ...(error.isRetryable ? {} : { 'x-should-retry': 'false' }) });
    reply.raw.end(body);
    return;
  }
  void sse.write(`data: ${body}\n\n`).then(() => sse.end());
}

function requestBodyBytes(request: FastifyRequest): number {
  const length = Number(request.headers['content-length']);
  return Number.isFinite(length) ? length : 0;
}
