/**
 * A contender or helper in its own process: started, awaited until it prints that it listens, and
 * stopped with SIGTERM (SIGKILL after a grace period). Its output is kept, bounded, for error messages.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { stopProcess, trackChild } from './child-registry.js';

export interface ChildSpec {
  name: string;
  command: string;
  args: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Matched against everything the process printed (stdout and stderr); the match is handed back. */
  readyPattern: RegExp;
  readyTimeoutMs: number;
}

export interface RunningChild {
  name: string;
  pid: number;
  process: ChildProcess;
  /** The readiness match, e.g. the URL it printed. */
  ready: RegExpExecArray;
  /** The last few kilobytes it printed. */
  outputTail(): string;
  stop(graceMs?: number): Promise<void>;
}

const TAIL_BYTES = 8192;

export async function startChild(spec: ChildSpec): Promise<RunningChild> {
  const child = spawn(spec.command, [...spec.args], {
    cwd: spec.cwd,
    env: spec.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  trackChild(child);
  let tail = '';
  let readyText = '';
  let isReady = false;
  const append = (chunk: Buffer): void => {
    const text = chunk.toString('utf8');
    tail = (tail + text).slice(-TAIL_BYTES);
    if (!isReady) readyText = (readyText + text).slice(-TAIL_BYTES * 4);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);

  const ready = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      child.kill('SIGKILL');
      reject(new Error(`${spec.name} did not become ready within ${spec.readyTimeoutMs} ms; it printed:\n${tail}`));
    }, spec.readyTimeoutMs);
    const check = (): void => {
      const match = spec.readyPattern.exec(readyText);
      if (!match) return;
      cleanup();
      isReady = true;
      resolve(match);
    };
    const failed = (code: number | null, signal: NodeJS.Signals | null): void => {
      cleanup();
      reject(new Error(`${spec.name} exited before it was ready (${signal ?? `code ${code}`}); it printed:\n${tail}`));
    };
    const spawnError = (error: Error): void => {
      cleanup();
      reject(new Error(`${spec.name} could not be started: ${error.message}`));
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      child.stdout?.off('data', check);
      child.stderr?.off('data', check);
      child.off('exit', failed);
      child.off('error', spawnError);
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.once('exit', failed);
    child.once('error', spawnError);
  });
  if (child.pid === undefined) throw new Error(`${spec.name} has no process id`);
  return {
    name: spec.name,
    pid: child.pid,
    process: child,
    ready,
    outputTail: () => tail,
    stop: (graceMs = 10_000) => stopProcess(child, graceMs),
  };
}
