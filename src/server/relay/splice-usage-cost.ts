/**
 * Adds Tollgate's cost members to a response's `usage` object in place, byte for byte otherwise.
 * When the provider sent no usage object, one is added holding only the cost members.
 */
import { findTopLevelClose, findTopLevelValue, withoutTopLevelMembers } from './json-scan.js';

/** Members Tollgate writes into `usage`; a provider's members of the same names are replaced. */
const COST_MEMBER_NAMES: ReadonlySet<string> = new Set(['cost', 'cost_details', 'cost_status', 'cost_catalog_estimate']);

/** `membersText` is JSON object members without braces: `"cost":0.1,"cost_status":"exact"`. */
export function spliceUsageCost(json: string, membersText: string): string {
  const usage = findTopLevelValue(json, 'usage');
  if (usage) {
    const value = json.slice(usage.start, usage.end);
    if (value.startsWith('{') && value.includes('"cost')) {
      const cleaned = withoutTopLevelMembers(value, COST_MEMBER_NAMES);
      if (cleaned !== value) return spliceUsageCost(`${json.slice(0, usage.start)}${cleaned}${json.slice(usage.end)}`, membersText);
    }
    if (value.startsWith('{')) {
      const closeBrace = usage.end - 1;
      const inner = json.slice(usage.start + 1, closeBrace);
      if (inner.trim() === '') return `${json.slice(0, usage.start + 1)}${membersText}${json.slice(closeBrace)}`;
      const lastContent = usage.start + 1 + inner.trimEnd().length;
      return `${json.slice(0, lastContent)},${membersText}${json.slice(lastContent)}`;
    }
    if (value === 'null') return `${json.slice(0, usage.start)}{${membersText}}${json.slice(usage.end)}`;
    return json;
  }
  const top = findTopLevelClose(json);
  if (!top) return json;
  const separator = top.isEmpty ? '' : ',';
  const beforeClose = json.slice(0, top.closeBrace).trimEnd();
  return `${beforeClose}${separator}"usage":{${membersText}}${json.slice(beforeClose.length)}`;
}
