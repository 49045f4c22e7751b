/**
 * Writing to a client's SSE response with back-pressure and keep-alive comments, and noticing
 * when the client goes away (on the response's `close`, never the request's).
 */
import type { ServerResponse } from 'node:http';

export class SseResponse {
  private keepAliveTimer: NodeJS.Timeout | undefined;
  private closed = false;
  bytesWritten = 0;

  constructor(
    private readonly response: ServerResponse,
    private readonly keepAliveMs: number,
    onClientClose: () => void,
  ) {
    response.on('close', () => {
      this.closed = true;
      this.stopKeepAlive();
      if (!response.writableFinished) onClientClose();
    });
  }

  get isClosed(): boolean {
    return this.closed || this.response.destroyed;
  }

  get headersSent(): boolean {
    return this.response.headersSent;
  }

  open(headers: Record<string, string>): void {
    if (this.response.headersSent) return;
    this.response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      ...headers,
    });
    this.response.flushHeaders();
    this.keepAliveTimer = setInterval(() => this.keepAlive(), this.keepAliveMs);
    this.keepAliveTimer.unref();
  }

  /** Writes text; resolves when the client can take more (or has gone). */
  async write(text: string): Promise<void> {
    if (this.isClosed) return;
    this.keepAliveTimer?.refresh();
    this.bytesWritten += Buffer.byteLength(text);
    if (this.response.write(text)) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.response.off('drain', done);
        this.response.off('close', done);
        resolve();
      };
      this.response.on('drain', done);
      this.response.on('close', done);
    });
  }

  end(): void {
    this.stopKeepAlive();
    if (!this.isClosed) this.response.end();
  }

  private keepAlive(): void {
    if (this.isClosed) return;
    this.bytesWritten += 14;
    this.response.write(': keep-alive\n\n');
  }

  private stopKeepAlive(): void {
    if (this.keepAliveTimer) clearInterval(this.keepAliveTimer);
    this.keepAliveTimer = undefined;
  }
}
