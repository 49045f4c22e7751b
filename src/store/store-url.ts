/**
 * Reads `storage.url`. SQLite: `sqlite://./relative.db` (relative to the working directory),
 * `sqlite:///absolute/path.db`, `sqlite://:memory:`. Postgres: `postgres://…` or `postgresql://…`;
 * an optional `schema` query parameter selects the schema Tollgate's tables live in.
 */
import path from 'node:path';

export type StoreLocation =
  | { engine: 'sqlite'; filename: string; isMemory: boolean }
  | { engine: 'postgres'; connectionString: string; schema: string | null };

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function parseStoreUrl(url: string, workingDirectory: string = process.cwd()): StoreLocation {
  const trimmed = url.trim();
  const sqliteMatch = /^sqlite:(?:\/\/)?(.*)$/i.exec(trimmed);
  if (sqliteMatch) return sqliteLocation(sqliteMatch[1] ?? '', workingDirectory, url);
  if (/^postgres(?:ql)?:\/\//i.test(trimmed)) return postgresLocation(trimmed);
  throw new Error(
    `storage.url "${redact(url)}" is not a store Tollgate knows: use sqlite://./path.db, sqlite:///absolute/path.db, sqlite://:memory: or postgres://user@host:5432/database`,
  );
}

function sqliteLocation(rest: string, workingDirectory: string, url: string): StoreLocation {
  const location = decodeURIComponent(rest.split('?')[0] ?? '');
  if (location === ':memory:') return { engine: 'sqlite', filename: ':memory:', isMemory: true };
  if (location === '') throw new Error(`storage.url "${url}" names no SQLite file: write sqlite://./.tollgate/tollgate.db`);
  const filename = path.isAbsolute(location) ? location : path.resolve(workingDirectory, location);
  return { engine: 'sqlite', filename, isMemory: false };
}

function postgresLocation(url: string): StoreLocation {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');
  // Without `schema` the URL goes to pg untouched: re-serialising would re-encode parameters like host=/socket/dir.
  if (schema === null) return { engine: 'postgres', connectionString: url, schema: null };
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`storage.url schema "${schema}" is not a plain lower-case identifier (a-z, 0-9 and "_", at most 63)`);
  }
  parsed.searchParams.delete('schema');
  return { engine: 'postgres', connectionString: parsed.toString(), schema };
}

/** The URL without its password, for error messages and logs. */
export function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
}
