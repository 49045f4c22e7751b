/** One micro-benchmark's answer: nanoseconds per call of a hot function, and where the benchmark lives. */
export interface MicroBenchResult {
  name: string;
  iterations: number;
  nsPerOp: number;
  /** The file that defines the measured loop. */
  source: string;
}
