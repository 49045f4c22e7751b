/**
 * Every process the benchmark starts is registered here, so that Ctrl-C, an error or a normal exit
 * never leaves a simulator, gateway or load generator running behind us (nor their temporary files).
 */
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

const children = new Set<ChildProcess>();
const directories = new Set<string>();
let isInstalled = false;

export function trackChild(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
}

export function liveChildren(): number {
  return children.size;
}

/** A temporary directory removed when the benchmark exits, however it exits. */
export function removeOnExit(directory: string): void {
  directories.add(directory);
}

/** Last resort, synchronous: used from the `exit` event, where nothing asynchronous runs any more. */
export function killAllChildrenNow(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  children.clear();
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
  directories.clear();
}

/** Asks every child to stop, then kills what is still there after `graceMs`. */
export async function stopAllChildren(graceMs = 3000): Promise<void> {
  const pending = [...children].map((child) => stopProcess(child, graceMs));
  await Promise.all(pending);
}

export async function stopProcess(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Ctrl-C or SIGTERM stops the children first; an exit for any reason kills whatever is left. */
export function installChildCleanup(onInterrupt: (signal: NodeJS.Signals) => void): void {
  if (isInstalled) return;
  isInstalled = true;
  process.once('exit', killAllChildrenNow);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      onInterrupt(signal);
      stopAllChildren(2000).then(
        () => process.exit(130),
        () => process.exit(130),
      );
    });
  }
}
