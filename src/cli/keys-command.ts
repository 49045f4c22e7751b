/**
 * `tollgate keys create|list|show|revoke|rotate`: manage virtual keys in the configured store (storage.url of
 * --config, else ./tollgate.yaml, else the default SQLite file), tables for people and --json for scripts.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { parseBudgetPeriod } from '../budgets/budget-period.js';
import { loadConfigFile } from '../config/load-config.js';
import { parseUsd } from '../core/money.js';
import { keyToJson } from '../keys/key-json.js';
import type { VirtualKeyJson } from '../keys/key-json.js';
import { StoreKeyService } from '../keys/key-service.js';
import type { CreateKeyInput, IssuedKey } from '../keys/virtual-key.js';
import { providerTypes } from '../providers/registry.js';
import { openStore } from '../store/index.js';
import { formatTable } from './format-table.js';
import { resolveConfigPath } from './resolve-config-path.js';

export interface CommandOutput {
  write(text: string): void;
}

interface StoreOptions {
  config?: string;
  storageUrl?: string;
  json?: boolean;
}

const DEFAULT_STORAGE_URL = 'sqlite://./.tollgate/tollgate.db';
const SECRET_WARNING = 'Store it now: Tollgate keeps only its SHA-256 and cannot show it again.';

export function keysCommand(output: CommandOutput = process.stdout): Command {
  const keys = new Command('keys').description('issue, list, revoke and rotate virtual keys (auth.mode: keys)');

  withStoreOptions(keys.command('create').description('issue a key; its secret is printed once'))
    .option('--name <name>', 'a label for people')
    .option('--user <user>', 'the user the key acts as (fixed: requests cannot override it)')
    .option('--team <team>', 'the team the key belongs to (fixed)')
    .option('--feature <feature>', 'default feature for requests that name none')
    .option('--tags <tags>', 'default tags, comma-separated', commaList)
    .option('--region <region>', 'default region')
    .option('--routes <routes>', 'routes the key may use, comma-separated (default: any)', commaList)
    .option('--models <models>', 'models the key may ask for directly, comma-separated, provider/* allowed (default: any)', commaList)
    .option('--budget <usd>', "the key's own budget in USD", usd)
    .addOption(new Option('--budget-period <period>', 'day, week, month, lifetime, or rolling like 24h / 7d').default('month').argParser(period))
    .option('--max-cost <usd>', 'per-request cost cap in USD', usd)
    .option('--rpm <n>', 'requests per minute', positiveInteger)
    .option('--tpm <n>', 'tokens per minute', positiveInteger)
    .option('--expires <time>', 'expiry, ISO 8601 (e.g. 2027-01-01T00:00:00Z)', futureDate)
    .action(async (options: CreateOptions) => {
      await withService(options, async (service) => {
        const issued = await service.create(createInput(options));
        printIssued(output, issued, options.json === true, 'Created');
      });
    });

  withStoreOptions(keys.command('list').description('list keys (no secrets)'))
    .option('--all', 'include revoked keys')
    .action(async (options: StoreOptions & { all?: boolean }) => {
      await withService(options, async (service) => {
        const rows = (await service.list({ includeRevoked: options.all === true })).map((key) => keyToJson(key, Date.now()));
        if (options.json) output.write(`${JSON.stringify(rows, null, 2)}\n`);
        else output.write(`${rows.length === 0 ? 'No keys. Issue one with `tollgate keys create --user …`.' : keysTable(rows)}\n`);
      });
    });

  withStoreOptions(keys.command('show').argument('<id>', 'key id (key_…)').description('show one key (no secret)')).action(async (id: string, options: StoreOptions) => {
    await withService(options, async (service) => {
      const key = await service.get(id);
      if (!key) throw new Error(`no key ${id}; \`tollgate keys list --all\` lists them`);
      printKey(output, keyToJson(key, Date.now()), options.json === true);
    });
  });

  withStoreOptions(keys.command('revoke').argument('<id>', 'key id (key_…)').description('revoke a key: it stops working at once')).action(async (id: string, options: StoreOptions) => {
    await withService(options, async (service) => {
      const key = await service.revoke(id);
      if (!key) throw new Error(`no key ${id}; \`tollgate keys list --all\` lists them`);
      if (options.json) output.write(`${JSON.stringify(keyToJson(key, Date.now()), null, 2)}\n`);
      else output.write(`Revoked ${key.id} (${key.prefix}…). Running gateways stop accepting it within a second or two.\n`);
    });
  });

  withStoreOptions(keys.command('rotate').argument('<id>', 'key id (key_…)').description('give a key a new secret; the old one stops after the grace period'))
    .option('--grace <duration>', 'how long the old secret keeps working: 0, 90s, 15m, 1h, 2d', duration, 0)
    .action(async (id: string, options: StoreOptions & { grace: number }) => {
      await withService(options, async (service) => {
        const issued = await service.rotate(id, { graceMs: options.grace });
        if (!issued) throw new Error(`no live key ${id} to rotate (missing or revoked)`);
        printIssued(output, issued, options.json === true, 'Rotated');
      });
    });

  return keys;
}

/** The flags of `keys create`: the key's own fields, with money and time under their flag names. */
interface CreateOptions extends StoreOptions, Omit<CreateKeyInput, 'budgetPico' | 'budgetPeriod' | 'maxCostPerRequestPico' | 'expiresAt'> {
  budget?: bigint;
  budgetPeriod: string;
  maxCost?: bigint;
  expires?: Date;
}

function withStoreOptions(command: Command): Command {
  return command
    .option('-c, --config <file>', 'config file whose storage.url holds the keys (default ./tollgate.yaml)')
    .option('--storage-url <url>', 'the store directly, e.g. sqlite://./.tollgate/tollgate.db or postgres://…')
    .option('--json', 'print JSON for scripts');
}

async function withService(options: StoreOptions, work: (service: StoreKeyService) => Promise<void>): Promise<void> {
  const store = await openStore(await storageUrl(options));
  try {
    await work(new StoreKeyService(store));
  } finally {
    await store.close();
  }
}

async function storageUrl(options: StoreOptions): Promise<string> {
  if (options.storageUrl) return options.storageUrl;
  const configPath = resolveConfigPath(options.config);
  if (!configPath) return DEFAULT_STORAGE_URL;
  const config = await loadConfigFile(configPath, { env: process.env, providerTypes: providerTypes() });
  return config.storage.url;
}

function createInput(options: CreateOptions): CreateKeyInput {
  const { name, user, team, feature, tags, region, routes, models, rpm, tpm } = options;
  const input: CreateKeyInput = { ...definedOnly({ name, user, team, feature, tags, region, routes, models, rpm, tpm }) };
  if (options.budget !== undefined) {
    input.budgetPico = options.budget;
    input.budgetPeriod = options.budgetPeriod;
  }
  if (options.maxCost !== undefined) input.maxCostPerRequestPico = options.maxCost;
  if (options.expires !== undefined) input.expiresAt = options.expires;
  return input;
}

/** Drops the options that were not given, so the key records null rather than undefined. */
function definedOnly<Fields extends object>(fields: Fields): Partial<Fields> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<Fields>;
}

function printIssued(output: CommandOutput, issued: IssuedKey, asJson: boolean, verb: string): void {
  const json = keyToJson(issued.key, Date.now());
  if (asJson) {
    output.write(`${JSON.stringify({ key: issued.secret, ...json }, null, 2)}\n`);
    return;
  }
  const lines = [`${verb} ${json.id}${json.name ? ` (${json.name})` : ''}:`, '', `  ${issued.secret}`, '', SECRET_WARNING];
  if (json.previousPrefix) lines.push(`The old secret ${json.previousPrefix}… keeps working until ${json.previousExpiresAt}.`);
  output.write(`${lines.join('\n')}\n`);
}

function printKey(output: CommandOutput, json: VirtualKeyJson, asJson: boolean): void {
  if (asJson) {
    output.write(`${JSON.stringify(json, null, 2)}\n`);
    return;
  }
  const rows = Object.entries(json).map(([field, value]) => [field, value === null ? '-' : Array.isArray(value) ? value.join(', ') || '-' : String(value)]);
  output.write(`${formatTable(['field', 'value'], rows)}\n`);
}

function keysTable(rows: readonly VirtualKeyJson[]): string {
  return formatTable(
    ['id', 'name', 'prefix', 'status', 'user', 'team', 'budget', 'limits', 'created'],
    rows.map((row) => [
      row.id,
      row.name ?? '-',
      `${row.prefix}…`,
      row.status,
      row.user ?? '-',
      row.team ?? '-',
      row.budgetUsd === null ? '-' : `$${row.budgetUsd}/${row.budgetPeriod}`,
      [row.rpm === null ? '' : `${row.rpm} rpm`, row.tpm === null ? '' : `${row.tpm} tpm`, row.maxCostPerRequest === null ? '' : `$${row.maxCostPerRequest}/req`].filter(Boolean).join(', ') || '-',
      row.createdAt.slice(0, 19).replace('T', ' '),
    ]),
  );
}

function commaList(value: string): string[] {
  return value.split(',').map((item) => item.trim()).filter((item) => item !== '');
}

function usd(value: string): bigint {
  try {
    const amount = parseUsd(value);
    if (amount <= 0n) throw new RangeError('must be more than zero');
    return amount;
  } catch (error) {
    throw new InvalidArgumentError(`not a positive USD amount (${error instanceof Error ? error.message : String(error)}); write it like 25.00`);
  }
}

function period(value: string): string {
  try {
    return parseBudgetPeriod(value).text;
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
}

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number <= 0) throw new InvalidArgumentError('a whole number above zero');
  return number;
}

function futureDate(value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new InvalidArgumentError('an ISO 8601 time such as 2027-01-01T00:00:00Z');
  if (date.getTime() <= Date.now()) throw new InvalidArgumentError('is in the past');
  return date;
}

const DURATION_UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function duration(value: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(value.trim());
  if (!match) throw new InvalidArgumentError('a duration like 0, 90s, 15m, 1h or 2d');
  return Number(match[1]) * (DURATION_UNITS[match[2] || 's'] ?? 1000);
}
