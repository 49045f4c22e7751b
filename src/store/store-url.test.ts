import { describe, expect, it } from 'vitest';
import { parseStoreUrl, redact } from './store-url.js';

describe('parseStoreUrl', () => {
  it.each([
    ['sqlite://./.tollgate/tollgate.db', { engine: 'sqlite', filename: '/srv/app/.tollgate/tollgate.db', isMemory: false }],
    ['sqlite://data/x.db', { engine: 'sqlite', filename: '/srv/app/data/x.db', isMemory: false }],
    ['sqlite:///var/lib/tollgate.db', { engine: 'sqlite', filename: '/var/lib/tollgate.db', isMemory: false }],
    ['sqlite://:memory:', { engine: 'sqlite', filename: ':memory:', isMemory: true }],
    ['postgres://user@db:5432/tollgate', { engine: 'postgres', connectionString: 'postgres://user@db:5432/tollgate', schema: null }],
    ['postgres:///tollgate?host=/var/run/postgresql', { engine: 'postgres', connectionString: 'postgres:///tollgate?host=/var/run/postgresql', schema: null }],
    ['postgresql://user:pw@db/tollgate?schema=ledger&sslmode=require', {
      engine: 'postgres', connectionString: 'postgresql://user:pw@db/tollgate?sslmode=require', schema: 'ledger',
    }],
  ])('reads %s', (url, expected) => {
    expect(parseStoreUrl(url, '/srv/app')).toEqual(expected);
  });

  it('refuses an unknown scheme, naming the forms it knows, without the password', () => {
    expect(() => parseStoreUrl('mysql://root:secret@db/x')).toThrow(/mysql:\/\/root:\*\*\*@db\/x.*sqlite:\/\/.*postgres:\/\//);
  });

  it('refuses an empty SQLite path and a schema that is not a plain identifier', () => {
    expect(() => parseStoreUrl('sqlite://')).toThrow(/names no SQLite file/);
    expect(() => parseStoreUrl('postgres://db/x?schema=a;drop')).toThrow(/not a plain lower-case identifier/);
  });

  it('redacts passwords', () => {
    expect(redact('postgres://user:hunter2@db/x')).toBe('postgres://user:***@db/x');
    expect(redact('postgres://user@db/x')).toBe('postgres://user@db/x');
  });
});
