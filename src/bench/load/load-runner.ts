/**
 * The load-generator process: receives jobs over IPC, runs them one at a time, and sends each result
 * back. Generating load in its own process keeps its event loop apart from the benchmark's
 * bookkeeping and from every contender.
 */
import { runMicroBenches } from '../micro/run-micro-benches.js';
import { runClosedLoop } from './closed-loop.js';
import { runConcurrentStreams } from './concurrent-streams.js';
import { jobRequestSchema, type LoadJob, type LoadResult, type RunnerMessage } from './load-job.js';
import { runOpenLoop } from './open-loop.js';
import { runStreamLatency } from './stream-latency.js';

export async function runLoadJob(job: LoadJob): Promise<LoadResult> {
  switch (job.kind) {
    case 'closed-loop':
      return runClosedLoop(job);
    case 'open-loop':
      return runOpenLoop(job);
    case 'stream-latency':
      return runStreamLatency(job);
    case 'concurrent-streams':
      return runConcurrentStreams(job);
    case 'micro':
      return runMicroBenches({ iterations: job.iterations, flushRecords: job.flushRecords, flushes: job.flushes });
  }
}

function reply(message: RunnerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, () => resolve());
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let queue = Promise.resolve();
  process.on('message', (message: unknown) => {
    const parsed = jobRequestSchema.safeParse(message);
    if (!parsed.success) {
      process.stderr.write(`load generator: not a job request: ${parsed.error.message}\n`);
      return;
    }
    const { id, job } = parsed.data;
    queue = queue.then(() =>
      runLoadJob(job).then(
        (result) => reply({ id, type: 'result', result }),
        (error: unknown) => reply({ id, type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
      ),
    );
  });
  // The benchmark closing the channel (or dying) ends the generator.
  process.on('disconnect', () => process.exit(0));
}
