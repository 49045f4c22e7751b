/**
 * A budget's period as written in config ("day", "week", "month", "lifetime", or a rolling window
 * like "24h" / "7d"), parsed once into a shape the window arithmetic can use.
 */

export type CalendarUnit = 'day' | 'week' | 'month';

export type BudgetPeriod =
  | { kind: 'calendar'; unit: CalendarUnit; text: CalendarUnit }
  | { kind: 'rolling'; durationMs: number; text: string }
  | { kind: 'lifetime'; text: 'lifetime' };

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** A rolling window longer than a year is a lifetime budget in disguise; refuse it so the counters stay small. */
const LONGEST_ROLLING_MS = 366 * DAY_MS;
const ROLLING_PATTERN = /^(\d+)([hd])$/;

/** Parses a period; throws a RangeError whose message says what is accepted. */
export function parseBudgetPeriod(text: string): BudgetPeriod {
  const trimmed = text.trim();
  if (trimmed === 'day' || trimmed === 'week' || trimmed === 'month') return { kind: 'calendar', unit: trimmed, text: trimmed };
  if (trimmed === 'lifetime') return { kind: 'lifetime', text: 'lifetime' };
  const match = ROLLING_PATTERN.exec(trimmed);
  if (match) {
    const count = Number(match[1]);
    const durationMs = count * (match[2] === 'h' ? HOUR_MS : DAY_MS);
    if (count > 0 && durationMs <= LONGEST_ROLLING_MS) return { kind: 'rolling', durationMs, text: `${count}${match[2]}` };
  }
  throw new RangeError(`"${text}" is not a budget period: use day, week, month, lifetime, or a rolling window from "1h" to "366d" such as "24h" or "7d"`);
}

export function isBudgetPeriod(text: string): boolean {
  try {
    parseBudgetPeriod(text);
    return true;
  } catch {
    return false;
  }
}
