/** The README's provider and parameter tables are generated from the adapters; this keeps them true. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parametersMarkdown, providersMarkdown } from '../src/cli/provider-tables.js';
import { REPO_ROOT } from './helpers/spawn-gateway.js';

describe('README provider tables', () => {
  const readme = readFileSync(resolve(REPO_ROOT, 'README.md'), 'utf8');
  it('has the provider table as `tollgate providers --markdown` prints it', () => {
    expect(readme).toContain(providersMarkdown());
  });
  it('has the parameter table as `tollgate providers --markdown` prints it', () => {
    expect(readme).toContain(parametersMarkdown());
  });
});
