/**
 * The README's reference sections must not fall behind the code: the config example against the
 * config schema, the endpoint table against the routes the app registers, and the command list
 * against the commands `tollgate` registers (and `npm run bench`'s flags).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import type { HTTPMethods } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { validateConfig } from '../src/config/load-config.js';
import { configSchema } from '../src/config/schema.js';
import { providerTypes } from '../src/providers/registry.js';
import { buildApp } from '../src/server/app.js';
import { buildPriceBook } from '../src/server/build-price-book.js';
import { REPO_ROOT } from './helpers/spawn-gateway.js';

const readme = readFileSync(resolve(REPO_ROOT, 'README.md'), 'utf8');

/** The text of the `## heading` section, up to the next `## `. */
function section(heading: string): string {
  const start = readme.indexOf(`\n## ${heading}\n`);
  if (start === -1) throw new Error(`README has no "## ${heading}" section`);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

/** The first fenced block of a section whose fence line starts with "```" + `language`. */
function fencedBlock(text: string, language: string): string {
  const match = new RegExp('^```' + language + '\\n([\\s\\S]*?)^```$', 'm').exec(text);
  if (!match?.[1]) throw new Error(`no \`\`\`${language} block`);
  return match[1];
}

/** Every key of every object in a zod schema, by dotted path (`*` for a record's or an array's entries). */
function schemaKeys(schema: unknown, path: string, found: Map<string, string>): void {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault || schema instanceof z.ZodPrefault) {
    schemaKeys(schema.unwrap(), path, found);
  } else if (schema instanceof z.ZodObject) {
    for (const [key, value] of Object.entries(schema.shape)) {
      const keyPath = path ? `${path}.${key}` : key;
      found.set(keyPath, key);
      schemaKeys(value, keyPath, found);
    }
  } else if (schema instanceof z.ZodRecord) {
    schemaKeys(schema.valueType, `${path}.*`, found);
  } else if (schema instanceof z.ZodArray) {
    schemaKeys(schema.element, `${path}[*]`, found);
  } else if (schema instanceof z.ZodUnion) {
    for (const option of schema.options) schemaKeys(option, path, found);
  } else if (schema instanceof z.ZodPipe) {
    schemaKeys(schema.in, path, found);
  }
}

describe('README configuration reference', () => {
  const block = fencedBlock(section('Configuration reference (what exists today)'), 'yaml');
  const tree = parseYaml(block) as Record<string, unknown>;

  it.each(Object.keys(configSchema.shape))('has top-level key %s in the example', (key) => {
    expect(Object.keys(tree)).toContain(key);
  });

  it('names every nested key of the schema (as a key, or in a comment for keys that exclude each other)', () => {
    const keys = new Map<string, string>();
    schemaKeys(configSchema, '', keys);
    const words = new Set(block.match(/[A-Za-z_][A-Za-z0-9_]*/g));
    const missing = [...keys].filter(([, key]) => !words.has(key)).map(([path]) => path);
    expect(missing).toEqual([]);
  });

  it('is a valid config: keys that exist, values the schema and the price book accept', () => {
    const env = Object.fromEntries([...block.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((match) => [match[1], 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw']));
    const config = validateConfig(tree, { env, providerTypes: providerTypes(), source: 'README.md' });
    expect(() => buildPriceBook(config, 'README.md')).not.toThrow();
  });
});

describe('README endpoint table', () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  /** `METHOD /path` for every route the app registers (HEAD twins of GET routes left out). */
  let registered: string[];
  const rows = [...section('Endpoints').matchAll(/^\| `([A-Z]+) (\/\S*)` \|/gm)].map((match) => ({ method: match[1] ?? '', url: match[2] ?? '' }));

  beforeAll(async () => {
    app = await buildApp(configSchema.parse({}), () => {
      throw new Error('no request is served here');
    }, { logLevel: 'silent' });
    await app.ready();
    registered = routesOf(app.printRoutes({ commonPrefix: false }));
  });
  afterAll(async () => {
    await app.close();
  });

  it('finds the routes the app registers', () => {
    expect(registered).toContain('POST /v1/chat/completions');
    for (const route of registered) {
      const [method = '', url = ''] = route.split(' ');
      expect(app.hasRoute({ method: method as HTTPMethods, url }), route).toBe(true);
    }
  });

  it('lists every registered route', () => {
    const listed = rows.map((row) => `${row.method} ${row.url}`);
    expect(registered.filter((route) => !listed.includes(route))).toEqual([]);
  });

  it('lists no route the app lacks', () => {
    for (const row of rows) {
      expect(app.hasRoute({ method: row.method as HTTPMethods, url: row.url }), `${row.method} ${row.url}`).toBe(true);
      expect(registered, 'a route the tree reader missed').toContain(`${row.method} ${row.url}`);
    }
  });
});

/**
 * Reads fastify's route tree (`printRoutes({ commonPrefix: false })`): each line is `├── /segment (GET, HEAD)`,
 * indented four characters per level below the route it extends.
 */
function routesOf(tree: string): string[] {
  const routes: string[] = [];
  const trail: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:[│ ] {3})*)[├└]── (\S+)(?: \(([^)]*)\))?$/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    trail.length = depth;
    trail.push(match[2] ?? '');
    const url = trail.join('');
    for (const method of (match[3] ?? '').split(',').map((name) => name.trim())) {
      if (method && method !== 'HEAD') routes.push(`${method} ${url}`);
    }
  }
  return routes;
}

describe('README command list', () => {
  const lines = fencedBlock(section('Commands'), '').split('\n');
  /** The lines of one entry: its first line (`tollgate keys …`, `npm run bench …`) and the indented lines after it. */
  const entry = (prefix: string): string => {
    const picked: string[] = [];
    let inside = false;
    for (const line of lines) {
      if (!line.startsWith(' ')) inside = line.startsWith(`${prefix} `) || line === prefix;
      if (inside) picked.push(line);
    }
    return picked.join('\n');
  };
  const longFlags = (text: string): Set<string> => new Set(text.match(/--[a-z][a-z-]*/g));

  /** The commands src/cli.ts adds to `tollgate`, each built by its own factory, as the program builds it. */
  async function registeredCommands(): Promise<Command[]> {
    const source = readFileSync(resolve(REPO_ROOT, 'src', 'cli.ts'), 'utf8');
    const modules = new Map([...source.matchAll(/^import \{ (\w+) \} from '\.\/(cli\/[\w-]+)\.js';$/gm)].map((match) => [match[1], match[2]]));
    const factories = [...source.matchAll(/\.addCommand\((\w+)\(\)/g)].map((match) => match[1] ?? '');
    expect(factories.length).toBeGreaterThan(0);
    return Promise.all(
      factories.map(async (factory) => {
        const module = modules.get(factory);
        if (!module) throw new Error(`src/cli.ts adds ${factory}() but imports it from no ./cli/ module`);
        const loaded = (await import(/* @vite-ignore */ pathToFileURL(resolve(REPO_ROOT, 'src', `${module}.ts`)).href)) as Record<string, () => Command>;
        const build = loaded[factory];
        if (!build) throw new Error(`src/${module}.ts exports no ${factory}`);
        return build();
      }),
    );
  }

  const allOptions = (command: Command): string[] => [
    ...command.options.flatMap((option) => (option.long ? [option.long] : [])),
    ...command.commands.flatMap((sub) => allOptions(sub)),
  ];

  it('lists every tollgate command with its subcommands and flags, and nothing it lacks', async () => {
    const commands = await registeredCommands();
    const names = commands.map((command) => command.name());
    for (const command of commands) {
      const text = entry(`tollgate ${command.name()}`);
      expect(text, `tollgate ${command.name()}`).not.toBe('');
      for (const sub of command.commands) expect(text, `tollgate ${command.name()} ${sub.name()}`).toMatch(new RegExp(`\\b${sub.name()}\\b`));
      const flags = new Set(allOptions(command));
      expect([...flags].filter((flag) => !longFlags(text).has(flag)), `flags of tollgate ${command.name()}`).toEqual([]);
      expect([...longFlags(text)].filter((flag) => !flags.has(flag)), `flags tollgate ${command.name()} lacks`).toEqual([]);
    }
    for (const line of lines) {
      const named = /^tollgate ([\w-]+)/.exec(line)?.[1];
      if (named !== undefined) expect(names, line).toContain(named);
    }
  });

  it('lists npm run bench with exactly the flags src/bench/cli.ts defines', () => {
    const source = readFileSync(resolve(REPO_ROOT, 'src', 'bench', 'cli.ts'), 'utf8');
    const defined = new Set([...source.matchAll(/['"](?:-[A-Za-z], )?(--[a-z][a-z-]*)[ '"]/g)].map((match) => match[1] ?? ''));
    expect(defined.size).toBeGreaterThan(0);
    const text = entry('npm run bench');
    expect(text).not.toBe('');
    expect([...defined].filter((flag) => !longFlags(text).has(flag))).toEqual([]);
    expect([...longFlags(text)].filter((flag) => !defined.has(flag))).toEqual([]);
  });
});
