/**
 * JSON Schema → the subset Gemini accepts in `parametersJsonSchema` / `responseJsonSchema`.
 * Keywords outside the subset are removed (and named, so the caller can warn); `const` becomes a
 * one-value `enum`, which Gemini does accept.
 */
import type { JsonSchema } from '../../core/chat.js';

const SUPPORTED = new Set([
  '$id', '$defs', '$ref', '$anchor', 'type', 'format', 'title', 'description', 'nullable', 'enum', 'items', 'prefixItems',
  'minItems', 'maxItems', 'minimum', 'maximum', 'minLength', 'maxLength', 'pattern', 'minProperties', 'maxProperties',
  'anyOf', 'oneOf', 'properties', 'additionalProperties', 'required', 'propertyOrdering', 'default', 'example',
]);
/** Keywords whose value is a map of name → schema. */
const SCHEMA_MAPS = new Set(['properties', '$defs']);
/** Keywords whose value is a schema or a list of schemas. */
const SCHEMA_VALUES = new Set(['items', 'prefixItems', 'anyOf', 'oneOf', 'additionalProperties']);

export interface SanitizedSchema {
  schema: JsonSchema;
  /** The unsupported keywords that were removed, each once. */
  removed: string[];
}

export function sanitizeGeminiSchema(schema: JsonSchema): SanitizedSchema {
  const removed = new Set<string>();
  return { schema: sanitizeNode(schema, removed), removed: [...removed] };
}

function sanitizeNode(node: JsonSchema, removed: Set<string>): JsonSchema {
  const out: JsonSchema = {};
  for (const [keyword, value] of Object.entries(node)) {
    if (keyword === 'const') {
      if (!('enum' in node)) out.enum = [value];
      continue;
    }
    if (!SUPPORTED.has(keyword)) {
      removed.add(keyword);
      continue;
    }
    if (SCHEMA_MAPS.has(keyword) && isObject(value)) {
      out[keyword] = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, isObject(child) ? sanitizeNode(child, removed) : child]));
    } else if (SCHEMA_VALUES.has(keyword)) {
      out[keyword] = sanitizeValue(value, removed);
    } else {
      out[keyword] = value;
    }
  }
  return out;
}

function sanitizeValue(value: unknown, removed: Set<string>): unknown {
  if (Array.isArray(value)) return value.map((item) => (isObject(item) ? sanitizeNode(item, removed) : item));
  return isObject(value) ? sanitizeNode(value, removed) : value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
