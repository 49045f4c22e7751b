/**
 * Paced writes: the first generated token after `ttftMs`, the rest at `tokensPerSecond`. With no
 * latency everything goes out in one write. Timers are cleared as soon as the client goes away,
 * so an abandoned generation costs nothing.
 */
import type { ServerResponse } from 'node:http';

export interface Pacing {
  ttftMs: number;
  tokensPerSecond: number;
}

export interface PacedFrame {
  data: string;
  /** Generated tokens this frame carries (hidden reasoning included); 0 for envelope frames. */
  tokens: number;
  /** Sent as soon as the response starts, before the first token (Anthropic's message_start). */
  isEarly?: boolean;
}

export interface PacedWriteOptions {
  pacing: Pacing;
  /** Stop after this many frames and destroy the socket (the `cut` fault). */
  cutAfterFrames?: number;
  onCut?: () => void;
}

export function hasNoDelay(pacing: Pacing): boolean {
  return pacing.ttftMs <= 0 && pacing.tokensPerSecond === Number.POSITIVE_INFINITY;
}

/** Milliseconds until the whole of `tokens` would have been generated. */
export function totalDurationMs(pacing: Pacing, tokens: number): number {
  const rate = pacing.tokensPerSecond === Number.POSITIVE_INFINITY ? 0 : (Math.max(0, tokens - 1) * 1000) / pacing.tokensPerSecond;
  return Math.max(0, pacing.ttftMs) + rate;
}

/** Destroys the socket once `data` has been handed to the kernel, so the client sees a body that stops mid-way. */
export function writeThenDestroy(response: ServerResponse, data: string, onCut?: () => void): void {
  onCut?.();
  if (data.length === 0) {
    response.socket?.destroy();
    return;
  }
  response.write(data, () => response.socket?.destroy());
}

export function writePaced(response: ServerResponse, frames: readonly PacedFrame[], options: PacedWriteOptions): void {
  const { pacing, cutAfterFrames } = options;
  const due: number[] = [];
  let tokens = 0;
  for (const frame of frames) {
    tokens += frame.tokens;
    due.push(frame.isEarly === true ? 0 : totalDurationMs(pacing, tokens));
  }
  const frameCount = cutAfterFrames === undefined ? frames.length : Math.min(cutAfterFrames, frames.length);
  const finish = (data: string): void => {
    if (cutAfterFrames === undefined) response.end(data);
    else writeThenDestroy(response, data, options.onCut);
  };
  if (hasNoDelay(pacing)) {
    finish(frames.slice(0, frameCount).map((frame) => frame.data).join(''));
    return;
  }
  const startedAt = performance.now();
  let next = 0;
  let timer: NodeJS.Timeout | undefined;
  const stop = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  response.once('close', stop);
  const pump = (): void => {
    timer = undefined;
    if (response.destroyed) return;
    const elapsed = performance.now() - startedAt;
    let chunk = '';
    while (next < frameCount && (due[next] ?? 0) <= elapsed + 1) chunk += frames[next++]?.data ?? '';
    if (next >= frameCount) {
      response.off('close', stop);
      finish(chunk);
      return;
    }
    if (chunk.length > 0) response.write(chunk);
    timer = setTimeout(pump, Math.max(0, (due[next] ?? 0) - elapsed));
  };
  pump();
}

/** Runs `action` after `delayMs` unless the client has gone by then (the timer is cleared on close). */
export function afterDelay(response: ServerResponse, delayMs: number, action: () => void): void {
  if (delayMs <= 0) {
    action();
    return;
  }
  const timer = setTimeout(() => {
    response.off('close', clear);
    if (!response.destroyed) action();
  }, delayMs);
  const clear = (): void => clearTimeout(timer);
  response.once('close', clear);
}
