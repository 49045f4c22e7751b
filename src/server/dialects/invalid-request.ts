/** Client request problems found while reading a dialect → a 400 that names the field. */
import type { z } from 'zod';
import { TollgateError } from '../../core/errors.js';

export function invalidRequest(param: string, message: string): TollgateError {
  return new TollgateError('invalid_request', param ? `${param}: ${message}` : message, { isRetryable: false, ...(param ? { param } : {}) });
}

export function unsupportedContent(param: string, message: string): TollgateError {
  return new TollgateError('unsupported_parameter', `${param}: ${message}`, { param, isRetryable: false });
}

/** `messages[2].content[0].text`, the way both OpenAI and Anthropic clients read paths. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '');
}

/** The first problem zod found, worded as "field: what is wrong" ("Field required" when it is missing, as Anthropic says). */
export function fromZodError(error: z.ZodError, basePath: readonly PropertyKey[] = []): TollgateError {
  const first = error.issues[0];
  if (!first) return invalidRequest(fieldPath(basePath), 'is not valid');
  const issue = deepestIssue(first);
  const param = fieldPath([...basePath, ...issue.path]);
  const isMissing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
  return invalidRequest(param, isMissing ? 'Field required' : issue.message);
}

/** Parses a part of the body, a failure naming the field under `basePath`. */
export function parseField<T>(schema: z.ZodType<T>, value: unknown, basePath: readonly PropertyKey[]): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw fromZodError(parsed.error, basePath);
  return parsed.data;
}

/**
 * A union's own issue says only "Invalid input"; the branch that got furthest into the value
 * says what is actually wrong (`content[0].type` rather than `content`).
 */
function deepestIssue(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return issue;
  let best: z.core.$ZodIssue | undefined;
  for (const branch of issue.errors) {
    for (const inner of branch) {
      const candidate = deepestIssue({ ...inner, path: [...issue.path, ...inner.path] } as z.core.$ZodIssue);
      if (!best || candidate.path.length > best.path.length) best = candidate;
    }
  }
  return best ?? issue;
}
