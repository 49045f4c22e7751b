import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleLedgerRecord } from '../store/test-fixtures/sample-ledger-record.js';
import { Journal } from './journal.js';
import { encodeJournalLine } from './journal-codec.js';

let directory = '';
const errors: string[] = [];
const openJournal = () => Journal.open(directory, { now: Date.now, onError: (_details, message) => errors.push(message) });
const segmentFiles = async () => (await readdir(directory)).filter((name) => name.endsWith('.jsonl'));

beforeEach(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'tollgate-journal-'));
  errors.length = 0;
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('Journal', () => {
  it('group-commits: appends made while an fsync runs share the next one', async () => {
    const journal = await openJournal();
    const segments = await Promise.all(
      Array.from({ length: 300 }, (_, index) => journal.append(encodeJournalLine(sampleLedgerRecord(`group-${index}`)), 1, true)),
    );
    expect(journal.fsyncs).toBeGreaterThanOrEqual(1);
    expect(journal.fsyncs).toBeLessThanOrEqual(10);
    const [segment] = segments;
    expect(segment?.records).toBe(300);
    const lines = (await readFile(segment?.path ?? '', 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(300);
    await journal.close();
  });

  it('deletes a sealed segment once every record in it is confirmed', async () => {
    const journal = await openJournal();
    const segment = await journal.append(encodeJournalLine(sampleLedgerRecord('a')) + encodeJournalLine(sampleLedgerRecord('b')), 2, true);
    journal.rotate();
    journal.confirm(segment, 1);
    await journal.idle();
    expect(await segmentFiles()).toHaveLength(1);
    journal.confirm(segment, 1);
    await expect.poll(segmentFiles).toEqual([]);
    await journal.close();
  });

  it('keeps a segment holding disk-only records for replay, and counts them', async () => {
    const journal = await openJournal();
    const segment = await journal.append(encodeJournalLine(sampleLedgerRecord('spilled')), 1, false);
    expect(journal.diskOnlyRecords()).toBe(1);
    expect(journal.segmentsToReplay()).toEqual([]);
    journal.rotate();
    expect(journal.segmentsToReplay()).toEqual([segment]);
    expect((await journal.read(segment)).records.map((record) => record.id)).toEqual(['spilled']);
    await journal.remove(segment);
    expect(journal.diskOnlyRecords()).toBe(0);
    expect(await segmentFiles()).toEqual([]);
    await journal.close();
  });

  it('finds an earlier run’s segments at open, sealed and waiting for replay', async () => {
    const first = await openJournal();
    await first.append(encodeJournalLine(sampleLedgerRecord('left-behind')), 1, true);
    // Closed with the record still unconfirmed: its segment stays, as after a crash.
    await first.close();
    const second = await openJournal();
    const [segment] = second.segmentsToReplay();
    expect(segment).toBeDefined();
    const contents = await second.read(segment ?? (await Promise.reject(new Error('no segment'))));
    expect(contents.records.map((record) => record.id)).toEqual(['left-behind']);
    expect(second.diskOnlyRecords()).toBe(1);
    await second.close();
  });
});

describe('journal directory lock', () => {
  it('refuses a directory locked by another running process, naming it', async () => {
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      await writeFile(path.join(directory, 'ledger.lock'), `${sleeper.pid}\n`);
      await expect(openJournal()).rejects.toThrow(new RegExp(`in use by process ${sleeper.pid}.*own ledger.journalDir`));
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  it('takes over a lock left by a process that is gone, and releases it at close', async () => {
    const finished = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await once(finished, 'exit');
    await writeFile(path.join(directory, 'ledger.lock'), `${finished.pid}\n`);
    const journal = await openJournal();
    expect(journal.lock.wasHeldByThisProcess).toBe(false);
    expect((await readFile(path.join(directory, 'ledger.lock'), 'utf8')).trim()).toBe(String(process.pid));
    await journal.close();
    expect(await readdir(directory)).not.toContain('ledger.lock');
  });

  it('lets this process reopen a directory it never closed (a crash simulated in-process)', async () => {
    const abandoned = await openJournal();
    const again = await openJournal();
    expect(again.lock.wasHeldByThisProcess).toBe(true);
    await again.close();
    await abandoned.close();
  });
});
