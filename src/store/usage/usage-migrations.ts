/**
 * Schema for cost observability: the hourly and daily rollups (with a backfill from the rows already stored),
 * the per-request cache savings, task feedback and stored bodies. Registered in ../migrations.ts; like every
 * migration, never edited once released.
 */
import { sql } from 'kysely';
import type { CreateTableBuilder, Kysely, Migration } from 'kysely';
import type { StoreEngine } from '../store.js';
import { ROLLUP_KEY_COLUMNS, ROLLUP_MEASURE_COLUMNS, ROLLUP_TIERS, rollupTable, TIER_PERIOD_MS } from './rollup-columns.js';
import { rawKeyExpression, rawMeasureExpressions } from './raw-measures.js';

export function usageRollupsMigration(engine: StoreEngine): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('requests').addColumn('cache_savings_pico', 'bigint').execute();
      for (const tier of ROLLUP_TIERS) {
        for (const hasTag of [false, true]) await createRollupTable(db, rollupTable(tier, hasTag), hasTag);
      }
      if (engine === 'postgres') {
        // The BRIN index answers a time range only from summarized block ranges; the newest rows, which every
        // usage query's "until now" edge reads, stay unsummarized until autovacuum gets to them, so an edge of
        // one hour scanned the whole unsummarized table (1.2 s for one hour of a million rows, against 14 ms
        // with this B-tree).
        await db.schema.dropIndex('requests_created_at_ms').execute();
        await db.schema.createIndex('requests_created_at_ms').on('requests').column('created_at_ms').execute();
      }
      await backfillRollups(db);
    },
  };
}

export function taskFeedbackMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('task_feedback')
        .addColumn('task_id', 'text', (column) => column.primaryKey())
        .addColumn('success', 'bigint', (column) => column.notNull())
        .addColumn('at_ms', 'bigint', (column) => column.notNull())
        .execute();
    },
  };
}

export function requestBodiesMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('request_bodies')
        .addColumn('request_id', 'text', (column) => column.primaryKey().references('requests.id').onDelete('cascade'))
        .addColumn('request_body', 'text', (column) => column.notNull())
        .addColumn('response_body', 'text', (column) => column.notNull())
        .execute();
    },
  };
}

async function createRollupTable(db: Kysely<unknown>, table: string, hasTag: boolean): Promise<void> {
  // Fixed-width columns first: Postgres reads a column at a cached offset only while no variable-length
  // column (the key text) comes before it.
  let builder: CreateTableBuilder<string, string> = db.schema.createTable(table).addColumn('period_start_ms', 'bigint', (column) => column.notNull());
  for (const measure of ROLLUP_MEASURE_COLUMNS) builder = builder.addColumn(measure, 'bigint', (column) => column.notNull().defaultTo(0));
  if (hasTag) builder = builder.addColumn('tag', 'text', (column) => column.notNull());
  for (const key of ROLLUP_KEY_COLUMNS) builder = builder.addColumn(key, 'text', (column) => column.notNull());
  // The key leads with the period, so the primary key's index also answers the time ranges every query asks.
  await builder.addPrimaryKeyConstraint(`${table}_pkey`, ['period_start_ms', ...(hasTag ? ['tag'] : []), ...ROLLUP_KEY_COLUMNS]).execute();
}

/**
 * Rolls up the raw rows in [fromMs, toMs) (all of them by default) into rollup tables that hold nothing for
 * those periods yet: the migration's backfill, and the benchmark's after generating rows in SQL.
 */
export async function backfillRollups<Schema>(db: Kysely<Schema>, window: { fromMs?: number; toMs?: number } = {}): Promise<void> {
  const conditions: string[] = [];
  if (window.fromMs !== undefined) conditions.push(`requests.created_at_ms >= ${Math.trunc(window.fromMs)}`);
  if (window.toMs !== undefined) conditions.push(`requests.created_at_ms < ${Math.trunc(window.toMs)}`);
  const where = conditions.length > 0 ? `where ${conditions.join(' and ')}` : '';
  const measures = rawMeasureExpressions('requests');
  const keys = ROLLUP_KEY_COLUMNS.map((key) => rawKeyExpression(key, 'requests'));
  const groupPositions = (count: number): string => Array.from({ length: count }, (_, index) => String(index + 1)).join(', ');
  for (const tier of ROLLUP_TIERS) {
    const period = `(requests.created_at_ms / ${TIER_PERIOD_MS[tier]}) * ${TIER_PERIOD_MS[tier]}`;
    for (const hasTag of [false, true]) {
      const columns = ['period_start_ms', ...(hasTag ? ['tag'] : []), ...ROLLUP_KEY_COLUMNS, ...measures.map(([alias]) => alias)];
      const select = [period, ...(hasTag ? [`coalesce(request_tags.tag, '')`] : []), ...keys, ...measures.map(([, expression]) => expression)];
      const from = hasTag ? 'requests left join request_tags on request_tags.request_id = requests.id' : 'requests';
      await sql
        .raw(
          `insert into ${rollupTable(tier, hasTag)} (${columns.join(', ')}) select ${select.join(', ')} from ${from} ${where} group by ${groupPositions(1 + (hasTag ? 1 : 0) + keys.length)}`,
        )
        .execute(db);
    }
  }
}
