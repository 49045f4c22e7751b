import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { LedgerRecord } from '../../ledger/ledger-record.js';
import type { Database } from '../database.js';
import { ATTEMPT_COLUMNS, REQUEST_COLUMNS, toAttemptRows, toRequestRow, toRequestTagRows } from '../ledger-rows.js';
import { currentPostgresSchema, ensurePostgresSchema, migrateToLatest } from '../migrations.js';
import { redact } from '../store-url.js';
import { writePostgresUsage } from '../usage/postgres-usage-writer.js';
import type { Store, StoreLogger } from '../store.js';

const INT2_OID = 21;
const INT4_OID = 23;
const INT8_OID = 20;
/** Postgres refuses a statement with more bind parameters than this. */
const MAX_PARAMETERS = 65_535;

function parseInteger(text: string): bigint {
  return BigInt(text);
}

/** Integers read back as bigint, exactly as better-sqlite3 returns them, so queries behave the same on both engines. */
const exactIntegerTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if ((format === undefined || format === 'text') && (oid === INT2_OID || oid === INT4_OID || oid === INT8_OID)) return parseInteger;
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

export interface PostgresStoreOptions {
  connectionString: string;
  schema: string | null;
  logger?: StoreLogger;
}

export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    types: exactIntegerTypes,
    ...(options.schema === null ? {} : { options: `-c search_path=${options.schema}` }),
  });
  // An idle client losing its server must not crash the process; the next query reconnects.
  pool.on('error', (error) => options.logger?.warn({ err: error.message }, 'idle Postgres connection failed'));
  // A connection the server terminates while checked out (a restart mid-transaction) emits 'error' on the
  // client, which the pool does not listen to then: unhandled, it would crash the gateway. Its query fails anyway.
  pool.on('connect', (client) => client.on('error', (error) => options.logger?.warn({ err: error.message }, 'Postgres connection failed')));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    if (options.schema !== null) await ensurePostgresSchema(db, options.schema);
    await migrateToLatest(db, 'postgres', options.schema ?? (await currentPostgresSchema(db)));
  } catch (error) {
    await db.destroy();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot open Postgres store ${redact(options.connectionString)}: ${reason}`, { cause: error });
  }

  return {
    engine: 'postgres',
    db,
    insertLedgerRecords: (records) => insertLedgerRecords(db, records),
    close: () => db.destroy(),
  };
}

export interface PostgresInsertOptions {
  /** Off only in the benchmark that measures what keeping the rollups in the same transaction costs. */
  maintainRollups?: boolean;
}

export async function insertLedgerRecords(db: Kysely<Database>, records: readonly LedgerRecord[], options: PostgresInsertOptions = {}): Promise<void> {
  if (records.length === 0) return;
  const requestRows = records.map(toRequestRow);
  const tagRows = records.flatMap(toRequestTagRows);
  const attemptRows = records.flatMap(toAttemptRows);
  await db.transaction().execute(async (transaction) => {
    const insertedIds = new Set<string>();
    for (const rows of chunks(requestRows, REQUEST_COLUMNS.length)) {
      const inserted = await transaction
        .insertInto('requests')
        .values(rows)
        .onConflict((conflict) => conflict.column('id').doNothing())
        .returning('id')
        .execute();
      for (const row of inserted) insertedIds.add(row.id);
    }
    for (const rows of chunks(tagRows, 2)) {
      await transaction.insertInto('request_tags').values(rows).onConflict((conflict) => conflict.columns(['request_id', 'tag']).doNothing()).execute();
    }
    for (const rows of chunks(attemptRows, ATTEMPT_COLUMNS.length)) {
      await transaction.insertInto('attempts').values(rows).onConflict((conflict) => conflict.columns(['request_id', 'attempt']).doNothing()).execute();
    }
    await writePostgresUsage(transaction, records, requestRows, insertedIds, options.maintainRollups ?? true);
  });
}

function* chunks<Row>(rows: readonly Row[], columnsPerRow: number): Generator<Row[]> {
  const rowsPerStatement = Math.floor(MAX_PARAMETERS / columnsPerRow);
  for (let start = 0; start < rows.length; start += rowsPerStatement) yield rows.slice(start, start + rowsPerStatement);
}
