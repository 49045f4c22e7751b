/**
 * An HDR histogram of latencies recorded in microseconds (1 µs to 5 minutes, 3 significant digits),
 * summarised in milliseconds. Constant memory whatever the request count.
 */
import * as hdr from 'hdr-histogram-js';
import type { LatencySummary } from './load-job.js';

const MAX_MICROSECONDS = 300_000_000;

export class LatencyHistogram {
  private readonly histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: MAX_MICROSECONDS, numberOfSignificantValueDigits: 3 });

  recordMs(milliseconds: number): void {
    const microseconds = Math.round(milliseconds * 1000);
    this.histogram.recordValue(Math.min(MAX_MICROSECONDS, Math.max(1, microseconds)));
  }

  get count(): number {
    return this.histogram.totalCount;
  }

  percentileMs(percentile: number): number {
    if (this.histogram.totalCount === 0) return Number.NaN;
    return this.histogram.getValueAtPercentile(percentile) / 1000;
  }

  summary(): LatencySummary {
    const count = this.histogram.totalCount;
    if (count === 0) return { count: 0, mean: Number.NaN, p50: Number.NaN, p90: Number.NaN, p99: Number.NaN, p999: Number.NaN, max: Number.NaN };
    return {
      count,
      mean: this.histogram.mean / 1000,
      p50: this.percentileMs(50),
      p90: this.percentileMs(90),
      p99: this.percentileMs(99),
      p999: this.percentileMs(99.9),
      max: this.histogram.maxValue / 1000,
    };
  }
}
