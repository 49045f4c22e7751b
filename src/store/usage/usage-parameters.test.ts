import { describe, expect, it } from 'vitest';
import { TollgateError } from '../../core/errors.js';
import { parseOutputTokenParameters, parseTaskParameters, parseTime, parseUsageParameters } from './usage-parameters.js';

const NOW = Date.parse('2025-06-10T12:00:00.000Z');

function errorOf(run: () => unknown): TollgateError {
  try {
    run();
  } catch (error) {
    if (error instanceof TollgateError) return error;
    throw error;
  }
  throw new Error('expected a TollgateError');
}

describe('parseUsageParameters', () => {
  it('reads every parameter, with lists comma-separated and repeated values dropped', () => {
    expect(parseUsageParameters({ from: '2025-06-01', to: '2025-06-02T06:30:00+02:00', group_by: 'user, model,user', interval: 'hour', exact_percentiles: 'true', user: 'alice,bob', tag: 'beta' }, NOW)).toEqual({
      fromMs: Date.parse('2025-06-01T00:00:00Z'),
      toMs: Date.parse('2025-06-02T04:30:00Z'),
      groupBy: ['user', 'model'],
      interval: 'hour',
      filters: { user: ['alice', 'bob'], tag: ['beta'] },
      exactPercentiles: true,
    });
  });

  it('defaults to the 24 hours before now, ungrouped', () => {
    expect(parseUsageParameters({}, NOW)).toEqual({ fromMs: NOW - 86_400_000, toMs: NOW, groupBy: [], interval: null, filters: {}, exactPercentiles: false });
  });

  it.each([
    [{ group_by: 'user,colour' }, 'group_by', /one of user, feature/],
    [{ interval: 'week' }, 'interval', /hour, day, month/],
    [{ from: 'last tuesday' }, 'from', /not a time/],
    [{ from: '2025-06-01T10:00' }, 'from', /with a zone/],
    [{ to: '2025-02-30T00:00:00Z' }, 'to', /not a valid date/],
    [{ from: '2025-06-05', to: '2025-06-04' }, 'from', /before to/],
    [{ from: '2020-01-01', to: '2025-01-01' }, 'from', /at most 731 days/],
    [{ colour: 'red' }, 'colour', /not a parameter of this endpoint/],
    [{ tag: 'a,b' }, 'tag', /one tag at a time/],
    [{ exact_percentiles: 'yes' }, 'exact_percentiles', /./],
    [{ user: ['a', 'b'] }, 'user', /more than once/],
    [{ from: '2024-01-01', to: '2025-06-01', interval: 'hour' }, 'interval', /hourly buckets/],
  ])('refuses %j with a 400 naming %s', (parameters, param, message) => {
    const error = errorOf(() => parseUsageParameters(parameters, NOW));
    expect(error.status).toBe(400);
    expect(error.param).toBe(param);
    expect(error.message.startsWith(`${param}: `)).toBe(true);
    expect(error.message).toMatch(message);
  });
});

describe('the tasks and output-token parameters', () => {
  it('take their own dimensions, and output tokens default to model and feature', () => {
    expect(parseTaskParameters({ group_by: 'feature,route', model: 'gpt-4o' }, NOW)).toMatchObject({ groupBy: ['feature', 'route'], filters: { model: ['gpt-4o'] } });
    expect(parseOutputTokenParameters({}, NOW).groupBy).toEqual(['model', 'feature']);
    expect(errorOf(() => parseTaskParameters({ group_by: 'tag' }, NOW)).param).toBe('group_by');
    expect(errorOf(() => parseOutputTokenParameters({ status: 'ok' }, NOW)).param).toBe('status');
  });
});

describe('parseTime', () => {
  it('reads epoch milliseconds, UTC dates and zoned ISO times', () => {
    expect(parseTime('from', '1748736000000')).toBe(1_748_736_000_000);
    expect(parseTime('from', '2025-06-01')).toBe(Date.parse('2025-06-01T00:00:00Z'));
    expect(parseTime('from', '2025-06-01T02:00:00.5+02:00')).toBe(Date.parse('2025-06-01T00:00:00.500Z'));
  });
});
