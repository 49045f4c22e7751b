/**
 * The same-dialect stream relay: upstream events go to the client as they arrive, unchanged,
 * except that the final usage event gains the cost members (when the client asked for usage) or
 * is withheld and the cost sent as an SSE comment (when it did not).
 */
import type { StreamUsageTracker } from '../../providers/adapter.js';
import type { SseEvent } from '../../providers/http/sse-splitter.js';
import type { StreamSuccess } from '../chat/upstream-attempt.js';
import type { CostBreakdown } from '../../pricing/index.js';
import type { Usage } from '../../core/usage.js';
import type { UpstreamFailure } from '../../core/upstream-failure.js';
import { costCommentEvent, costMembersText } from './cost-fields.js';
import { spliceNestedUsageCost } from './splice-nested-usage-cost.js';
import type { SseResponse } from './sse-response.js';

export interface RelayOptions {
  requestId: string;
  clientAskedUsage: boolean;
  /** Prices the usage seen so far; called once, when the final usage arrives or the stream ends. */
  price: (usage: Usage | undefined, isComplete: boolean) => CostBreakdown;
  /** Called just before the stream's last bytes go out, so the ledger can make it durable first. */
  beforeFinish: (result: RelayResult) => Promise<void>;
  /** Writes an in-band error event in the client's dialect. */
  errorEvent: (message: string, code: string) => string;
}

export interface RelayResult {
  outcome: 'complete' | 'upstream_failed' | 'client_closed';
  usage: Usage | undefined;
  cost: CostBreakdown;
  failure?: UpstreamFailure;
  servedModel?: string;
}

export async function relayStream(upstream: StreamSuccess, tracker: StreamUsageTracker, client: SseResponse, options: RelayOptions): Promise<RelayResult> {
  let cost: CostBreakdown | undefined;
  let costDelivered = false;
  let servedModel: string | undefined;
  let sawTerminal = false;

  const priceOnce = (isComplete: boolean): CostBreakdown => {
    cost ??= options.price(tracker.usage(), isComplete);
    return cost;
  };
  const finish = async (result: Omit<RelayResult, 'usage' | 'cost' | 'servedModel'>): Promise<RelayResult> => {
    const finalCost = priceOnce(result.outcome === 'complete');
    const full: RelayResult = { ...result, usage: tracker.usage(), cost: finalCost, ...(servedModel ? { servedModel } : {}) };
    await options.beforeFinish(full);
    return full;
  };

  const handle = async (event: SseEvent): Promise<RelayResult | undefined> => {
    const observation = tracker.observe(event);
    if (observation.model && !servedModel) servedModel = observation.model;
    if (observation.failure) {
      const result = await finish({ outcome: 'upstream_failed', failure: observation.failure });
      if (!costDelivered) await client.write(costCommentEvent(options.requestId, result.cost));
      await client.write(event.raw);
      return result;
    }
    if (observation.isTerminal) {
      sawTerminal = true;
      const result = await finish({ outcome: 'complete' });
      if (!costDelivered) await client.write(costCommentEvent(options.requestId, result.cost));
      costDelivered = true;
      await client.write(event.raw);
      return result;
    }
    const data = observation.rewrittenData ?? event.data;
    if (observation.carriesFinalUsage) {
      const finalCost = priceOnce(true);
      if (options.clientAskedUsage && data !== undefined) {
        await client.write(replaceData(event, spliceNestedUsageCost(data, costMembersText(finalCost), observation.usageWithin)));
        costDelivered = true;
        return undefined;
      }
      if (observation.isUsageOnly) return undefined;
    }
    await client.write(observation.rewrittenData === undefined ? event.raw : replaceData(event, observation.rewrittenData));
    return undefined;
  };

  try {
    for (const event of upstream.pendingEvents) {
      const result = await handle(event);
      if (result) return result;
    }
    for (;;) {
      if (client.isClosed) break;
      const next = await upstream.chunks.next();
      if (next.done) break;
      for (const event of upstream.splitter.push(next.value as Buffer)) {
        const result = await handle(event);
        if (result) return result;
      }
    }
  } catch (error) {
    if (client.isClosed) return finish({ outcome: 'client_closed' });
    const failure: UpstreamFailure = { errorClass: 'connection', status: null, message: `the provider's stream broke: ${error instanceof Error ? error.message : String(error)}` };
    const result = await finish({ outcome: 'upstream_failed', failure });
    await client.write(costCommentEvent(options.requestId, result.cost));
    await client.write(options.errorEvent(`${failure.message}; the answer above is incomplete`, 'upstream_stream_failed'));
    return result;
  }
  if (client.isClosed) return finish({ outcome: 'client_closed' });
  if (sawTerminal) return finish({ outcome: 'complete' });
  // The upstream ended without its terminal event: a cut stream, unless it is a provider that ends
  // without one and has sent its final usage (some OpenAI-compatible ones omit [DONE]).
  if (tracker.usage() !== undefined && upstream.splitter.remainder().trim() === '') {
    const result = await finish({ outcome: 'complete' });
    if (!costDelivered) await client.write(costCommentEvent(options.requestId, result.cost));
    return result;
  }
  const failure: UpstreamFailure = { errorClass: 'connection', status: null, message: 'the provider ended the stream before it was complete' };
  const result = await finish({ outcome: 'upstream_failed', failure });
  await client.write(costCommentEvent(options.requestId, result.cost));
  await client.write(options.errorEvent(`${failure.message}; the answer above is incomplete`, 'upstream_stream_failed'));
  return result;
}

function replaceData(event: SseEvent, data: string): string {
  const original = event.data ?? '';
  const index = event.raw.indexOf(original);
  if (index === -1 || original.includes('\n')) return `data: ${data}\n\n`;
  return `${event.raw.slice(0, index)}${data}${event.raw.slice(index + original.length)}`;
}
