/**
 * The translation-lane stream relay: upstream events in the provider's format are parsed into
 * StreamDeltas and rendered in the client's dialect as they arrive; the end carries the usage
 * with its cost (or the cost comment) in the client's shape.
 */
import type { StreamDelta } from '../../core/chat.js';
import type { UpstreamFailure } from '../../core/upstream-failure.js';
import type { TranslatedStreamParser } from '../../providers/adapter.js';
import type { DialectStreamRenderer } from '../chat/client-dialect.js';
import type { StreamSuccess } from '../chat/upstream-attempt.js';
import { costCommentEvent, costMembersText } from './cost-fields.js';
import type { RelayOptions, RelayResult } from './relay-stream.js';
import type { SseResponse } from './sse-response.js';

export async function relayTranslatedStream(
  upstream: StreamSuccess,
  parser: TranslatedStreamParser,
  renderer: DialectStreamRenderer,
  client: SseResponse,
  options: RelayOptions,
): Promise<RelayResult> {
  let servedModel: string | undefined;

  const finish = async (outcome: RelayResult['outcome'], failure?: UpstreamFailure): Promise<RelayResult> => {
    const usage = parser.usage();
    const cost = options.price(usage, outcome === 'complete');
    const result: RelayResult = { outcome, usage, cost, ...(failure ? { failure } : {}), ...(servedModel ? { servedModel } : {}) };
    await options.beforeFinish(result);
    return result;
  };
  const failWith = async (failure: UpstreamFailure): Promise<RelayResult> => {
    const result = await finish('upstream_failed', failure);
    await client.write(costCommentEvent(options.requestId, result.cost));
    await client.write(options.errorEvent(`${failure.message}; the answer above is incomplete`, 'upstream_stream_failed'));
    return result;
  };
  /** Renders deltas; returns a failure when the upstream reported one in-band. */
  const forward = async (deltas: StreamDelta[]): Promise<UpstreamFailure | undefined> => {
    let text = '';
    for (const delta of deltas) {
      if (delta.type === 'error') return { errorClass: 'server_error', status: null, message: delta.message, ...(delta.code ? { providerCode: delta.code } : {}) };
      if (delta.type === 'message-start' && delta.model && !servedModel) servedModel = delta.model;
      text += renderer.render(delta);
    }
    if (text) await client.write(text);
    return undefined;
  };

  try {
    for (const event of upstream.pendingEvents) {
      const failure = await forward(parser.push(event));
      if (failure) return failWith(failure);
    }
    for (;;) {
      if (client.isClosed) break;
      const next = await upstream.chunks.next();
      if (next.done) break;
      for (const event of upstream.splitter.push(next.value as Buffer)) {
        const failure = await forward(parser.push(event));
        if (failure) return failWith(failure);
      }
    }
  } catch (error) {
    if (client.isClosed) return finish('client_closed');
    return failWith({ errorClass: 'connection', status: null, message: `the provider's stream broke: ${error instanceof Error ? error.message : String(error)}` });
  }
  if (client.isClosed) return finish('client_closed');
  const failure = await forward(parser.finish());
  if (failure) return failWith(failure);
  if (!parser.isComplete()) return failWith({ errorClass: 'connection', status: null, message: 'the provider ended the stream before it was complete' });
  const result = await finish('complete');
  await client.write(renderer.finish(result.usage, result.cost, costMembersText(result.cost), options.clientAskedUsage));
  return result;
}
