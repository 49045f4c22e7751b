import { describe, expect, it } from 'vitest';
import { benchLedgerFlush } from './store.bench.js';

describe('benchLedgerFlush', () => {
  it('shows the worker keeps a flush off the event loop: far less main-thread time than inserting in-thread', async () => {
    const result = await benchLedgerFlush(200, 5);
    expect(result).toMatchObject({ recordsPerFlush: 200, flushes: 5, slicesPerFlush: 4 });
    expect(result.inThreadBlockMs.median).toBeGreaterThan(0);
    expect(result.workerMainThreadBusyMs.median).toBeLessThan(result.inThreadBlockMs.median);
  });
});
