import { describe, expect, it } from 'vitest';
import { parseBudgetPeriod } from './budget-period.js';
import { assertTimeZone, bucketLeavesAtMs, calendarWindow, rollingBucketRange, windowAt } from './budget-window.js';

function utc(window: { startMs: number; endMs: number | null }): [string, string | null] {
  return [new Date(window.startMs).toISOString(), window.endMs === null ? null : new Date(window.endMs).toISOString()];
}

describe('calendar windows', () => {
  it.each([
    // Europe/Berlin: clocks go forward on 2026-03-29 (a 23-hour day) and back on 2026-10-25 (25 hours).
    ['Europe/Berlin', '2026-03-29T12:00:00Z', '2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z', 23],
    ['Europe/Berlin', '2026-10-25T12:00:00Z', '2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z', 25],
    // America/New_York: forward on 2026-03-08, back on 2026-11-01.
    ['America/New_York', '2026-03-08T12:00:00Z', '2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z', 23],
    ['America/New_York', '2026-11-01T12:00:00Z', '2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z', 25],
    ['UTC', '2026-03-29T23:59:59.999Z', '2026-03-29T00:00:00.000Z', '2026-03-30T00:00:00.000Z', 24],
  ])('a day in %s at %s runs from %s to %s (%i hours)', (timeZone, instant, start, end, hours) => {
    const window = calendarWindow('day', Date.parse(instant), timeZone);
    expect(utc(window)).toEqual([start, end]);
    expect(((window.endMs ?? 0) - window.startMs) / 3_600_000).toBe(hours);
  });

  it('puts an instant just after local midnight in the new day, and just before in the old one', () => {
    // 2026-03-28T23:00Z is midnight in Berlin (UTC+1 before the change).
    expect(calendarWindow('day', Date.parse('2026-03-28T22:59:59.999Z'), 'Europe/Berlin').id).toBe('day:2026-03-28:Europe/Berlin');
    expect(calendarWindow('day', Date.parse('2026-03-28T23:00:00.000Z'), 'Europe/Berlin').id).toBe('day:2026-03-29:Europe/Berlin');
  });

  it('starts the day when the clock jumps over midnight (America/Sao_Paulo, 2018-11-04 began at 01:00)', () => {
    expect(utc(calendarWindow('day', Date.parse('2018-11-04T12:00:00Z'), 'America/Sao_Paulo'))).toEqual(['2018-11-04T03:00:00.000Z', '2018-11-05T02:00:00.000Z']);
  });

  it('starts weeks on Monday, across a DST change (167 hours in Berlin that week)', () => {
    const sunday = calendarWindow('week', Date.parse('2026-03-29T12:00:00Z'), 'Europe/Berlin');
    expect(utc(sunday)).toEqual(['2026-03-22T23:00:00.000Z', '2026-03-29T22:00:00.000Z']);
    expect(sunday.id).toBe('week:2026-03-23:Europe/Berlin');
    const monday = calendarWindow('week', Date.parse('2026-03-29T22:00:00Z'), 'Europe/Berlin');
    expect(utc(monday)).toEqual(['2026-03-29T22:00:00.000Z', '2026-04-05T22:00:00.000Z']);
  });

  it('runs months from the 1st to the 1st, across year ends and in the zone', () => {
    expect(utc(calendarWindow('month', Date.parse('2026-12-31T23:30:00Z'), 'America/New_York'))).toEqual(['2026-12-01T05:00:00.000Z', '2027-01-01T05:00:00.000Z']);
    expect(utc(calendarWindow('month', Date.parse('2026-12-31T23:30:00Z'), 'Europe/Berlin'))).toEqual(['2026-12-31T23:00:00.000Z', '2027-01-31T23:00:00.000Z']);
    expect(calendarWindow('month', Date.parse('2026-03-15T00:00:00Z'), 'UTC').id).toBe('month:2026-03:UTC');
  });

  it('refuses a time zone Intl does not know', () => {
    expect(() => assertTimeZone('Mars/Olympus')).toThrow(/not an IANA time zone/);
    expect(() => assertTimeZone('Asia/Tokyo')).not.toThrow();
  });
});

describe('rolling and lifetime windows', () => {
  it('counts "24h" in five-minute buckets and says when a bucket leaves', () => {
    const window = windowAt(parseBudgetPeriod('24h'), 0, 'UTC');
    if (window.kind !== 'rolling') throw new Error('expected a rolling window');
    expect(window.bucketMs).toBe(300_000);
    const now = Date.parse('2026-06-15T12:02:00Z');
    const range = rollingBucketRange(window, now);
    expect(new Date(range.first * window.bucketMs).toISOString()).toBe('2026-06-14T12:00:00.000Z');
    expect(range.last - range.first).toBe(288);
    expect(new Date(bucketLeavesAtMs(window, range.first)).toISOString()).toBe('2026-06-15T12:05:00.000Z');
  });

  it('counts "7d" in 35-minute buckets and a lifetime window forever', () => {
    const week = windowAt(parseBudgetPeriod('7d'), 0, 'UTC');
    expect(week.kind === 'rolling' && week.bucketMs).toBe(35 * 60_000);
    expect(windowAt(parseBudgetPeriod('lifetime'), Date.now(), 'UTC')).toEqual({ kind: 'fixed', startMs: 0, endMs: null, id: 'lifetime' });
  });

  it.each(['0h', '367d', 'fortnight', '1.5h', ''])('refuses the period %j', (text) => {
    expect(() => parseBudgetPeriod(text)).toThrow(/not a budget period/);
  });
});
