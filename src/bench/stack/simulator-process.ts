/**
 * The provider simulator in its own process (`tollgate simulate --port 0`): zero added latency, and
 * steered over its control endpoint so that every contender gets the same fixed answer.
 */
import { request } from 'undici';
import { startChild, type RunningChild } from '../process/child-process.js';
import { BENCH_UPSTREAM_MODEL } from '../tollgate-bench-config.js';
import { chatBody, type Contender } from './contender.js';
import { TOLLGATE_CLI } from './dist-paths.js';

export interface AnswerShape {
  outputTokens: number;
  /** Pacing of streamed tokens; absent = as fast as possible. */
  tokensPerSecond?: number;
}

export interface SimulatorProcess {
  url: string;
  pid: number;
  child: RunningChild;
  /** Sets the answer every later request to the benchmark model gets. */
  shapeAnswers(shape: AnswerShape): Promise<void>;
  /** The simulator answering directly: the reference every contender is compared with. */
  asDirectContender(version: string): Contender;
  stop(): Promise<void>;
}

export const SIMULATOR_API_KEY = 'sk-bench-simulator';

export async function startSimulatorProcess(): Promise<SimulatorProcess> {
  const child = await startChild({
    name: 'simulator',
    command: process.execPath,
    args: [TOLLGATE_CLI, 'simulate', '--port', '0'],
    readyPattern: /provider simulator on (http:\/\/[^\s]+)/,
    readyTimeoutMs: 60_000,
  });
  const url = child.ready[1] ?? '';
  return {
    url,
    pid: child.pid,
    child,
    shapeAnswers: async (shape) => {
      const response = await request(`${url}/_sim/models/${BENCH_UPSTREAM_MODEL}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(shape),
      });
      const text = await response.body.text();
      if (response.statusCode !== 200) throw new Error(`the simulator refused the answer shape ${JSON.stringify(shape)}: ${text}`);
    },
    asDirectContender: (version) => ({
      name: 'direct',
      label: 'simulator, direct',
      origin: url,
      pid: child.pid,
      version,
      settings: { process: 'node dist/cli.js simulate --port 0', latency: 'none (ttft 0, no token pacing)' },
      chatTarget: (stream) => ({
        origin: url,
        path: '/v1/chat/completions',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${SIMULATOR_API_KEY}` },
        body: chatBody(BENCH_UPSTREAM_MODEL, stream),
      }),
      stop: async () => undefined,
    }),
    stop: () => child.stop(),
  };
}
