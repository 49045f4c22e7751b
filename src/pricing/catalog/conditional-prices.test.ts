import { describe, expect, it } from 'vitest';
import { type ConditionalEntry, constraintMatches, parseConstraint, selectConditional, timeOfDayToUtcMs } from './conditional-prices.js';

const at = (iso: string) => new Date(iso);

describe('timeOfDayToUtcMs', () => {
  it.each([
    ['00:30:00Z', 30 * 60_000],
    ['16:30:00Z', (16 * 60 + 30) * 60_000],
    ['00:30:00+08:00', (16 * 60 + 30) * 60_000],
    ['23:00:00-02:00', 60 * 60_000],
    ['12:00:00.25Z', 12 * 3_600_000 + 250],
  ])('%s is %i ms after midnight UTC', (text, milliseconds) => {
    expect(timeOfDayToUtcMs(text)).toBe(milliseconds);
  });

  it('rejects malformed times', () => {
    expect(() => timeOfDayToUtcMs('24:00:00Z')).toThrow(/invalid time of day/);
    expect(() => timeOfDayToUtcMs('12:00Z')).toThrow(/invalid time of day/);
  });
});

describe('constraintMatches', () => {
  const peak = parseConstraint({ type: 'time_of_date', start_time: '00:30:00Z', end_time: '16:30:00Z' });
  const overnight = parseConstraint({ type: 'time_of_date', start_time: '22:00:00Z', end_time: '02:00:00Z' });
  const fromJune = parseConstraint({ type: 'start_date', start_date: '2025-06-10' });

  it.each([
    ['2025-03-01T00:29:59.999Z', false],
    ['2025-03-01T00:30:00.000Z', true],
    ['2025-03-01T12:00:00.000Z', true],
    ['2025-03-01T16:29:59.999Z', true],
    ['2025-03-01T16:30:00.000Z', false],
    ['2025-03-01T23:00:00.000Z', false],
  ])('DeepSeek peak window at %s: %s', (iso, expected) => {
    expect(peak && constraintMatches(peak, at(iso).getTime())).toBe(expected);
  });

  it.each([
    ['2025-03-01T21:59:59.999Z', false],
    ['2025-03-01T22:00:00.000Z', true],
    ['2025-03-01T23:59:59.999Z', true],
    ['2025-03-02T00:00:00.000Z', true],
    ['2025-03-02T01:59:59.999Z', true],
    ['2025-03-02T02:00:00.000Z', false],
    ['2025-03-02T12:00:00.000Z', false],
  ])('a window wrapping midnight at %s: %s', (iso, expected) => {
    expect(overnight && constraintMatches(overnight, at(iso).getTime())).toBe(expected);
  });

  it('a start date applies from 00:00 UTC that day', () => {
    expect(fromJune && constraintMatches(fromJune, at('2025-06-09T23:59:59.999Z').getTime())).toBe(false);
    expect(fromJune && constraintMatches(fromJune, at('2025-06-10T00:00:00.000Z').getTime())).toBe(true);
  });

  it('an empty window matches nothing', () => {
    const empty = parseConstraint({ start_time: '05:00:00Z', end_time: '05:00:00Z' });
    expect(empty && constraintMatches(empty, at('2025-03-01T05:00:00Z').getTime())).toBe(false);
  });

  it('reads legacy untyped constraints and refuses unknown ones', () => {
    expect(parseConstraint({ start_date: '2025-01-01' })?.type).toBe('start_date');
    expect(() => parseConstraint({ weekday: 'saturday' })).toThrow(/unknown price constraint/);
    expect(() => parseConstraint({ start_date: '2025-02-30' })).toThrow(/invalid start_date/);
  });
});

describe('selectConditional', () => {
  const entries: ConditionalEntry<string>[] = [
    { value: 'flat' },
    { constraint: parseConstraint({ start_date: '2026-08-17' }), value: 'new off-peak' },
    { constraint: parseConstraint({ start_time: '01:00:00Z', end_time: '04:00:00Z' }), value: 'peak' },
  ];

  it('the last matching entry wins', () => {
    expect(selectConditional(entries, at('2026-09-01T02:00:00Z')).value).toBe('peak');
    expect(selectConditional(entries, at('2026-09-01T05:00:00Z')).value).toBe('new off-peak');
    expect(selectConditional(entries, at('2026-01-01T05:00:00Z')).value).toBe('flat');
  });

  it('falls back to the first entry when nothing matches', () => {
    const dated: ConditionalEntry<string>[] = [
      { constraint: parseConstraint({ start_date: '2030-01-01' }), value: 'future' },
      { constraint: parseConstraint({ start_date: '2031-01-01' }), value: 'later' },
    ];
    expect(selectConditional(dated, at('2025-01-01T00:00:00Z')).value).toBe('future');
  });

  it('refuses an invalid time', () => {
    expect(() => selectConditional(entries, new Date(Number.NaN))).toThrow(RangeError);
  });
});
