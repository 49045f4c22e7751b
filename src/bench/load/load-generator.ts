/**
 * The benchmark's side of the load-generator process: one process for the whole run (no start-up cost
 * per measurement), jobs sent one at a time, results checked on arrival. A job that times out takes the
 * process with it; the next job starts a fresh one.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { stopProcess, trackChild } from '../process/child-registry.js';
import { runnerMessageSchema, type JobRequest, type LoadJob, type LoadResult, type RunnerMessage } from './load-job.js';

function runnerEntry(): { path: string; execArgv: string[] } {
  const compiled = fileURLToPath(new URL('./load-runner.js', import.meta.url));
  if (existsSync(compiled)) return { path: compiled, execArgv: [] };
  // Under vitest this module is the TypeScript source: the runner's source then runs through tsx.
  return { path: fileURLToPath(new URL('./load-runner.ts', import.meta.url)), execArgv: ['--import', 'tsx'] };
}

type ResultOf<Kind extends LoadJob['kind']> = Extract<LoadResult, { kind: Kind }>;

interface Pending {
  resolve: (message: RunnerMessage) => void;
  reject: (error: Error) => void;
}

export class LoadGenerator {
  private child: ChildProcess | undefined;
  private output = '';
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  async run<Job extends LoadJob>(job: Job, timeoutMs: number): Promise<ResultOf<Job['kind']>> {
    const child = this.child ?? this.start();
    const id = this.nextId;
    this.nextId += 1;
    let timer: NodeJS.Timeout | undefined;
    try {
      const message = await new Promise<RunnerMessage>((resolve, reject) => {
        this.pending.set(id, { resolve, reject });
        timer = setTimeout(() => reject(new Error(`the ${job.kind} job gave no result within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
        const request: JobRequest = { id, job };
        child.send(request);
      });
      if (message.type === 'failed') throw new Error(`the ${job.kind} job failed: ${message.message}`);
      if (message.result.kind !== job.kind) throw new Error(`asked for ${job.kind}, got ${message.result.kind}`);
      return message.result as ResultOf<Job['kind']>;
    } catch (error) {
      if (error instanceof Error && error.message.includes('gave no result')) await this.stop();
      throw error;
    } finally {
      clearTimeout(timer);
      this.pending.delete(id);
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child) await stopProcess(child, 2000);
  }

  private start(): ChildProcess {
    const entry = runnerEntry();
    const child = fork(entry.path, [], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'advanced', execArgv: entry.execArgv });
    trackChild(child);
    this.output = '';
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString('utf8')).slice(-4096);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('message', (received: unknown) => {
      const parsed = runnerMessageSchema.safeParse(received);
      if (parsed.success) return this.pending.get(parsed.data.id)?.resolve(parsed.data);
      const reason = new Error(`the load generator sent a result this benchmark cannot read: ${parsed.error.message}`);
      for (const pending of this.pending.values()) pending.reject(reason);
    });
    child.once('exit', (code, signal) => {
      if (this.child === child) this.child = undefined;
      const reason = new Error(`the load generator exited (${signal ?? `code ${code}`})${this.output ? `:\n${this.output}` : ''}`);
      for (const pending of this.pending.values()) pending.reject(reason);
    });
    this.child = child;
    return child;
  }
}
