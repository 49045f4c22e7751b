/**
 * One live process per journal directory. A second instance sharing it would replay and delete the first
 * one's open segment, and lose what the first writes next; so the directory is locked by process id, and a
 * lock left by a process that no longer runs is taken over.
 */
import { open, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';

const LOCK_FILE = 'ledger.lock';

export interface JournalLock {
  /** True when this process held the lock already (a ledger opened again without close(), as a crash test does). */
  readonly wasHeldByThisProcess: boolean;
  release(): Promise<void>;
}

export async function acquireJournalLock(directory: string): Promise<JournalLock> {
  const lockPath = path.join(directory, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await tryCreate(lockPath)) return heldLock(lockPath, false);
    const holder = await readHolder(lockPath);
    if (holder === process.pid) return heldLock(lockPath, true);
    if (holder !== null && isRunning(holder)) {
      throw new Error(
        `ledger journal directory ${directory} is in use by process ${holder}; give each Tollgate instance its own ledger.journalDir`,
      );
    }
    // Stale: its process is gone. Remove it and race for a fresh one; a loser sees the winner's live pid.
    await unlink(lockPath).catch(ignoreMissing);
  }
  throw new Error(`could not lock ledger journal directory ${directory}: another process keeps taking it`);
}

async function tryCreate(lockPath: string): Promise<boolean> {
  try {
    const handle = await open(lockPath, 'wx');
    try {
      await handle.writeFile(`${process.pid}\n`);
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if (isErrorCode(error, 'EEXIST')) return false;
    throw error;
  }
}

async function readHolder(lockPath: string): Promise<number | null> {
  try {
    const pid = Number.parseInt((await readFile(lockPath, 'utf8')).trim(), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch (error) {
    if (isErrorCode(error, 'ENOENT')) return null;
    throw error;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return isErrorCode(error, 'EPERM');
  }
}

function heldLock(lockPath: string, wasHeldByThisProcess: boolean): JournalLock {
  return {
    wasHeldByThisProcess,
    async release(): Promise<void> {
      if ((await readHolder(lockPath)) === process.pid) await unlink(lockPath).catch(ignoreMissing);
    },
  };
}

function ignoreMissing(error: unknown): void {
  if (!isErrorCode(error, 'ENOENT')) throw error;
}

export function isErrorCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code;
}
