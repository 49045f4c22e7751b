/**
 * A minimal scanner over JSON text that finds where a top-level value sits without parsing the
 * rest, so Tollgate can add its cost fields to a provider's response and leave every other byte
 * exactly as the provider sent it.
 */

export interface TextSpan {
  start: number;
  /** Exclusive. */
  end: number;
}

export interface TopLevelObject {
  /** Index of the object's closing brace. */
  closeBrace: number;
  /** Whether the object has no members. */
  isEmpty: boolean;
}

/** The span of `key`'s value in the top-level object of `json`, or undefined when absent or not an object. */
export function findTopLevelValue(json: string, key: string): TextSpan | undefined {
  let index = skipWhitespace(json, 0);
  if (json[index] !== '{') return undefined;
  index += 1;
  for (;;) {
    index = skipWhitespace(json, index);
    if (json[index] === '}' || index >= json.length) return undefined;
    if (json[index] !== '"') return undefined;
    const keyEnd = skipString(json, index);
    const name = json.slice(index + 1, keyEnd - 1);
    index = skipWhitespace(json, keyEnd);
    if (json[index] !== ':') return undefined;
    index = skipWhitespace(json, index + 1);
    const valueEnd = skipValue(json, index);
    if (valueEnd <= index) return undefined;
    if (name === key || (name.includes('\\') && decodeKey(name) === key)) return { start: index, end: valueEnd };
    index = skipWhitespace(json, valueEnd);
    if (json[index] === ',') index += 1;
    else return undefined;
  }
}

/** Where the top-level object closes, to append a member to it. */
export function findTopLevelClose(json: string): TopLevelObject | undefined {
  const start = skipWhitespace(json, 0);
  if (json[start] !== '{') return undefined;
  const end = skipValue(json, start);
  if (end <= start || json[end - 1] !== '}') return undefined;
  const inner = json.slice(start + 1, end - 1);
  return { closeBrace: end - 1, isEmpty: inner.trim() === '' };
}

function decodeKey(raw: string): string | undefined {
  try {
    const value: unknown = JSON.parse(`"${raw}"`);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

function skipWhitespace(text: string, index: number): number {
  let position = index;
  while (position < text.length) {
    const code = text.charCodeAt(position);
    if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) break;
    position += 1;
  }
  return position;
}

/** From an opening quote, returns the index just past the closing quote. */
function skipString(text: string, index: number): number {
  let position = index + 1;
  while (position < text.length) {
    const char = text.charCodeAt(position);
    if (char === 0x5c) position += 2;
    else if (char === 0x22) return position + 1;
    else position += 1;
  }
  return text.length;
}

/** Returns the index just past the value starting at `index`. */
export function skipValue(text: string, index: number): number {
  const first = text[index];
  if (first === '"') return skipString(text, index);
  if (first === '{' || first === '[') {
    let depth = 0;
    let position = index;
    while (position < text.length) {
      const char = text[position];
      if (char === '"') {
        position = skipString(text, position);
        continue;
      }
      if (char === '{' || char === '[') depth += 1;
      else if (char === '}' || char === ']') {
        depth -= 1;
        if (depth === 0) return position + 1;
      }
      position += 1;
    }
    return text.length;
  }
  let position = index;
  while (position < text.length && !',}] \n\r\t'.includes(text[position] ?? '')) position += 1;
  return position;
}
