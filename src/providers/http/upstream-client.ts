/**
 * Upstream HTTP through undici pools with keep-alive: one Agent for the process, which keeps a
 * pool per origin. Timeouts are per request so that a route can be stricter than its provider.
 */
import { Agent, errors as undiciErrors, type Dispatcher } from 'undici';
import type { Readable } from 'node:stream';

export interface UpstreamTimeouts {
  connectMs: number;
  /** Until the response headers arrive. */
  firstByteMs: number;
  /** The whole exchange, body included. */
  totalMs: number;
}

/** Long enough for reasoning models that think for minutes before the first byte. */
export const DEFAULT_TIMEOUTS: UpstreamTimeouts = { connectMs: 10_000, firstByteMs: 600_000, totalMs: 1_800_000 };

export interface UpstreamCall {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string | Buffer;
  timeouts: UpstreamTimeouts;
  signal: AbortSignal;
}

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string>;
  body: Readable;
}

export type UpstreamFailureKind = 'timeout' | 'connection' | 'aborted';

/** The call never produced a response: no connection, a timeout, or our own abort. */
export class UpstreamTransportError extends Error {
  constructor(
    readonly kind: UpstreamFailureKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'UpstreamTransportError';
  }
}

export class UpstreamClient {
  private readonly agent: Agent;

  constructor(options: { connections?: number; connectTimeoutMs?: number } = {}) {
    this.agent = new Agent({
      connections: options.connections ?? 256,
      keepAliveTimeout: 10_000,
      keepAliveMaxTimeout: 60_000,
      connect: { timeout: options.connectTimeoutMs ?? DEFAULT_TIMEOUTS.connectMs },
      pipelining: 1,
    });
  }

  async send(call: UpstreamCall): Promise<UpstreamResponse> {
    const { origin, path } = splitUrl(call.url);
    // One timer and one listener per call, both released when the body closes. AbortSignal.timeout()
    // and AbortSignal.any() kept a half-hour timer and a composite signal alive per request until
    // garbage collection found them, which at a thousand requests a second grew the heap steadily.
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new UpstreamTransportError('timeout', `${hostOf(call.url)} did not finish within ${call.timeouts.totalMs} ms`));
    }, call.timeouts.totalMs);
    const onCallerAbort = (): void => controller.abort(call.signal.reason);
    if (call.signal.aborted) onCallerAbort();
    else call.signal.addEventListener('abort', onCallerAbort, { once: true });
    const release = (): void => {
      clearTimeout(timer);
      call.signal.removeEventListener('abort', onCallerAbort);
    };
    let response: Dispatcher.ResponseData;
    try {
      response = await this.agent.request({
        origin,
        path,
        method: call.method,
        headers: call.headers,
        body: call.body ?? null,
        signal: controller.signal,
        headersTimeout: call.timeouts.firstByteMs,
        bodyTimeout: call.timeouts.firstByteMs,
      });
    } catch (error) {
      release();
      throw toTransportError(error, call, timedOut);
    }
    if (response.body.closed || response.body.destroyed) release();
    else response.body.once('close', release);
    return { status: response.statusCode, headers: flattenHeaders(response.headers), body: response.body };
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  /** Drops every pooled connection at once (used on shutdown after the drain). */
  async destroy(): Promise<void> {
    await this.agent.destroy();
  }
}

/** Provider URLs repeat (one per provider and endpoint), so each is parsed once, not per request. */
const splitUrls = new Map<string, { origin: string; path: string; host: string }>();
const SPLIT_URL_CACHE_LIMIT = 1_000;

function splitUrl(url: string): { origin: string; path: string; host: string } {
  let split = splitUrls.get(url);
  if (split === undefined) {
    const parsed = new URL(url);
    split = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}`, host: parsed.host };
    if (splitUrls.size >= SPLIT_URL_CACHE_LIMIT) splitUrls.clear();
    splitUrls.set(url, split);
  }
  return split;
}

function hostOf(url: string): string {
  return splitUrl(url).host;
}

function toTransportError(error: unknown, call: UpstreamCall, totalTimedOut: boolean): UpstreamTransportError {
  const host = hostOf(call.url);
  if (call.signal.aborted) return new UpstreamTransportError('aborted', `request to ${host} was cancelled`, { cause: error });
  if (totalTimedOut) return new UpstreamTransportError('timeout', `${host} did not finish within ${call.timeouts.totalMs} ms`, { cause: error });
  if (error instanceof undiciErrors.HeadersTimeoutError) {
    return new UpstreamTransportError('timeout', `${host} sent no response within ${call.timeouts.firstByteMs} ms`, { cause: error });
  }
  if (error instanceof undiciErrors.ConnectTimeoutError) {
    return new UpstreamTransportError('timeout', `could not connect to ${host} within ${call.timeouts.connectMs} ms`, { cause: error });
  }
  const reason = error instanceof Error ? describeCause(error) : String(error);
  return new UpstreamTransportError('connection', `could not reach ${host}: ${reason}`, { cause: error });
}

function describeCause(error: Error): string {
  const code = (error as { code?: unknown }).code;
  const cause = error.cause instanceof Error ? describeCause(error.cause) : undefined;
  return [typeof code === 'string' ? code : undefined, error.message, cause].filter(Boolean).join(': ');
}

function flattenHeaders(headers: Dispatcher.ResponseData['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/**
 * Reads a whole upstream body as text, refusing more than `limitBytes`. Listens for 'data' rather than
 * iterating with `for await`: the async iterator costs a few extra listeners and promises per chunk on
 * the hot path of every non-streamed answer.
 */
export function readBodyText(body: Readable, limitBytes = 64 * 1024 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    // A body destroyed before we listen (e.g. its call aborted meanwhile) emits nothing more: answer now.
    if (body.destroyed) {
      reject(body.errored ?? new UpstreamTransportError('aborted', 'the upstream body was closed before it ended'));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer | string): void => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buffer.length;
      if (size > limitBytes) {
        cleanup();
        body.destroy();
        reject(new UpstreamTransportError('connection', `upstream body exceeded ${limitBytes} bytes`));
        return;
      }
      chunks.push(buffer);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8'));
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const onClose = (): void => {
      // Closed without 'end' or 'error': destroyed by someone else (e.g. a lost hedge).
      cleanup();
      reject(new UpstreamTransportError('aborted', 'the upstream body was closed before it ended'));
    };
    function cleanup(): void {
      body.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
    }
    body.on('data', onData).once('end', onEnd).once('error', onError).once('close', onClose);
  });
}
