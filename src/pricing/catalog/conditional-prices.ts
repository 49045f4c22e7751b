/**
 * Conditional prices: a model's price list where later entries apply from a start date or
 * inside a daily UTC window (DeepSeek's peak/off-peak hours). Same semantics as the catalog:
 * entries are tried from the last to the first, the first that matches wins, an entry without
 * a constraint always matches, and when nothing matches the first entry applies. A start date
 * is inclusive from 00:00 UTC; a window includes its start and excludes its end, and a window
 * whose end is before its start wraps midnight (22:00–02:00). Equal start and end match nothing.
 */

export type PriceConstraint =
  | { type: 'start_date'; startsAtMs: number; text: string }
  | { type: 'time_of_day'; startMs: number; endMs: number; text: string };

export interface ConditionalEntry<T> {
  constraint?: PriceConstraint | undefined;
  value: T;
}

const MS_PER_DAY = 86_400_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_PATTERN = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|([+-])(\d{2}):(\d{2}))$/;

/** Reads a catalog constraint (typed or legacy untyped); throws on anything else, naming it. */
export function parseConstraint(raw: unknown): PriceConstraint | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`unknown price constraint: ${JSON.stringify(raw)}`);
  const record = raw as Record<string, unknown>;
  const type = record['type'];
  const startDate = record['start_date'];
  const startTime = record['start_time'];
  const endTime = record['end_time'];
  if ((type === 'start_date' || type === undefined) && typeof startDate === 'string') {
    return { type: 'start_date', startsAtMs: parseStartDate(startDate), text: `from ${startDate}` };
  }
  if ((type === 'time_of_date' || type === undefined) && typeof startTime === 'string' && typeof endTime === 'string') {
    return {
      type: 'time_of_day',
      startMs: timeOfDayToUtcMs(startTime),
      endMs: timeOfDayToUtcMs(endTime),
      text: `daily ${startTime}–${endTime}`,
    };
  }
  throw new Error(`unknown price constraint: ${JSON.stringify(raw)}`);
}

export function parseStartDate(text: string): number {
  const match = DATE_PATTERN.exec(text);
  const milliseconds = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (!match || Number.isNaN(milliseconds) || new Date(milliseconds).toISOString().slice(0, 10) !== text) {
    throw new Error(`invalid start_date "${text}"`);
  }
  return milliseconds;
}

/** "16:30:00Z" or "00:30:00+08:00" → milliseconds after 00:00 UTC, in [0, 24h). */
export function timeOfDayToUtcMs(text: string): number {
  const match = TIME_PATTERN.exec(text);
  if (!match) throw new Error(`invalid time of day "${text}"`);
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  const seconds = Number(match[3]);
  const fraction = Number((match[4] ?? '').padEnd(3, '0').slice(0, 3));
  const offsetHours = Number(match[7] ?? '0');
  const offsetMinutes = Number(match[8] ?? '0');
  if (hours > 23 || minutes > 59 || seconds > 59 || offsetHours > 23 || offsetMinutes > 59) {
    throw new Error(`invalid time of day "${text}"`);
  }
  const local = ((hours * 60 + minutes) * 60 + seconds) * 1000 + fraction;
  const offset = (offsetHours * 60 + offsetMinutes) * 60_000 * (match[6] === '-' ? -1 : 1);
  return positiveModulo(local - offset, MS_PER_DAY);
}

export function constraintMatches(constraint: PriceConstraint, atMs: number): boolean {
  if (constraint.type === 'start_date') return atMs >= constraint.startsAtMs;
  const timeOfDay = positiveModulo(atMs, MS_PER_DAY);
  const { startMs, endMs } = constraint;
  if (endMs < startMs) return timeOfDay >= startMs || timeOfDay < endMs;
  return timeOfDay >= startMs && timeOfDay < endMs;
}

export function selectConditional<T>(entries: ReadonlyArray<ConditionalEntry<T>>, at: Date): ConditionalEntry<T> {
  const first = entries[0];
  if (!first) throw new Error('no prices to choose from');
  const atMs = at.getTime();
  if (Number.isNaN(atMs)) throw new RangeError('invalid request time');
  for (let index = entries.length - 1; index >= 0; index -= 1) {
    const entry = entries[index];
    if (entry && (!entry.constraint || constraintMatches(entry.constraint, atMs))) return entry;
  }
  return first;
}

function positiveModulo(value: number, modulus: number): number {
  return ((value % modulus) + modulus) % modulus;
}
