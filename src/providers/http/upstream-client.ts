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
    const url = new URL(call.url);
    const totalTimer = AbortSignal.timeout(call.timeouts.totalMs);
    const signal = AbortSignal.any([call.signal, totalTimer]);
    let response: Dispatcher.ResponseData;
    try {
      response = await this.agent.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: call.method,
        headers: call.headers,
        body: call.body ?? null,
        signal,
        headersTimeout: call.timeouts.firstByteMs,
        bodyTimeout: call.timeouts.firstByteMs,
      });
    } catch (error) {
      throw toTransportError(error, call, totalTimer.aborted);
    }
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

function toTransportError(error: unknown, call: UpstreamCall, totalTimedOut: boolean): UpstreamTransportError {
  const host = new URL(call.url).host;
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

/** Reads a whole upstream body as text, refusing more than `limitBytes`. */
export async function readBodyText(body: Readable, limitBytes = 64 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > limitBytes) {
      body.destroy();
      throw new UpstreamTransportError('connection', `upstream body exceeded ${limitBytes} bytes`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
