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

interface TopLevelMember {
  /** Where the member's key (its opening quote) starts. */
  start: number;
  name: string;
  value: TextSpan;
}

/**
 * Calls `visit` for each member of the top-level object of `json`, in order, until it returns true.
 * Returns false when `json` is not a well-formed object as far as it was read.
 */
function scanTopLevelMembers(json: string, visit: (member: TopLevelMember) => boolean): boolean {
  let index = skipWhitespace(json, 0);
  if (json[index] !== '{') return false;
  index += 1;
  for (;;) {
    index = skipWhitespace(json, index);
    if (json[index] === '}') return true;
    if (index >= json.length || json[index] !== '"') return false;
    const start = index;
    const keyEnd = skipString(json, index);
    const raw = json.slice(index + 1, keyEnd - 1);
    index = skipWhitespace(json, keyEnd);
    if (json[index] !== ':') return false;
    index = skipWhitespace(json, index + 1);
    const valueEnd = skipValue(json, index);
    if (valueEnd <= index) return false;
    const name = raw.includes('\\') ? (decodeKey(raw) ?? raw) : raw;
    if (visit({ start, name, value: { start: index, end: valueEnd } })) return true;
    index = skipWhitespace(json, valueEnd);
    if (json[index] === ',') index += 1;
    else if (json[index] !== '}') return false;
  }
}

/** The span of `key`'s value in the top-level object of `json`, or undefined when absent or not an object. */
export function findTopLevelValue(json: string, key: string): TextSpan | undefined {
  let found: TextSpan | undefined;
  scanTopLevelMembers(json, (member) => {
    if (member.name !== key) return false;
    found = member.value;
    return true;
  });
  return found;
}

/**
 * `json` (an object) without its top-level members named in `names`, every other byte kept. Used so
 * that a provider's own `cost` members (OpenRouter sends `usage.cost`) are replaced, not duplicated.
 */
export function withoutTopLevelMembers(json: string, names: ReadonlySet<string>): string {
  const members: TopLevelMember[] = [];
  const isObject = scanTopLevelMembers(json, (member) => {
    members.push(member);
    return false;
  });
  const kept = members.filter((member) => !names.has(member.name));
  const first = members[0];
  const last = members[members.length - 1];
  if (!isObject || kept.length === members.length || !first || !last) return json;
  // Kept members keep their own bytes; they are rejoined with the commas that separated them.
  const inner = kept.map((member) => json.slice(member.start, member.value.end)).join(',');
  return `${json.slice(0, first.start)}${inner}${json.slice(last.value.end)}`;
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
