/**
 * Versioned schema migrations, run at open on both engines through kysely's Migrator (which records them in
 * `schema_migrations` and, on Postgres, holds an advisory lock so instances starting together migrate once).
 * A migration is never edited after release: add the next one.
 */
import { Migrator, sql } from 'kysely';
import type { CreateTableBuilder, Kysely, Migration, MigrationProvider } from 'kysely';
import type { StoreEngine } from './store.js';
import { requestBodiesMigration, taskFeedbackMigration, usageRollupsMigration } from './usage/usage-migrations.js';

type ColumnKind = 'text' | 'integer';
type ColumnSpec = readonly [name: string, kind: ColumnKind, isNullable?: 'nullable'];

const TOKEN_COLUMNS: readonly ColumnSpec[] = [
  ['input_tokens', 'integer'], ['input_no_cache_tokens', 'integer'], ['cache_read_tokens', 'integer'],
  ['cache_write_5m_tokens', 'integer'], ['cache_write_1h_tokens', 'integer'], ['output_tokens', 'integer'],
  ['output_text_tokens', 'integer'], ['reasoning_tokens', 'integer'],
];

const REQUEST_COLUMNS: readonly ColumnSpec[] = [
  ['created_at_ms', 'integer'], ['endpoint', 'text'], ['dialect', 'text'], ['route', 'text', 'nullable'],
  ['model_requested', 'text'], ['provider_id', 'text', 'nullable'], ['provider_type', 'text', 'nullable'],
  ['model_served', 'text', 'nullable'], ['key_id', 'text', 'nullable'], ['user_id', 'text', 'nullable'],
  ['team', 'text', 'nullable'], ['feature', 'text', 'nullable'], ['task', 'text', 'nullable'], ['tags', 'text'],
  ['region', 'text', 'nullable'], ['tier', 'text'], ['service_tier', 'text', 'nullable'], ['streamed', 'integer'],
  ['status', 'text'], ['http_status', 'integer'], ['error_code', 'text', 'nullable'], ['error_class', 'text', 'nullable'],
  ['latency_ms', 'integer'], ['ttft_ms', 'integer', 'nullable'], ['stream_duration_ms', 'integer', 'nullable'],
  ['request_bytes', 'integer'], ['response_bytes', 'integer'], ...TOKEN_COLUMNS, ['cost_status', 'text'],
  ['cost_pico', 'integer', 'nullable'], ['cost_input_pico', 'integer', 'nullable'],
  ['cost_cache_read_pico', 'integer', 'nullable'], ['cost_cache_write_pico', 'integer', 'nullable'],
  ['cost_output_pico', 'integer', 'nullable'], ['cost_reasoning_pico', 'integer', 'nullable'],
  ['cost_other_pico', 'integer', 'nullable'], ['cost_lines', 'text'], ['price_source', 'text', 'nullable'],
  ['attempt_count', 'integer'],
];

const ATTEMPT_COLUMNS: readonly ColumnSpec[] = [
  ['provider_id', 'text'], ['provider_type', 'text'], ['model', 'text'], ['started_at_ms', 'integer'],
  ['latency_ms', 'integer'], ['ttft_ms', 'integer', 'nullable'], ['outcome', 'text'],
  ['http_status', 'integer', 'nullable'], ['error_class', 'text', 'nullable'], ['error_message', 'text', 'nullable'],
  ...TOKEN_COLUMNS, ['cost_status', 'text'], ['cost_pico', 'integer', 'nullable'], ['cost_lines', 'text'],
  ['price_source', 'text', 'nullable'],
];

function addColumns<Table extends string, Columns extends string>(
  table: CreateTableBuilder<Table, Columns>,
  columns: readonly ColumnSpec[],
): CreateTableBuilder<Table, Columns> {
  let builder = table;
  for (const [name, kind, isNullable] of columns) {
    // BIGINT on both engines: SQLite gives it INTEGER affinity, Postgres stores 64 bits, never a float.
    const type = kind === 'integer' ? 'bigint' : 'text';
    builder = builder.addColumn(name, type, (column) => (isNullable ? column : column.notNull()));
  }
  return builder;
}

function ledgerTables(engine: StoreEngine): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await addColumns(db.schema.createTable('requests').addColumn('id', 'text', (column) => column.primaryKey()), REQUEST_COLUMNS).execute();
      await db.schema
        .createTable('request_tags')
        .addColumn('request_id', 'text', (column) => column.notNull().references('requests.id').onDelete('cascade'))
        .addColumn('tag', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('request_tags_pkey', ['request_id', 'tag'])
        .execute();
      await addColumns(
        db.schema
          .createTable('attempts')
          .addColumn('request_id', 'text', (column) => column.notNull().references('requests.id').onDelete('cascade'))
          .addColumn('attempt', 'bigint', (column) => column.notNull()),
        ATTEMPT_COLUMNS,
      )
        .addPrimaryKeyConstraint('attempts_pkey', ['request_id', 'attempt'])
        .execute();

      if (engine === 'postgres') {
        // A ledger is appended in time order, so a BRIN index answers time ranges at a fraction of a B-tree's size.
        await db.schema.createIndex('requests_created_at_ms').on('requests').using('brin').column('created_at_ms').execute();
      } else {
        await db.schema.createIndex('requests_created_at_ms').on('requests').column('created_at_ms').execute();
      }
      await db.schema.createIndex('requests_user_created_at').on('requests').columns(['user_id', 'created_at_ms']).execute();
      await db.schema.createIndex('requests_feature_created_at').on('requests').columns(['feature', 'created_at_ms']).execute();
      await db.schema.createIndex('requests_model_served_created_at').on('requests').columns(['model_served', 'created_at_ms']).execute();
      await db.schema.createIndex('requests_task').on('requests').column('task').execute();
      await db.schema.createIndex('request_tags_tag').on('request_tags').columns(['tag', 'request_id']).execute();
    },
  };
}

const VIRTUAL_KEY_COLUMNS: readonly ColumnSpec[] = [
  ['name', 'text', 'nullable'], ['secret_prefix', 'text'], ['secret_hash', 'text'],
  ['previous_secret_prefix', 'text', 'nullable'], ['previous_secret_hash', 'text', 'nullable'],
  ['previous_secret_expires_at_ms', 'integer', 'nullable'], ['user_id', 'text', 'nullable'], ['team', 'text', 'nullable'],
  ['feature', 'text', 'nullable'], ['tags', 'text'], ['region', 'text', 'nullable'], ['allowed_routes', 'text', 'nullable'],
  ['allowed_models', 'text', 'nullable'], ['budget_pico', 'integer', 'nullable'], ['budget_period', 'text', 'nullable'],
  ['max_cost_per_request_pico', 'integer', 'nullable'], ['rpm', 'integer', 'nullable'], ['tpm', 'integer', 'nullable'],
  ['created_at_ms', 'integer'], ['revoked_at_ms', 'integer', 'nullable'], ['expires_at_ms', 'integer', 'nullable'],
];

function virtualKeysTable(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await addColumns(db.schema.createTable('virtual_keys').addColumn('id', 'text', (column) => column.primaryKey()), VIRTUAL_KEY_COLUMNS).execute();
      // Authentication looks a key up by the SHA-256 of its secret, the current one or the one a rotation keeps alive.
      await db.schema.createIndex('virtual_keys_secret_hash').on('virtual_keys').column('secret_hash').unique().execute();
      await db.schema.createIndex('virtual_keys_previous_secret_hash').on('virtual_keys').column('previous_secret_hash').execute();
    },
  };
}

function volumeUsageTable(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      // Exact integers: picodollars summed by the database must never pass through a float.
      await db.schema
        .createTable('volume_usage')
        .addColumn('card_key', 'text', (column) => column.notNull())
        .addColumn('month', 'text', (column) => column.notNull())
        .addColumn('basis_pico', 'bigint', (column) => column.notNull())
        .addPrimaryKeyConstraint('volume_usage_pk', ['card_key', 'month'])
        .execute();
    },
  };
}

export function storeMigrations(engine: StoreEngine): Record<string, Migration> {
  return {
    '0001-ledger-tables': ledgerTables(engine),
    '0002-virtual-keys': virtualKeysTable(),
    '0003-usage-rollups': usageRollupsMigration(engine),
    '0004-task-feedback': taskFeedbackMigration(),
    '0005-request-bodies': requestBodiesMigration(),
    '0006-volume-usage': volumeUsageTable(),
  };
}

class InCodeMigrationProvider implements MigrationProvider {
  constructor(private readonly migrations: Record<string, Migration>) {}

  getMigrations(): Promise<Record<string, Migration>> {
    return Promise.resolve(this.migrations);
  }
}

/**
 * Brings the schema to the latest version; throws with the failing migration's name. On Postgres pass the
 * schema the tables live in: kysely otherwise takes a `schema_migrations` table in any schema (another
 * application's, say) for its own.
 */
export async function migrateToLatest<Schema>(db: Kysely<Schema>, engine: StoreEngine, migrationTableSchema?: string): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: new InCodeMigrationProvider(storeMigrations(engine)),
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
    ...(migrationTableSchema === undefined ? {} : { migrationTableSchema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    const what = failed === undefined ? 'store migrations' : `store migration "${failed}"`;
    throw new Error(`${what} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** Creates the Postgres schema named in the URL before the migrator looks for its tables there. */
export async function ensurePostgresSchema<Schema>(db: Kysely<Schema>, schema: string): Promise<void> {
  await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
}

/** The schema unqualified names resolve to (the first of search_path that exists). */
export async function currentPostgresSchema<Schema>(db: Kysely<Schema>): Promise<string> {
  const result = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = result.rows[0]?.schema;
  if (!schema) throw new Error('no schema to create tables in: search_path names none that exists; add ?schema=name to storage.url');
  return schema;
}
