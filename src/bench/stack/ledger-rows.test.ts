import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../store/index.js';
import { sampleLedgerRecords } from '../../store/test-fixtures/sample-ledger-record.js';
import { countLedgerRows, waitForLedgerQuiet, waitForLedgerRows } from './ledger-rows.js';

describe('counting ledger rows beside a running store', () => {
  it('sees records as the store commits them, read-only', async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'tollgate-bench-ledger-'));
    const file = path.join(directory, 'tollgate.db');
    const store = await openStore(`sqlite://${file}`);
    try {
      expect(countLedgerRows(file)).toBe(0);
      const inserting = store.insertLedgerRecords(sampleLedgerRecords('bench', 25));
      const waited = await waitForLedgerRows(file, 25, 10_000);
      await inserting;
      expect(waited.rows).toBe(25);
      expect(await waitForLedgerQuiet(file, 100, 5000)).toBe(25);
      const missing = await waitForLedgerRows(file, 26, 100);
      expect(missing.rows).toBe(25);
      expect(missing.waitedMs).toBeGreaterThanOrEqual(100);
    } finally {
      await store.close();
      await rm(directory, { recursive: true, force: true });
    }
  });
});
