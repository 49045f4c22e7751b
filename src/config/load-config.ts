import { readFile } from 'node:fs/promises';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { closestName, ConfigError, formatPath } from './config-error.js';
import { interpolateEnv, InterpolationError } from './interpolate.js';
import { configSchema, type TollgateConfig } from './schema.js';

export interface LoadConfigOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** Adapter types this build has; a provider of another type is a config error. */
  providerTypes: readonly string[];
  /** Name used in error messages (the file path). */
  source?: string;
}

export async function loadConfigFile(path: string, options: Omit<LoadConfigOptions, 'source'>): Promise<TollgateConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError([`cannot read the file: ${error instanceof Error ? error.message : String(error)}`], path);
  }
  return parseConfigText(text, { ...options, source: path });
}

export function parseConfigText(text: string, options: LoadConfigOptions): TollgateConfig {
  const source = options.source ?? 'config';
  let tree: unknown;
  try {
    tree = parseYaml(text) ?? {};
  } catch (error) {
    const message = error instanceof YAMLParseError ? error.message : String(error);
    throw new ConfigError([`not valid YAML: ${message}`], source);
  }
  return validateConfig(tree, options);
}

export function validateConfig(tree: unknown, options: LoadConfigOptions): TollgateConfig {
  const source = options.source ?? 'config';
  let interpolated: unknown;
  try {
    interpolated = interpolateEnv(tree, options.env);
  } catch (error) {
    if (error instanceof InterpolationError) throw new ConfigError(error.problems, source);
    throw error;
  }
  const parsed = configSchema.safeParse(interpolated);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`), source);
  }
  const problems = crossCheck(parsed.data, options.providerTypes);
  if (problems.length > 0) throw new ConfigError(problems, source);
  return parsed.data;
}

/** Checks that need the whole config: references between sections, cycles, combinations. */
function crossCheck(config: TollgateConfig, providerTypes: readonly string[]): string[] {
  const problems: string[] = [];
  const providerIds = Object.keys(config.providers);
  const routeNames = Object.keys(config.routes);

  for (const [id, provider] of Object.entries(config.providers)) {
    if (!providerTypes.includes(provider.type)) {
      const hint = closestName(provider.type, providerTypes);
      problems.push(`providers.${id}.type: unknown provider type "${provider.type}"${hint ? ` (did you mean "${hint}"?)` : ''}; known: ${providerTypes.join(', ')}`);
    }
  }

  const checkReference = (reference: string, path: string): void => {
    const slash = reference.indexOf('/');
    if (slash === -1) {
      if (!routeNames.includes(reference)) {
        const hint = closestName(reference, routeNames);
        problems.push(`${path}: "${reference}" is neither a route nor provider/model${hint ? ` (did you mean route "${hint}"?)` : ''}`);
      }
      return;
    }
    const providerId = reference.slice(0, slash);
    const model = reference.slice(slash + 1);
    if (!providerIds.includes(providerId)) {
      const hint = closestName(providerId, providerIds);
      problems.push(`${path}: unknown provider "${providerId}"${hint ? ` (did you mean "${hint}"?)` : ''}; providers: ${providerIds.join(', ') || 'none configured'}`);
    }
    if (!model) problems.push(`${path}: "${reference}" names no model after the "/"`);
  };

  for (const [name, route] of Object.entries(config.routes)) {
    if (name.includes('/')) problems.push(`routes.${name}: a route name cannot contain "/" (it would read as provider/model)`);
    route.targets.forEach((target, index) => {
      checkReference(typeof target === 'string' ? target : target.target, `routes.${name}.targets[${index}]`);
    });
    if (route.strategy === 'conditional') {
      if (!route.rules || route.rules.length === 0) problems.push(`routes.${name}.rules: a conditional route needs at least one rule`);
      if (!route.default) problems.push(`routes.${name}.default: a conditional route needs a default route for requests no rule matches`);
    } else if (route.targets.length === 0) {
      problems.push(`routes.${name}.targets: a ${route.strategy} route needs at least one target`);
    }
    route.rules?.forEach((rule, index) => checkReference(rule.use, `routes.${name}.rules[${index}].use`));
    if (route.default) checkReference(route.default, `routes.${name}.default`);
  }

  const cycle = findRouteCycle(config);
  if (cycle) problems.push(`routes: routes refer to each other in a loop: ${cycle.join(' → ')}`);

  for (const [name, route] of Object.entries(config.routes)) {
    if (route.onExceed) checkReference(route.onExceed.downgradeTo, `routes.${name}.onExceed.downgradeTo`);
  }
  for (const [name, feature] of Object.entries(config.features)) {
    if (feature.onExceed) checkReference(feature.onExceed.downgradeTo, `features.${name}.onExceed.downgradeTo`);
  }
  if (!isKnownTimeZone(config.budgetTimeZone)) problems.push(`budgetTimeZone: "${config.budgetTimeZone}" is not an IANA time zone (e.g. UTC, Europe/Berlin, America/New_York)`);

  config.budgets.forEach((budget, index) => {
    const scopes = Object.keys(budget.scope).filter((key) => budget.scope[key as keyof typeof budget.scope] !== undefined);
    if (scopes.length !== 1) problems.push(`budgets[${index}].scope: give exactly one of global, team, user, key, feature, tag`);
    if (budget.action === 'downgrade') {
      if (!budget.to) problems.push(`budgets[${index}].to: a downgrade budget names the route to serve from instead`);
      else checkReference(budget.to, `budgets[${index}].to`);
    }
    if (budget.action === 'alert' && !budget.alert) problems.push(`budgets[${index}].alert: an alert budget needs alert.webhook`);
  });
  const budgetNames = config.budgets.map((budget) => budget.name);
  const duplicate = budgetNames.find((name, index) => budgetNames.indexOf(name) !== index);
  if (duplicate) problems.push(`budgets: the name "${duplicate}" is used twice; budget names must be unique`);

  if (config.auth.mode === 'keys' && !config.server.adminKey) {
    problems.push('server.adminKey: auth.mode keys needs an admin key to issue virtual keys (set TOLLGATE_ADMIN_KEY and write adminKey: ${TOLLGATE_ADMIN_KEY})');
  }
  return problems;
}

function findRouteCycle(config: TollgateConfig): string[] | undefined {
  const references = (name: string): string[] => {
    const route = config.routes[name];
    if (!route) return [];
    const named = [
      ...route.targets.map((target) => (typeof target === 'string' ? target : target.target)),
      ...(route.rules ?? []).map((rule) => rule.use),
      ...(route.default ? [route.default] : []),
    ];
    return named.filter((reference) => !reference.includes('/') && reference in config.routes);
  };
  const state = new Map<string, 'visiting' | 'done'>();
  const walk = (name: string, trail: string[]): string[] | undefined => {
    if (state.get(name) === 'visiting') return [...trail.slice(trail.indexOf(name)), name];
    if (state.get(name) === 'done') return undefined;
    state.set(name, 'visiting');
    for (const next of references(name)) {
      const cycle = walk(next, [...trail, name]);
      if (cycle) return cycle;
    }
    state.set(name, 'done');
    return undefined;
  };
  for (const name of Object.keys(config.routes)) {
    const cycle = walk(name, []);
    if (cycle) return cycle;
  }
  return undefined;
}

function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
