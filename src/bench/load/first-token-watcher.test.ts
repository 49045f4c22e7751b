import { describe, expect, it } from 'vitest';
import { FirstTokenWatcher } from './first-token-watcher.js';

const roleChunk = 'data: {"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}\n\n';
const textChunk = 'data: {"choices":[{"index":0,"delta":{"content":"Hello"}}]}\n\n';

describe('FirstTokenWatcher', () => {
  it('ignores the opening role chunk with empty content and fires on the first text', () => {
    const watcher = new FirstTokenWatcher();
    expect(watcher.push(roleChunk)).toBe(false);
    expect(watcher.push(textChunk)).toBe(true);
    expect(watcher.push(textChunk)).toBe(false);
    expect(watcher.sawFirstToken).toBe(true);
  });

  it('finds an event split across chunks, and SSE comments do not count', () => {
    const watcher = new FirstTokenWatcher();
    expect(watcher.push(': keep-alive\n\n')).toBe(false);
    expect(watcher.push(textChunk.slice(0, 20))).toBe(false);
    expect(watcher.push(textChunk.slice(20))).toBe(true);
  });

  it('knows a stream that ended with [DONE] from one that was cut', () => {
    const complete = new FirstTokenWatcher();
    complete.push(textChunk);
    complete.push(': tollgate {"cost_usd":"0.1"}\n\ndata: [DONE]\n\n');
    expect(complete.isDone).toBe(true);
    const cut = new FirstTokenWatcher();
    cut.push(textChunk);
    expect(cut.isDone).toBe(false);
  });
});
