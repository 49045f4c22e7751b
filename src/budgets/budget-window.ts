/**
 * The time window a budget counts over at a given instant. Calendar periods follow the wall clock of
 * `budgetTimeZone` (a day is 23 or 25 hours long when the clocks change; weeks start on Monday);
 * rolling windows are counted in time buckets; a lifetime budget never resets.
 */
import type { BudgetPeriod, CalendarUnit } from './budget-period.js';

export interface FixedWindow {
  kind: 'fixed';
  /** Inclusive, epoch milliseconds. */
  startMs: number;
  /** Exclusive; null for a lifetime budget, which never ends. */
  endMs: number | null;
  /** Names the window in counter keys, e.g. `day:2026-03-29:Europe/Berlin`. */
  id: string;
}

/**
 * A rolling window counted in buckets of `bucketMs`. At instant `now` it holds the buckets that overlap
 * (now - durationMs, now]: the oldest may reach up to one bucket further back, so spend leaves the window at
 * most one bucket late. Counting a little too much, never too little, keeps a budget from being overspent.
 */
export interface RollingWindow {
  kind: 'rolling';
  durationMs: number;
  bucketMs: number;
  id: string;
}

export type BudgetWindow = FixedWindow | RollingWindow;

/**
 * 288 buckets per window: five minutes for "24h". The Redis script sums every bucket of the window on each
 * reservation, so the count bounds its cost (under 300 hash fields per budget), while the over-count at the
 * window's old edge stays a small fraction (1/288) of the window.
 */
export const ROLLING_BUCKETS_PER_WINDOW = 288;

export function windowAt(period: BudgetPeriod, instantMs: number, timeZone: string): BudgetWindow {
  switch (period.kind) {
    case 'lifetime':
      return { kind: 'fixed', startMs: 0, endMs: null, id: 'lifetime' };
    case 'rolling':
      return { kind: 'rolling', durationMs: period.durationMs, bucketMs: rollingBucketMs(period.durationMs), id: `rolling:${period.text}` };
    case 'calendar':
      return calendarWindow(period.unit, instantMs, timeZone);
  }
}

export function rollingBucketMs(durationMs: number): number {
  return Math.max(1000, Math.ceil(durationMs / ROLLING_BUCKETS_PER_WINDOW));
}

/** The first and last bucket index a rolling window holds at `nowMs`. */
export function rollingBucketRange(window: RollingWindow, nowMs: number): { first: number; last: number } {
  return { first: Math.floor((nowMs - window.durationMs) / window.bucketMs), last: Math.floor(nowMs / window.bucketMs) };
}

/** When spend recorded in `bucket` leaves the window. */
export function bucketLeavesAtMs(window: RollingWindow, bucket: number): number {
  return (bucket + 1) * window.bucketMs + window.durationMs;
}

interface LocalDate {
  year: number;
  /** 1-12. */
  month: number;
  day: number;
}

/** The last window computed per unit and zone: Intl is slow, and nearly every request falls in the same window. */
const recentWindows = new Map<string, FixedWindow>();

export function calendarWindow(unit: CalendarUnit, instantMs: number, timeZone: string): FixedWindow {
  const cacheKey = `${unit}|${timeZone}`;
  const recent = recentWindows.get(cacheKey);
  if (recent && recent.startMs <= instantMs && recent.endMs !== null && instantMs < recent.endMs) return recent;
  const window = computeCalendarWindow(unit, instantMs, timeZone);
  recentWindows.set(cacheKey, window);
  return window;
}

function computeCalendarWindow(unit: CalendarUnit, instantMs: number, timeZone: string): FixedWindow {
  const today = localParts(instantMs, timeZone);
  let first: LocalDate;
  let next: LocalDate;
  if (unit === 'day') {
    first = today;
    next = addDays(today, 1);
  } else if (unit === 'week') {
    const weekday = new Date(Date.UTC(today.year, today.month - 1, today.day)).getUTCDay();
    first = addDays(today, -((weekday + 6) % 7));
    next = addDays(first, 7);
  } else {
    first = { year: today.year, month: today.month, day: 1 };
    next = addMonths(first, 1);
  }
  return {
    kind: 'fixed',
    startMs: startOfLocalDay(first, timeZone),
    endMs: startOfLocalDay(next, timeZone),
    id: `${unit}:${unit === 'month' ? formatLocalDate(first).slice(0, 7) : formatLocalDate(first)}:${timeZone}`,
  };
}

/** Throws a RangeError naming the zone when Intl does not know it. */
export function assertTimeZone(timeZone: string): void {
  try {
    formatterFor(timeZone);
  } catch {
    throw new RangeError(`budgetTimeZone "${timeZone}" is not an IANA time zone (write e.g. UTC, Europe/Berlin or America/New_York)`);
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

interface LocalDateTime extends LocalDate {
  hour: number;
  minute: number;
  second: number;
}

function localParts(instantMs: number, timeZone: string): LocalDateTime {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instantMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** Local wall time minus UTC at an instant, in milliseconds (+7_200_000 for Berlin in summer). */
function offsetAt(instantMs: number, timeZone: string): number {
  const local = localParts(instantMs, timeZone);
  const wallAsUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  return wallAsUtc - (instantMs - mod(instantMs, 1000));
}

/**
 * The first instant of a local day. Usually local midnight; where the clocks jump over midnight (as some
 * zones have done), the first instant that reads as that day.
 */
function startOfLocalDay(date: LocalDate, timeZone: string): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day);
  const firstGuess = wall - offsetAt(wall, timeZone);
  const secondGuess = wall - offsetAt(firstGuess, timeZone);
  for (const candidate of [secondGuess, firstGuess]) {
    const local = localParts(candidate, timeZone);
    if (sameDate(local, date) && local.hour === 0 && local.minute === 0 && local.second === 0) return candidate;
  }
  // Midnight does not exist that day: search, to the second, for the first instant whose date is `date`.
  let low = wall - 30 * 3_600_000;
  let high = wall + 30 * 3_600_000;
  while (high - low > 1000) {
    const middle = low + Math.floor((high - low) / 2000) * 1000;
    if (compareDates(localParts(middle, timeZone), date) >= 0) high = middle;
    else low = middle;
  }
  return high;
}

function sameDate(left: LocalDate, right: LocalDate): boolean {
  return left.year === right.year && left.month === right.month && left.day === right.day;
}

function compareDates(left: LocalDate, right: LocalDate): number {
  return Date.UTC(left.year, left.month - 1, left.day) - Date.UTC(right.year, right.month - 1, right.day);
}

function addDays(date: LocalDate, days: number): LocalDate {
  const moved = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

function addMonths(date: LocalDate, months: number): LocalDate {
  const moved = new Date(Date.UTC(date.year, date.month - 1 + months, date.day));
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

function formatLocalDate(date: LocalDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

function mod(value: number, divisor: number): number {
  return ((value % divisor) + divisor) % divisor;
}
