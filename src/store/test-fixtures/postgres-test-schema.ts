/**
 * Gives each Postgres test file its own schema in the database named by TOLLGATE_TEST_POSTGRES_URL, so test
 * runs can go in parallel and again, and drops it afterwards.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const POSTGRES_TEST_URL = process.env.TOLLGATE_TEST_POSTGRES_URL ?? '';

export function warnWhenPostgresIsSkipped(suite: string): void {
  if (!POSTGRES_TEST_URL) console.warn(`${suite}: Postgres tests skipped; set TOLLGATE_TEST_POSTGRES_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to run them`);
}

export interface PostgresTestSchema {
  /** The store URL with `?schema=` set to this test's schema. */
  url: string;
  schema: string;
  drop(): Promise<void>;
}

export function createPostgresTestSchema(label: string): PostgresTestSchema {
  const schema = `tollgate_test_${label}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const url = new URL(POSTGRES_TEST_URL);
  url.searchParams.set('schema', schema);
  return {
    url: url.toString(),
    schema,
    async drop(): Promise<void> {
      const client = new pg.Client({ connectionString: POSTGRES_TEST_URL });
      await client.connect();
      try {
        await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await client.end();
      }
    },
  };
}
