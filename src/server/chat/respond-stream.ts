/**
 * A committed upstream stream → the client's SSE response, on either lane, with the exchange
 * recorded (durably, in strict mode) before the stream's last bytes go out.
 */
import type { Usage } from '../../core/usage.js';
import type { PassthroughChat } from '../../providers/adapter.js';
import type { Target } from '../../routing/target.js';
import type { GatewayContext } from '../gateway-context.js';
import { relayStream, type RelayOptions, type RelayResult } from '../relay/relay-stream.js';
import { relayTranslatedStream } from '../relay/relay-translated-stream.js';
import type { SseResponse } from '../relay/sse-response.js';
import type { ChatEnvelope, ClientDialect } from './client-dialect.js';
import { estimatePartialUsage } from './estimate-partial-usage.js';
import type { Exchange } from './exchange.js';
import { baseHeaders, servedHeaders } from './exchange-headers.js';
import { priceTargetUsage } from './price-exchange.js';
import { recordExchange } from './record-exchange.js';
import { sameDialectCall } from './same-dialect-call.js';
import type { StreamSuccess } from './upstream-attempt.js';

export interface StreamAnswer {
  dialect: ClientDialect;
  lane: 'passthrough' | 'translated';
  target: Target;
  upstream: StreamSuccess;
  warnings: readonly string[];
  envelope: ChatEnvelope;
}

export async function respondStream(context: GatewayContext, sse: SseResponse, clientGone: AbortSignal, exchange: Exchange, answer: StreamAnswer): Promise<void> {
  const { target, upstream, dialect, envelope } = answer;
  const adapter = target.provider.adapter;
  const onClose = (): void => upstream.abort('client_closed');
  if (clientGone.aborted) onClose();
  clientGone.addEventListener('abort', onClose, { once: true });
  const call = answer.lane === 'passthrough' ? (sameDialectCall(dialect, adapter) ?? adapter.chat) : undefined;
  const tracker = call?.trackStream();
  const parser = answer.lane === 'translated' ? adapter.translated.streamParser() : undefined;
  const served = call ? modelOfFirstEvent(call, upstream) : undefined;
  if (served) exchange.servedModel = served;
  sse.open({ ...baseHeaders(exchange), ...servedHeaders(exchange, answer.warnings) });
  exchange.streamStartedAtMs = context.now();

  // Without the provider's final usage, bill what was produced, as an estimate.
  let estimatedUsage: Usage | undefined;
  const producedText = (): string => tracker?.producedText() ?? '';
  const usageOrEstimate = (usage: Usage | undefined): Usage => usage ?? (estimatedUsage ??= estimatePartialUsage(envelope.body, target, producedText()));
  const options: RelayOptions = {
    requestId: exchange.meta.requestId,
    clientAskedUsage: envelope.clientAskedUsage,
    price: (usage, isComplete) =>
      priceTargetUsage(context, target, usageOrEstimate(usage), exchange.startedAtMs, {
        isComplete: isComplete && usage !== undefined,
        streamDurationMs: context.now() - (exchange.streamStartedAtMs ?? context.now()),
      }),
    errorEvent: dialect.errorEvent,
    beforeFinish: async (result) => {
      settleExchange(exchange, result, estimatedUsage, context.now(), sse.bytesWritten);
      await recordExchange(context, exchange);
    },
  };
  try {
    if (tracker) await relayStream(upstream, tracker, sse, options);
    else if (parser) {
      const renderer = dialect.createStreamRenderer({ requestId: exchange.meta.requestId, model: target.model, createdSeconds: Math.floor(exchange.startedAtMs / 1000) });
      await relayTranslatedStream(upstream, parser, renderer, sse, options);
    }
  } finally {
    clientGone.removeEventListener('abort', onClose);
    if (sse.isClosed) upstream.abort('client_closed');
    sse.end();
  }
}

function settleExchange(exchange: Exchange, result: RelayResult, estimatedUsage: Usage | undefined, nowMs: number, bytesWritten: number): void {
  exchange.usage = result.usage ?? estimatedUsage;
  exchange.cost = result.cost;
  if (result.servedModel) exchange.servedModel = result.servedModel;
  exchange.endedAtMs = nowMs;
  exchange.responseBytes = bytesWritten;
  if (result.outcome === 'client_closed') {
    exchange.status = 'cancelled';
    exchange.httpStatus = 499;
  } else if (result.outcome === 'upstream_failed') {
    exchange.status = 'error';
    exchange.httpStatus = 502;
    exchange.errorCode = 'upstream_stream_failed';
    exchange.errorClass = result.failure?.errorClass ?? 'connection';
  }
}

function modelOfFirstEvent(call: PassthroughChat, upstream: StreamSuccess): string | undefined {
  const first = upstream.pendingEvents.find((event) => event.data !== undefined && event.data !== '[DONE]');
  if (!first?.data) return undefined;
  try {
    return call.modelFromBody(JSON.parse(first.data));
  } catch {
    return undefined;
  }
}
