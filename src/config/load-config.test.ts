import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { parseConfigText } from './load-config.js';

const TYPES = ['openai', 'anthropic'];

function problemsOf(yaml: string, env: Record<string, string> = {}): string[] {
  try {
    parseConfigText(yaml, { env, providerTypes: TYPES, source: 'tollgate.yaml' });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('parseConfigText', () => {
  it('fills defaults for an empty file', () => {
    const config = parseConfigText('', { env: {}, providerTypes: TYPES });
    expect(config.server).toMatchObject({ port: 4100, host: '127.0.0.1', bodyLimitMb: 20 });
    expect(config.auth.mode).toBe('open');
    expect(config.ledger.durability).toBe('batched');
    expect(config.storage.url).toBe('sqlite://./.tollgate/tollgate.db');
  });

  it('interpolates environment variables and reads money exactly', () => {
    const config = parseConfigText(
      ['providers:', '  openai: { type: openai, apiKey: "${OPENAI_API_KEY}", baseUrl: "${BASE:-http://127.0.0.1:9/v1}" }', 'features:', '  summarize: { maxCostPerRequest: "0.02" }'].join('\n'),
      { env: { OPENAI_API_KEY: 'sk-1' }, providerTypes: TYPES },
    );
    expect(config.providers.openai?.apiKey).toBe('sk-1');
    expect(config.providers.openai?.baseUrl).toBe('http://127.0.0.1:9/v1');
    expect(config.features.summarize?.maxCostPerRequest).toBe(20_000_000_000n);
  });

  it('names the path and suggests the fix for an unknown provider in a route', () => {
    const problems = problemsOf(['providers:', '  claude: { type: anthropic }', 'routes:', '  smart:', '    targets: [claude/claude-sonnet-4-5, claud/claude-opus-4-5]'].join('\n'));
    expect(problems).toEqual(['routes.smart.targets[1]: unknown provider "claud" (did you mean "claude"?); providers: claude']);
  });

  it('names an unset variable and where it is used', () => {
    expect(problemsOf('providers:\n  openai: { type: openai, apiKey: "${OPENAI_API_KEY}" }')).toEqual([
      'providers.openai.apiKey: environment variable OPENAI_API_KEY is not set; set it, or write ${OPENAI_API_KEY:-default} to give a default',
    ]);
  });

  it('reports schema problems with their paths', () => {
    const problems = problemsOf(['server: { port: "x" }', 'providers:', '  p: { type: openaii }', 'routes:', '  r: { strategy: random, targets: [p/m] }'].join('\n'));
    expect(problems.some((problem) => problem.startsWith('server.port:'))).toBe(true);
    expect(problems.some((problem) => problem.startsWith('routes.r.strategy:'))).toBe(true);
  });

  it('rejects an unknown provider type with a suggestion', () => {
    expect(problemsOf('providers:\n  p: { type: openaii }')).toEqual(['providers.p.type: unknown provider type "openaii" (did you mean "openai"?); known: openai, anthropic']);
  });

  it('finds routes that refer to each other in a loop', () => {
    const problems = problemsOf(['routes:', '  a: { targets: [b] }', '  b: { targets: [a] }'].join('\n'));
    expect(problems).toEqual(['routes: routes refer to each other in a loop: a → b → a']);
  });

  it('rejects invalid YAML with the parser message', () => {
    expect(problemsOf('server: [unclosed')[0]).toMatch(/^not valid YAML/);
  });

  it('requires an admin key for virtual-key auth', () => {
    expect(problemsOf('auth: { mode: keys }')[0]).toMatch(/^server.adminKey:/);
  });
});
