import { describe, expect, it } from 'vitest';
import { LatencyTracker } from './latency-tracker.js';

const T0 = 1_700_000_000_000;
const targets = ['a/fast', 'b/medium', 'c/slow'].map((ref) => ({ ref }));

/** A random source that plays back the given values, then repeats the last. */
function sequence(...values: number[]): () => number {
  let index = 0;
  return () => values[Math.min(index++, values.length - 1)] ?? 0;
}

describe('LatencyTracker', () => {
  it('averages with the configured weight on the newest sample', () => {
    const tracker = new LatencyTracker({ alpha: 0.5 });
    tracker.recordFirstToken('a/fast', 100, T0);
    expect(tracker.statsOf('a/fast')?.firstTokenMs).toBe(100);
    tracker.recordFirstToken('a/fast', 300, T0 + 1);
    expect(tracker.statsOf('a/fast')?.firstTokenMs).toBe(200);
    tracker.recordFirstToken('a/fast', 0, T0 + 2);
    expect(tracker.statsOf('a/fast')?.firstTokenMs).toBe(100);
    tracker.recordTotal('a/fast', 2_000, T0 + 3);
    expect(tracker.statsOf('a/fast')).toMatchObject({ firstTokenSamples: 3, totalSamples: 1, totalMs: 2_000, lastSampleAtMs: T0 + 3 });
  });

  it('converges on a changed latency: a recovered target ranks first again after a few samples', () => {
    const tracker = new LatencyTracker({ alpha: 0.3, explorationRate: 0 });
    tracker.recordFirstToken('a/fast', 5_000, T0);
    tracker.recordFirstToken('b/medium', 400, T0);
    expect(tracker.fastestOrder(targets.slice(0, 2), Math.random).map((target) => target.ref)).toEqual(['b/medium', 'a/fast']);
    for (let index = 0; index < 10; index += 1) tracker.recordFirstToken('a/fast', 100, T0 + index);
    expect(tracker.fastestOrder(targets.slice(0, 2), Math.random).map((target) => target.ref)).toEqual(['a/fast', 'b/medium']);
  });

  it('orders by the chosen metric, ties in the given order', () => {
    const tracker = new LatencyTracker({ explorationRate: 0 });
    tracker.recordFirstToken('a/fast', 100, T0);
    tracker.recordFirstToken('b/medium', 300, T0);
    tracker.recordFirstToken('c/slow', 300, T0);
    tracker.recordTotal('a/fast', 9_000, T0);
    tracker.recordTotal('b/medium', 1_000, T0);
    tracker.recordTotal('c/slow', 5_000, T0);
    expect(tracker.fastestOrder(targets, Math.random, 'firstToken').map((target) => target.ref)).toEqual(['a/fast', 'b/medium', 'c/slow']);
    expect(tracker.fastestOrder(targets, Math.random, 'total').map((target) => target.ref)).toEqual(['b/medium', 'c/slow', 'a/fast']);
  });

  it('puts never-measured targets first, so that they get measured', () => {
    const tracker = new LatencyTracker({ explorationRate: 1 });
    tracker.recordFirstToken('a/fast', 100, T0);
    expect(tracker.fastestOrder(targets, sequence(0.99, 0.99), 'firstToken').map((target) => target.ref)).toEqual(['b/medium', 'c/slow', 'a/fast']);
  });

  it('explores: with the exploration rate, a random measured target goes first', () => {
    const tracker = new LatencyTracker({ explorationRate: 0.05 });
    tracker.recordFirstToken('a/fast', 100, T0);
    tracker.recordFirstToken('b/medium', 200, T0);
    tracker.recordFirstToken('c/slow', 900, T0);
    // First draw decides whether to explore (< 0.05), the second which target.
    expect(tracker.fastestOrder(targets, sequence(0.04, 0.9)).map((target) => target.ref)).toEqual(['c/slow', 'a/fast', 'b/medium']);
    expect(tracker.fastestOrder(targets, sequence(0.05, 0.9)).map((target) => target.ref)).toEqual(['a/fast', 'b/medium', 'c/slow']);
  });

  it('explores at about the configured rate over many requests', () => {
    const tracker = new LatencyTracker({ explorationRate: 0.05 });
    tracker.recordFirstToken('a/fast', 100, T0);
    tracker.recordFirstToken('c/slow', 900, T0);
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pair = [{ ref: 'a/fast' }, { ref: 'c/slow' }];
    let slowFirst = 0;
    for (let index = 0; index < 20_000; index += 1) if (tracker.fastestOrder(pair, random)[0]?.ref === 'c/slow') slowFirst += 1;
    // Half of the explorations pick the slow one: about 2.5%.
    expect(slowFirst / 20_000).toBeGreaterThan(0.015);
    expect(slowFirst / 20_000).toBeLessThan(0.035);
  });

  it('snapshots rounded averages', () => {
    const tracker = new LatencyTracker();
    tracker.recordFirstToken('a/fast', 123.4, T0);
    expect(tracker.snapshot()).toEqual([{ ref: 'a/fast', firstTokenMs: 123, totalMs: null, samples: 1, lastSampleAt: new Date(T0).toISOString() }]);
  });
});
