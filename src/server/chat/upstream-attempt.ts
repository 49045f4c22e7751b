/**
 * One attempt at one target, up to the point where Tollgate commits to it: a whole JSON body for
 * a sync request, or the first data event of a stream (failover is possible until then).
 */
import type { Readable } from 'node:stream';
import type { UpstreamFailure } from '../../core/upstream-failure.js';
import type { PreparedRequest } from '../../providers/adapter.js';
import { SseSplitter, type SseEvent } from '../../providers/http/sse-splitter.js';
import { DEFAULT_TIMEOUTS, readBodyText, UpstreamTransportError, type UpstreamClient, type UpstreamTimeouts } from '../../providers/http/upstream-client.js';
import type { AttemptResult } from '../../routing/run-attempts.js';
import type { RouteTimeouts } from '../../routing/route-plan.js';
import type { Target } from '../../routing/target.js';

export interface SyncSuccess {
  kind: 'sync';
  status: number;
  headers: Record<string, string>;
  text: string;
  json: unknown;
  firstByteAtMs: number;
}

export interface StreamSuccess {
  kind: 'stream';
  status: number;
  headers: Record<string, string>;
  body: Readable;
  chunks: AsyncIterator<unknown>;
  splitter: SseSplitter;
  /** Events read before committing, to be relayed first. */
  pendingEvents: SseEvent[];
  firstByteAtMs: number;
  /** Aborts this attempt's upstream call (client gone, or total deadline). */
  abort: (reason: 'client_closed' | 'timeout') => void;
}

export type UpstreamSuccess = SyncSuccess | StreamSuccess;

export interface AttemptInput {
  target: Target;
  prepared: PreparedRequest;
  stream: boolean;
  upstream: UpstreamClient;
  routeTimeouts: RouteTimeouts;
  signal: AbortSignal;
  now: () => number;
}

export function effectiveTimeouts(target: Target, route: RouteTimeouts): UpstreamTimeouts {
  const provider = target.provider.timeouts;
  return {
    connectMs: provider.connectMs ?? DEFAULT_TIMEOUTS.connectMs,
    firstByteMs: Math.min(route.firstTokenMs ?? Infinity, provider.firstByteMs ?? DEFAULT_TIMEOUTS.firstByteMs),
    totalMs: Math.min(route.totalMs ?? Infinity, provider.totalMs ?? DEFAULT_TIMEOUTS.totalMs),
  };
}

export async function attemptUpstream(input: AttemptInput): Promise<AttemptResult<UpstreamSuccess>> {
  const { target, prepared } = input;
  const timeouts = effectiveTimeouts(target, input.routeTimeouts);
  const controller = new AbortController();
  const onClientAbort = (): void => controller.abort('client_closed');
  if (input.signal.aborted) return { ok: false, failure: cancelledFailure() };
  input.signal.addEventListener('abort', onClientAbort, { once: true });
  // Time to first token: headers and, for streams, the first data event, within firstByteMs.
  let firstTokenTimedOut = false;
  const firstTokenTimer = setTimeout(() => {
    firstTokenTimedOut = true;
    controller.abort('timeout');
  }, timeouts.firstByteMs);
  const release = (): void => {
    clearTimeout(firstTokenTimer);
    input.signal.removeEventListener('abort', onClientAbort);
  };
  try {
    const response = await input.upstream.send({
      url: prepared.url,
      method: 'POST',
      headers: prepared.headers,
      body: prepared.body,
      timeouts,
      signal: controller.signal,
    });
    const firstByteAtMs = input.now();
    if (response.status >= 400) {
      const bodyText = await readBodyText(response.body, 1024 * 1024).catch(() => '');
      release();
      return { ok: false, failure: target.provider.adapter.classifyError(response.status, response.headers, bodyText, input.now()) };
    }
    if (!input.stream) {
      const text = await readBodyText(response.body);
      release();
      const json = parseJson(text);
      if (json === undefined) return { ok: false, failure: { errorClass: 'malformed_response', status: response.status, message: 'the provider answered with a body that is not JSON' } };
      const inBandError = readInBandError(json);
      if (inBandError) return { ok: false, failure: { errorClass: 'server_error', status: response.status, message: inBandError } };
      return { ok: true, value: { kind: 'sync', status: response.status, headers: response.headers, text, json, firstByteAtMs } };
    }
    const splitter = new SseSplitter();
    const chunks = response.body[Symbol.asyncIterator]();
    const pendingEvents: SseEvent[] = [];
    while (!pendingEvents.some((event) => event.data !== undefined)) {
      const next = await chunks.next();
      if (next.done) {
        release();
        const leftover = splitter.remainder().trim();
        return { ok: false, failure: { errorClass: 'malformed_response', status: response.status, message: leftover ? `stream ended before any event: ${leftover.slice(0, 200)}` : 'stream ended before any event' } };
      }
      pendingEvents.push(...splitter.push(next.value as Buffer));
    }
    release();
    return {
      ok: true,
      value: {
        kind: 'stream',
        status: response.status,
        headers: response.headers,
        body: response.body,
        chunks,
        splitter,
        pendingEvents,
        firstByteAtMs,
        abort: (reason) => controller.abort(reason),
      },
    };
  } catch (error) {
    release();
    if (firstTokenTimedOut) return { ok: false, failure: { errorClass: 'timeout', status: null, message: `no first token within ${timeouts.firstByteMs} ms` } };
    if (input.signal.aborted) return { ok: false, failure: cancelledFailure() };
    return { ok: false, failure: transportFailure(error) };
  }
}

function cancelledFailure(): UpstreamFailure {
  return { errorClass: 'cancelled', status: null, message: 'the client closed the connection' };
}

function transportFailure(error: unknown): UpstreamFailure {
  if (error instanceof UpstreamTransportError) {
    const errorClass = error.kind === 'timeout' ? 'timeout' : error.kind === 'aborted' ? 'cancelled' : 'connection';
    return { errorClass, status: null, message: error.message };
  }
  return { errorClass: 'connection', status: null, message: error instanceof Error ? error.message : String(error) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function readInBandError(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null || !('error' in json)) return undefined;
  const error = (json as { error: unknown }).error;
  if (error === null || error === undefined) return undefined;
  if (typeof error === 'string') return error;
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' ? message : 'the provider answered 200 with an error body';
}
