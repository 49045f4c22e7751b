/**
 * GET /v1/usage/tasks: per group, the tasks that had requests in the window, how many succeeded, failed or
 * got no feedback, and what all their requests in the window cost. A task whose requests span two models
 * counts once under each when grouped by model; the total counts it once.
 */
import { sql } from 'kysely';
import { integerOrNull } from '../exact-sum.js';
import type { Store } from '../store.js';
import { MONEY_SPLIT } from './rollup-columns.js';
import type { UsageDimension, UsageFilters, UsageGroup, UsageWindow } from './usage-query-types.js';
import { compareDescending, compareGroups, dimensionExpression, filterConditions, groupByPositions, groupValue, timeCondition, whereClause } from './usage-sql.js';

export const TASK_DIMENSIONS = ['model', 'feature', 'route', 'user', 'team', 'provider', 'key'] as const satisfies readonly UsageDimension[];
export type TaskDimension = (typeof TASK_DIMENSIONS)[number];

export interface TaskQuery extends UsageWindow {
  groupBy: readonly TaskDimension[];
  filters: Omit<UsageFilters, 'tag'>;
}

export interface TaskFigures {
  tasks: bigint;
  successes: bigint;
  failures: bigint;
  withoutFeedback: bigint;
  requests: bigint;
  /** Known cost of every request of these tasks in the window, picodollars. */
  costPico: bigint;
  costUnknownRequests: bigint;
}

export interface TaskResult {
  rows: Array<{ group: UsageGroup; figures: TaskFigures }>;
  total: TaskFigures;
}

export async function queryTasks(store: Store, query: TaskQuery): Promise<TaskResult> {
  const grouped = await taskFigures(store, query, query.groupBy);
  const total = (await taskFigures(store, query, []))[0]?.figures ?? emptyFigures();
  grouped.sort((left, right) => compareDescending(left.figures.costPico, right.figures.costPico) || compareGroups(left.group, right.group));
  return { rows: grouped, total };
}

async function taskFigures(store: Store, query: TaskQuery, groupBy: readonly TaskDimension[]): Promise<TaskResult['rows']> {
  const keys = groupBy.map((dimension) => dimensionExpression('raw', dimension));
  const split = MONEY_SPLIT.toString();
  const perTaskSelect = [
    ...keys.map((expression, index) => `${expression} as k${index}`),
    'requests.task as task',
    'count(*) as requests',
    `coalesce(sum(requests.cost_pico / ${split}), 0) as cost_high`,
    `coalesce(sum(requests.cost_pico % ${split}), 0) as cost_low`,
    'sum(case when requests.cost_pico is null then 1 else 0 end) as cost_unknown',
  ].join(', ');
  const outerKeys = keys.map((_, index) => `per_task.k${index}`);
  const outerSelect = [
    ...outerKeys.map((key, index) => `${key} as k${index}`),
    'count(*) as tasks',
    'sum(case when task_feedback.success = 1 then 1 else 0 end) as successes',
    'sum(case when task_feedback.success = 0 then 1 else 0 end) as failures',
    'sum(case when task_feedback.task_id is null then 1 else 0 end) as without_feedback',
    'sum(per_task.requests) as requests',
    'sum(per_task.cost_high) as cost_high',
    'sum(per_task.cost_low) as cost_low',
    'sum(per_task.cost_unknown) as cost_unknown',
  ].join(', ');
  const conditions = [sql`requests.task is not null`, timeCondition('raw', [query]), ...filterConditions('raw', query.filters)];
  const result = await sql<Record<string, unknown>>`
    with per_task as (
      select ${sql.raw(perTaskSelect)} from requests ${whereClause(conditions)} ${groupByPositions(keys.length + 1)}
    )
    select ${sql.raw(outerSelect)} from per_task left join task_feedback on task_feedback.task_id = per_task.task
    ${groupByPositions(keys.length)}`.execute(store.db);

  return result.rows
    .filter((row) => (integerOrNull(row.tasks) ?? 0n) > 0n)
    .map((row) => {
      const group: UsageGroup = {};
      groupBy.forEach((dimension, index) => {
        group[dimension] = groupValue(row[`k${index}`]);
      });
      return { group, figures: figuresOf(row) };
    });
}

function figuresOf(row: Record<string, unknown>): TaskFigures {
  const read = (column: string): bigint => integerOrNull(row[column]) ?? 0n;
  return {
    tasks: read('tasks'),
    successes: read('successes'),
    failures: read('failures'),
    withoutFeedback: read('without_feedback'),
    requests: read('requests'),
    costPico: read('cost_high') * MONEY_SPLIT + read('cost_low'),
    costUnknownRequests: read('cost_unknown'),
  };
}

function emptyFigures(): TaskFigures {
  return { tasks: 0n, successes: 0n, failures: 0n, withoutFeedback: 0n, requests: 0n, costPico: 0n, costUnknownRequests: 0n };
}
