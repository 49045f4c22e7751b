/** Ledger rows the seeding tests expect: two priced requests and one of unknown cost by `ledger-user`, tagged `ledger-tag`. */
import type { Store } from '../../store/index.js';
import { sampleLedgerRecord } from '../../store/test-fixtures/sample-ledger-record.js';

export async function insertSeedLedger(store: Store, idPrefix = 'seed'): Promise<void> {
  const at = Date.parse('2025-03-01T12:00:00Z');
  await store.insertLedgerRecords([
    sampleLedgerRecord(`${idPrefix}-1`, { createdAt: new Date(at), user: 'ledger-user', tags: ['ledger-tag'] }),
    sampleLedgerRecord(`${idPrefix}-2`, { createdAt: new Date(at + 1000), user: 'ledger-user', tags: ['ledger-tag', 'other'] }),
    sampleLedgerRecord(`${idPrefix}-3`, { createdAt: new Date(at + 2000), user: 'ledger-user', tags: ['ledger-tag'], cost: { status: 'unknown', totalPico: null, lines: {}, priceSource: null } }),
    sampleLedgerRecord(`${idPrefix}-4`, { createdAt: new Date(at - 86_400_000), user: 'ledger-user', tags: ['ledger-tag'] }),
  ]);
}
