/**
 * Gemini's `Schema` (an OpenAPI 3.0 subset: upper-case types, `nullable`, int64 limits sent as
 * strings) as the JSON Schema the instance generator reads.
 */

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const NUMERIC_KEYS = new Set(['minItems', 'maxItems', 'minLength', 'maxLength', 'minProperties', 'maxProperties', 'minimum', 'maximum']);

export function geminiSchemaToJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(geminiSchemaToJsonSchema);
  if (!isRecord(schema)) return schema;
  const converted: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'propertyOrdering') continue;
    if (key === 'type' && typeof value === 'string') {
      if (value !== 'TYPE_UNSPECIFIED') converted.type = value.toLowerCase();
    } else if (key === 'properties' && isRecord(value)) {
      converted.properties = Object.fromEntries(Object.entries(value).map(([name, inner]) => [name, geminiSchemaToJsonSchema(inner)]));
    } else if (NUMERIC_KEYS.has(key) && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
      converted[key] = Number(value);
    } else {
      converted[key] = key === 'enum' || key === 'required' ? value : geminiSchemaToJsonSchema(value);
    }
  }
  return converted;
}
