/** One streamed chat completion, timed: first token and end, from the moment it was sent. */
import type { Dispatcher } from 'undici';
import { FirstTokenWatcher } from './first-token-watcher.js';
import type { HttpTarget } from './load-job.js';

export interface StreamTiming {
  timeToFirstTokenMs: number;
  totalMs: number;
}

export interface StreamHooks {
  /** The response headers arrived: the stream is open. */
  onOpen?: () => void;
  onClose?: () => void;
}

/** Resolves with the timing, or rejects saying why the stream failed (status, cut short, no text). */
export async function timeOneStream(dispatcher: Dispatcher, target: HttpTarget, signal?: AbortSignal, hooks: StreamHooks = {}): Promise<StreamTiming> {
  const startedAt = performance.now();
  const response = await dispatcher.request({ origin: target.origin, path: target.path, method: 'POST', headers: target.headers, body: target.body, signal: signal ?? null });
  hooks.onOpen?.();
  try {
    if (response.statusCode !== 200) {
      const text = await response.body.text();
      throw new Error(`HTTP ${response.statusCode}: ${text.slice(0, 200)}`);
    }
    const watcher = new FirstTokenWatcher();
    let firstTokenAt = Number.NaN;
    response.body.setEncoding('utf8');
    for await (const chunk of response.body) {
      if (watcher.push(String(chunk))) firstTokenAt = performance.now();
    }
    const endedAt = performance.now();
    if (!watcher.sawFirstToken) throw new Error('the stream carried no text');
    if (!watcher.isDone) throw new Error('the stream ended without data: [DONE]');
    return { timeToFirstTokenMs: firstTokenAt - startedAt, totalMs: endedAt - startedAt };
  } finally {
    hooks.onClose?.();
  }
}
