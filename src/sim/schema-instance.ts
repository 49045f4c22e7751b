/**
 * JSON Schema → an instance that validates against it: tool-call arguments and structured
 * outputs. Covers what function schemas use in practice (objects, required/optional properties,
 * additionalProperties, arrays with min/maxItems and prefixItems, enums and const, numbers and
 * integers with bounds and multipleOf, strings with lengths and common formats, anyOf / oneOf /
 * allOf, $ref into $defs / definitions, recursion). Not covered: `pattern`, `contains`,
 * `patternProperties`, `not`, and `if/then/else` are ignored; a `oneOf` branch is picked
 * without proving the other branches reject it.
 */
import { generateWords } from './text-generator.js';
import type { SeededRandom } from './seeded-random.js';

type Schema = Record<string, unknown>;

/** Past this depth, generation turns minimal: required properties only, fewest items, null where allowed. */
const MINIMAL_FROM_DEPTH = 6;
const GIVE_UP_DEPTH = 40;

export function generateSchemaInstance(schema: unknown, random: SeededRandom): unknown {
  return new InstanceGenerator(schema, random).generate(schema, 0);
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function mergeSchemas(base: Schema, extra: Schema): Schema {
  const merged: Schema = { ...base, ...extra };
  if (isSchema(base.properties) || isSchema(extra.properties)) {
    merged.properties = { ...(isSchema(base.properties) ? base.properties : {}), ...(isSchema(extra.properties) ? extra.properties : {}) };
  }
  const required = [
    ...(Array.isArray(base.required) ? base.required : []),
    ...(Array.isArray(extra.required) ? extra.required : []),
  ];
  if (required.length > 0) merged.required = [...new Set(required)];
  const baseTypes = typeList(base.type);
  const extraTypes = typeList(extra.type);
  if (baseTypes.length > 0 && extraTypes.length > 0) {
    const common = baseTypes.filter((type) => extraTypes.includes(type) || (type === 'integer' && extraTypes.includes('number')));
    merged.type = common.length > 0 ? common : extraTypes;
  }
  return merged;
}

function typeList(type: unknown): string[] {
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((item): item is string => typeof item === 'string');
  return [];
}

function without(schema: Schema, ...keys: string[]): Schema {
  const copy: Schema = { ...schema };
  for (const key of keys) delete copy[key];
  return copy;
}

class InstanceGenerator {
  constructor(
    private readonly root: unknown,
    private readonly random: SeededRandom,
  ) {}

  generate(schema: unknown, depth: number): unknown {
    if (depth > GIVE_UP_DEPTH) return null;
    if (schema === false) return null;
    if (!isSchema(schema)) return this.string({}, depth);
    if (typeof schema.$ref === 'string') {
      const target = this.resolve(schema.$ref);
      return this.generate(mergeSchemas(target, without(schema, '$ref')), depth + 1);
    }
    if ('const' in schema) return schema.const;
    if (Array.isArray(schema.enum) && schema.enum.length > 0) {
      return this.isMinimal(depth) ? schema.enum[0] : this.random.pick(schema.enum);
    }
    if (Array.isArray(schema.allOf) && schema.allOf.length > 0) {
      const parts = schema.allOf.map((part) => (isSchema(part) && typeof part.$ref === 'string' ? this.resolve(part.$ref) : part));
      const merged = parts.reduce<Schema>((accumulated, part) => (isSchema(part) ? mergeSchemas(accumulated, part) : accumulated), without(schema, 'allOf'));
      return this.generate(merged, depth);
    }
    for (const keyword of ['anyOf', 'oneOf'] as const) {
      const branches = schema[keyword];
      if (Array.isArray(branches) && branches.length > 0) {
        const branch = this.chooseBranch(branches, depth);
        const resolved = isSchema(branch) && typeof branch.$ref === 'string' ? mergeSchemas(this.resolve(branch.$ref), without(branch, '$ref')) : branch;
        return this.generate(isSchema(resolved) ? mergeSchemas(without(schema, keyword), resolved) : resolved, depth + (resolved === branch ? 0 : 1));
      }
    }
    return this.byType(schema, this.chooseType(schema, depth), depth);
  }

  private isMinimal(depth: number): boolean {
    return depth >= MINIMAL_FROM_DEPTH;
  }

  private resolve(reference: string): Schema {
    if (reference === '#') return isSchema(this.root) ? this.root : {};
    if (!reference.startsWith('#/')) return {};
    let current: unknown = this.root;
    for (const rawSegment of reference.slice(2).split('/')) {
      const segment = decodeURIComponent(rawSegment).replaceAll('~1', '/').replaceAll('~0', '~');
      current = isSchema(current) ? current[segment] : Array.isArray(current) ? current[Number(segment)] : undefined;
    }
    return isSchema(current) ? current : {};
  }

  /** Deep in a recursive schema, prefer the branch that ends the recursion. */
  private chooseBranch(branches: unknown[], depth: number): unknown {
    if (!this.isMinimal(depth)) return this.random.pick(branches);
    const terminal = branches.find((branch) => isSchema(branch) && typeList(branch.type).includes('null'));
    if (terminal !== undefined) return terminal;
    const withoutReference = branches.find((branch) => isSchema(branch) && branch.$ref === undefined && branch.properties === undefined);
    return withoutReference ?? branches[0];
  }

  private chooseType(schema: Schema, depth: number): string {
    const types = typeList(schema.type);
    if (types.length === 1 && types[0] !== undefined) return types[0];
    if (types.length > 1) {
      if (this.isMinimal(depth) && types.includes('null')) return 'null';
      const concrete = types.filter((type) => type !== 'null');
      return concrete.length > 0 ? this.random.pick(concrete) : 'null';
    }
    if (schema.nullable === true && this.isMinimal(depth)) return 'null';
    if (schema.properties !== undefined || schema.required !== undefined || schema.additionalProperties !== undefined) return 'object';
    if (schema.items !== undefined || schema.prefixItems !== undefined || schema.minItems !== undefined) return 'array';
    if (schema.minimum !== undefined || schema.maximum !== undefined || schema.multipleOf !== undefined) return 'number';
    return 'string';
  }

  private byType(schema: Schema, type: string, depth: number): unknown {
    switch (type) {
      case 'object':
        return this.object(schema, depth);
      case 'array':
        return this.array(schema, depth);
      case 'integer':
        return this.number(schema, true);
      case 'number':
        return this.number(schema, false);
      case 'boolean':
        return this.random.chance(0.5);
      case 'null':
        return null;
      default:
        return this.string(schema, depth);
    }
  }

  private object(schema: Schema, depth: number): Record<string, unknown> {
    const properties = isSchema(schema.properties) ? schema.properties : {};
    const required = new Set(Array.isArray(schema.required) ? schema.required.filter((name): name is string => typeof name === 'string') : []);
    const minProperties = numberOrUndefined(schema.minProperties) ?? 0;
    const maxProperties = numberOrUndefined(schema.maxProperties) ?? Number.POSITIVE_INFINITY;
    const additional = schema.additionalProperties;
    const result: Record<string, unknown> = {};
    const optional: string[] = [];
    for (const [name, propertySchema] of Object.entries(properties)) {
      if (required.has(name)) result[name] = this.generate(propertySchema, depth + 1);
      else optional.push(name);
    }
    for (const name of required) {
      if (!(name in result)) result[name] = this.generate(isSchema(additional) ? additional : true, depth + 1);
    }
    for (const name of optional) {
      const count = Object.keys(result).length;
      if (count >= maxProperties) break;
      const isWanted = count < minProperties || (!this.isMinimal(depth) && this.random.chance(0.6));
      if (isWanted) result[name] = this.generate(properties[name], depth + 1);
    }
    let extra = 1;
    while (Object.keys(result).length < minProperties && additional !== false) {
      result[`field_${extra++}`] = this.generate(isSchema(additional) ? additional : true, depth + 1);
    }
    return result;
  }

  private array(schema: Schema, depth: number): unknown[] {
    const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems : Array.isArray(schema.items) ? schema.items : [];
    const rest = Array.isArray(schema.items) ? schema.additionalItems : schema.items;
    const minItems = numberOrUndefined(schema.minItems) ?? 0;
    let maxItems = numberOrUndefined(schema.maxItems) ?? minItems + 3;
    if (rest === false) maxItems = Math.min(maxItems, prefix.length);
    const low = this.isMinimal(depth) ? minItems : Math.max(minItems, Math.min(1, maxItems));
    const count = Math.max(low, Math.min(maxItems, this.isMinimal(depth) ? minItems : this.random.integer(low, Math.min(maxItems, minItems + 3))));
    const items: unknown[] = [];
    const seen = new Set<string>();
    for (let index = 0; index < count; index++) {
      const itemSchema = index < prefix.length ? prefix[index] : rest === undefined ? true : rest;
      let item = this.generate(itemSchema, depth + 1);
      if (schema.uniqueItems === true) {
        for (let attempt = 0; attempt < 20 && seen.has(JSON.stringify(item)); attempt++) item = this.generate(itemSchema, depth + 1);
        seen.add(JSON.stringify(item));
      }
      items.push(item);
    }
    return items;
  }

  private number(schema: Schema, isInteger: boolean): number {
    let low = numberOrUndefined(schema.minimum);
    let high = numberOrUndefined(schema.maximum);
    let isLowExclusive = false;
    let isHighExclusive = false;
    if (typeof schema.exclusiveMinimum === 'number') [low, isLowExclusive] = [schema.exclusiveMinimum, true];
    else if (schema.exclusiveMinimum === true) isLowExclusive = true;
    if (typeof schema.exclusiveMaximum === 'number') [high, isHighExclusive] = [schema.exclusiveMaximum, true];
    else if (schema.exclusiveMaximum === true) isHighExclusive = true;
    if (low === undefined) low = high === undefined ? 0 : high - 100;
    if (high === undefined) high = low + 100;
    const step = numberOrUndefined(schema.multipleOf);
    if (isInteger || step !== undefined) {
      const unit = step ?? 1;
      let first = Math.ceil(low / unit);
      let last = Math.floor(high / unit);
      if (isLowExclusive && first * unit <= low) first++;
      if (isHighExclusive && last * unit >= high) last--;
      if (isInteger && !Number.isInteger(unit)) return Math.ceil(low);
      if (last < first) return first * unit;
      // Zero is a multiple of everything, and avoids floating-point products that fail the check.
      if (!Number.isInteger(unit) && first <= 0 && last >= 0) return 0;
      return this.random.integer(first, last) * unit;
    }
    const span = high - low;
    let value = Math.round((low + this.random.next() * span) * 100) / 100;
    if (value < low || (isLowExclusive && value <= low)) value = low + span / 2;
    if (value > high || (isHighExclusive && value >= high)) value = low + span / 2;
    return value;
  }

  private string(schema: Schema, depth: number): string {
    const format = typeof schema.format === 'string' ? schema.format : undefined;
    const formatted = format === undefined ? undefined : this.formatted(format);
    if (formatted !== undefined) return formatted;
    const minLength = numberOrUndefined(schema.minLength) ?? 0;
    const maxLength = numberOrUndefined(schema.maxLength) ?? Number.POSITIVE_INFINITY;
    let text = generateWords(this.random, this.isMinimal(depth) ? 1 : this.random.integer(1, 4));
    while ([...text].length < minLength) text += ` ${generateWords(this.random, 1)}`;
    if ([...text].length > maxLength) text = [...text].slice(0, maxLength).join('');
    if (text.endsWith(' ')) text = `${text.slice(0, -1)}a`;
    return text;
  }

  private formatted(format: string): string | undefined {
    const random = this.random;
    const pad = (value: number, width = 2): string => String(value).padStart(width, '0');
    const date = (): string => `${random.integer(2020, 2027)}-${pad(random.integer(1, 12))}-${pad(random.integer(1, 28))}`;
    const time = (): string => `${pad(random.integer(0, 23))}:${pad(random.integer(0, 59))}:${pad(random.integer(0, 59))}`;
    const word = (): string => generateWords(random, 1);
    const hex = (length: number): string => Array.from({ length }, () => random.integer(0, 15).toString(16)).join('');
    switch (format) {
      case 'date-time':
        return `${date()}T${time()}Z`;
      case 'date':
        return date();
      case 'time':
        return `${time()}Z`;
      case 'email':
        return `${word()}.${word()}@example.com`;
      case 'uri':
      case 'url':
      case 'iri':
        return `https://example.com/${word()}`;
      case 'uuid':
        return `${hex(8)}-${hex(4)}-4${hex(3)}-${random.pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
      case 'hostname':
        return `${word()}.example.com`;
      case 'ipv4':
        return [0, 0, 0, 0].map(() => random.integer(1, 254)).join('.');
      case 'ipv6':
        return `2001:db8::${hex(4)}`;
      case 'duration':
        return `P${random.integer(1, 30)}D`;
      default:
        return undefined;
    }
  }
}
