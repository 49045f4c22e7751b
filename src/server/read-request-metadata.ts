/**
 * Attribution and latency class of a request: headers first, then the body's `user` field and
 * `metadata` keys, so clients that cannot set headers can still be attributed.
 */
import { randomUUID } from 'node:crypto';
import { TollgateError } from '../core/errors.js';
import { LATENCY_TIERS, type Attribution, type LatencyTier, type RequestMetadata } from '../core/request-metadata.js';

type HeaderBag = Readonly<Record<string, string | string[] | undefined>>;

const MAX_ATTRIBUTE_LENGTH = 256;

export function newRequestId(): string {
  return `tg-${randomUUID()}`;
}

export function readRequestMetadata(
  headers: HeaderBag,
  body: Record<string, unknown>,
  base: { requestId: string; receivedAt: Date; dialect: RequestMetadata['dialect'] },
): RequestMetadata {
  const metadata = isObject(body.metadata) ? body.metadata : {};
  const bodyUser = typeof body.user === 'string' ? body.user : undefined;
  const attribution: Attribution = { tags: [] };
  const user = header(headers, 'x-tollgate-user') ?? bodyUser ?? stringField(metadata, 'user');
  const feature = header(headers, 'x-tollgate-feature') ?? stringField(metadata, 'feature');
  const task = header(headers, 'x-tollgate-task') ?? stringField(metadata, 'task');
  const team = header(headers, 'x-tollgate-team') ?? stringField(metadata, 'team');
  if (user !== undefined) attribution.user = checked(user, 'user');
  if (feature !== undefined) attribution.feature = checked(feature, 'feature');
  if (task !== undefined) attribution.task = checked(task, 'task');
  if (team !== undefined) attribution.team = checked(team, 'team');
  const tagsHeader = header(headers, 'x-tollgate-tags');
  attribution.tags = tagsHeader !== undefined ? splitTags(tagsHeader) : tagsFromMetadata(metadata.tags);
  const result: RequestMetadata = {
    requestId: base.requestId,
    receivedAt: base.receivedAt,
    attribution,
    tier: readTier(header(headers, 'x-tollgate-tier')),
    dialect: base.dialect,
  };
  const region = header(headers, 'x-tollgate-region');
  if (region !== undefined) result.region = checked(region, 'region');
  return result;
}

function readTier(value: string | undefined): LatencyTier {
  if (value === undefined) return 'standard';
  const tier = value.trim().toLowerCase();
  if ((LATENCY_TIERS as readonly string[]).includes(tier)) return tier as LatencyTier;
  throw new TollgateError('invalid_request', `x-tollgate-tier must be one of ${LATENCY_TIERS.join(', ')}; got "${value}"`, {
    param: 'x-tollgate-tier',
    isRetryable: false,
  });
}

function header(headers: HeaderBag, name: string): string | undefined {
  const value = headers[name];
  const text = Array.isArray(value) ? value.join(',') : value;
  const trimmed = text?.trim();
  return trimmed ? trimmed : undefined;
}

function stringField(object: Record<string, unknown>, key: string): string | undefined {
  const value = object[key];
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function tagsFromMetadata(value: unknown): string[] {
  if (typeof value === 'string') return splitTags(value);
  if (Array.isArray(value)) return dedupe(value.filter((tag): tag is string => typeof tag === 'string').map((tag) => checked(tag.trim(), 'tags')).filter(Boolean));
  return [];
}

function splitTags(text: string): string[] {
  return dedupe(text.split(',').map((tag) => checked(tag.trim(), 'tags')).filter(Boolean));
}

function dedupe(tags: string[]): string[] {
  return [...new Set(tags)];
}

function checked(value: string, name: string): string {
  if (value.length > MAX_ATTRIBUTE_LENGTH) {
    throw new TollgateError('invalid_request', `attribution ${name} is longer than ${MAX_ATTRIBUTE_LENGTH} characters`, { param: name, isRetryable: false });
  }
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
