/** The README's error table and the error catalogue must not drift apart. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE } from '../src/core/errors.js';
import { REPO_ROOT } from './helpers/spawn-gateway.js';

describe('README error table', () => {
  const readme = readFileSync(resolve(REPO_ROOT, 'README.md'), 'utf8');
  const rows = new Map([...readme.matchAll(/^\| `([a-z_]+)` \| (\d{3}) \|/gm)].map((match) => [match[1], Number(match[2])]));

  it.each(Object.entries(ERROR_CATALOGUE))('documents %s with its status', (code, entry) => {
    expect(rows.get(code)).toBe(entry.status);
  });

  it('documents no code the catalogue lacks', () => {
    for (const code of rows.keys()) expect(Object.keys(ERROR_CATALOGUE)).toContain(code);
  });
});
