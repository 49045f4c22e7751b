import { describe, expect, it } from 'vitest';
import { benchBudgetReserve } from './budget-reserve-bench.js';
import { benchEstimate } from './estimate-bench.js';

describe('the harness’s own micro-benchmarks', () => {
  it('times token counting plus pricing of a request estimate', () => {
    const result = benchEstimate({ iterations: 300 });
    expect(result).toMatchObject({ iterations: 300, source: 'src/bench/micro/estimate-bench.ts' });
    expect(result.nsPerOp).toBeGreaterThan(0);
  });

  it('times a reserve and settle against the benchmark config’s budgets, none of which refuses', async () => {
    const result = await benchBudgetReserve({ iterations: 300 });
    expect(result).toMatchObject({ iterations: 300, source: 'src/bench/micro/budget-reserve-bench.ts' });
    expect(result.nsPerOp).toBeGreaterThan(0);
  });
});
