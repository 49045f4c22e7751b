/**
 * Bodies kept in the ledger when `ledger.storeBodies` is on: redacted before they leave the request path
 * (configured JSON paths, then regular expressions over the text) and cut to `maxStoredBodyBytes`.
 * JSON paths apply to a JSON body and to every `data:` line of an SSE stream.
 */
import type { LedgerBodies } from '../../ledger/ledger-record.js';

export interface BodyRedactionConfig {
  jsonPaths: readonly string[];
  patterns: readonly string[];
  replacement: string;
}

export interface BodyRedaction {
  readonly paths: ReadonlyArray<readonly PathSegment[]>;
  readonly patterns: readonly RegExp[];
  readonly replacement: string;
  readonly maxBytes: number;
}

type PathSegment = { kind: 'key'; name: string } | { kind: 'any-key' } | { kind: 'index'; index: number } | { kind: 'any-index' };

export function compileBodyRedaction(config: BodyRedactionConfig, maxBytes: number): BodyRedaction {
  return {
    paths: config.jsonPaths.map(parseJsonPath),
    patterns: config.patterns.map((source) => new RegExp(source, 'g')),
    replacement: config.replacement,
    maxBytes,
  };
}

/** The request and response as the ledger stores them. */
export function ledgerBodies(requestBody: string, responseBody: string, redaction: BodyRedaction): LedgerBodies {
  return { request: redactBody(requestBody, redaction), response: redactBody(responseBody, redaction) };
}

export function redactBody(text: string, redaction: BodyRedaction): string {
  let redacted = redaction.paths.length > 0 ? redactJsonPaths(text, redaction) : text;
  for (const pattern of redaction.patterns) redacted = redacted.replace(pattern, redaction.replacement);
  return truncateUtf8(redacted, redaction.maxBytes);
}

function redactJsonPaths(text: string, redaction: BodyRedaction): string {
  const whole = redactJsonText(text, redaction);
  if (whole !== null) return whole;
  if (!/^data:/m.test(text)) return text;
  return text
    .split('\n')
    .map((line) => {
      const match = /^data: ?(.*)$/.exec(line);
      const payload = match?.[1];
      if (payload === undefined) return line;
      const redactedPayload = redactJsonText(payload, redaction);
      return redactedPayload === null ? line : `data: ${redactedPayload}`;
    })
    .join('\n');
}

/** The JSON text with every path's values replaced; null when the text is not JSON. */
function redactJsonText(text: string, redaction: BodyRedaction): string | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return text;
  let changed = false;
  for (const path of redaction.paths) {
    value = replaceAtPath(value, path, redaction.replacement, () => {
      changed = true;
    });
  }
  return changed ? JSON.stringify(value) : text;
}

function replaceAtPath(value: unknown, path: readonly PathSegment[], replacement: string, onChange: () => void): unknown {
  const [segment, ...rest] = path;
  if (segment === undefined) {
    onChange();
    return replacement;
  }
  if ((segment.kind === 'index' || segment.kind === 'any-index') && Array.isArray(value)) {
    return value.map((item: unknown, index) =>
      segment.kind === 'any-index' || segment.index === index ? replaceAtPath(item, rest, replacement, onChange) : item,
    );
  }
  if ((segment.kind === 'key' || segment.kind === 'any-key') && isRecord(value)) {
    const copy: Record<string, unknown> = { ...value };
    for (const key of Object.keys(copy)) {
      if (segment.kind === 'any-key' || segment.name === key) copy[key] = replaceAtPath(copy[key], rest, replacement, onChange);
    }
    return copy;
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `messages[*].content`, `metadata.email`, `*.secret`: keys joined by dots, each with optional `[n]` or `[*]`. */
export function parseJsonPath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  for (const part of path.split('.')) {
    const match = /^([^[\]]+)((?:\[(?:\d+|\*)\])*)$/.exec(part);
    if (!match) throw new RangeError(`not a JSON path Tollgate can redact: "${path}"`);
    const name = match[1] ?? '';
    segments.push(name === '*' ? { kind: 'any-key' } : { kind: 'key', name });
    for (const index of (match[2] ?? '').matchAll(/\[(\d+|\*)\]/g)) {
      const text = index[1] ?? '*';
      segments.push(text === '*' ? { kind: 'any-index' } : { kind: 'index', index: Number(text) });
    }
  }
  return segments;
}

function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= maxBytes) return text;
  // Cutting the buffer may split a character; decoding drops the broken tail as U+FFFD, trimmed here.
  const kept = Buffer.from(text, 'utf8').subarray(0, maxBytes).toString('utf8').replace(/\uFFFD+$/, '');
  return `${kept}…[truncated ${bytes - Buffer.byteLength(kept, 'utf8')} bytes]`;
}
