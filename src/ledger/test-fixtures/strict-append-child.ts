/**
 * Run as a child process by the crash tests: appends records in strict mode and says how many are
 * acknowledged, then idles until it is killed.
 *   node --import tsx strict-append-child.ts <storeUrl> <journalDir> <count> <flushIntervalMs>
 */
import { openStore } from '../../store/index.js';
import { sampleLedgerRecords } from '../../store/test-fixtures/sample-ledger-record.js';
import { openLedger } from '../index.js';

const [storeUrl, journalDir, countText, flushIntervalText] = process.argv.slice(2);
if (!storeUrl || !journalDir || !countText || !flushIntervalText) throw new Error('usage: strict-append-child.ts <storeUrl> <journalDir> <count> <flushIntervalMs>');

const store = await openStore(storeUrl);
const ledger = await openLedger({
  store,
  durability: 'strict',
  flushIntervalMs: Number(flushIntervalText),
  journalDir,
  maxQueuedRecords: 100_000,
  logger: { warn: () => {}, error: (details, message) => process.stderr.write(`${message} ${JSON.stringify(details)}\n`) },
});

const records = sampleLedgerRecords('killed', Number(countText));
const BATCH = 25;
for (let start = 0; start < records.length; start += BATCH) {
  await Promise.all(records.slice(start, start + BATCH).map((record) => ledger.append(record)));
  process.stdout.write(`acknowledged ${Math.min(start + BATCH, records.length)}\n`);
}
process.stdout.write('done\n');
setInterval(() => {}, 60_000);
