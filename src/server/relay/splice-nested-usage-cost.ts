/**
 * Adds Tollgate's cost members to a `usage` object that sits one level down, inside a member of
 * the event (the Responses API's `response.completed` carries it in `response.usage`), byte for
 * byte otherwise.
 */
import { findTopLevelValue } from './json-scan.js';
import { spliceUsageCost } from './splice-usage-cost.js';

/** `within` names the member that holds `usage`; without it, or when that member is no object, the event's own `usage` gets them. */
export function spliceNestedUsageCost(json: string, membersText: string, within: string | undefined): string {
  const holder = within === undefined ? undefined : findTopLevelValue(json, within);
  if (!holder || json[holder.start] !== '{') return spliceUsageCost(json, membersText);
  const spliced = spliceUsageCost(json.slice(holder.start, holder.end), membersText);
  return `${json.slice(0, holder.start)}${spliced}${json.slice(holder.end)}`;
}
