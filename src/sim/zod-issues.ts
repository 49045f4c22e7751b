/** Turns the first zod issue into what an API error needs: where, and whether it was missing. */
import type { z } from 'zod';

export interface RequestIssue {
  path: Array<string | number>;
  isMissing: boolean;
  /** The value found at the path (undefined when missing). */
  received: unknown;
  issue: z.core.$ZodIssue;
}

function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let current = input;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

export function firstIssue(error: z.ZodError, input: unknown): RequestIssue {
  const issue = error.issues[0];
  if (issue === undefined) throw new Error('a failed parse has at least one issue');
  const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
  const received = valueAt(input, path);
  return { path, isMissing: received === undefined, received, issue };
}

/** `messages[0].content` (OpenAI's way of naming a parameter). */
export function bracketPath(path: ReadonlyArray<string | number>): string {
  return path.map((key, index) => (typeof key === 'number' ? `[${key}]` : index === 0 ? key : `.${key}`)).join('');
}

/** `messages.0.content` (Anthropic's way). */
export function dottedPath(path: ReadonlyArray<string | number>): string {
  return path.join('.');
}

export function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal';
  if (typeof value === 'boolean') return 'a boolean';
  return typeof value;
}
