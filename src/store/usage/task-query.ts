/**
 * GET /v1/usage/tasks: per group, the tasks that had requests in the window, how many succeeded, failed or
 * got no feedback, and what all their requests in the window cost. A task whose requests span two models
 * counts once under each when grouped by model; the total counts it once.
 */
import { sql } from 'kysely';
import { integerOrNull } from '../exact-sum.js';
import type { Store } from '../store.js';
import { MONEY_SPLIT } from './rollup-columns.js';
import { executeTuned, REPORT_WORK_MEM_MB } from './tuned-query.js';
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
  const [grouped, totals] = await Promise.all([taskFigures(store, query, query.groupBy), taskFigures(store, query, [])]);
  grouped.sort((left, right) => compareDescending(left.figures.costPico, right.figures.costPico) || compareGroups(left.group, right.group));
  return { rows: grouped, total: totals[0]?.figures ?? emptyFigures() };
}

/**
 * Two queries, run at the same time: what the task requests cost per group (a plain aggregate), and each
 * group's distinct tasks joined to their outcomes. One query grouping by (group, task) with the cost sums
 * carried along took three times as long over a month of ten million requests.
 */
async function taskFigures(store: Store, query: TaskQuery, groupBy: readonly TaskDimension[]): Promise<TaskResult['rows']> {
  const keys = groupBy.map((dimension) => dimensionExpression('raw', dimension));
  const keySelect = keys.map((expression, index) => `${expression} as k${index}`);
  const split = MONEY_SPLIT.toString();
  const conditions = [sql`requests.task is not null`, timeCondition('raw', [query]), ...filterConditions('raw', query.filters)];
  const costSelect = [
    ...keySelect,
    'count(*) as requests',
    `coalesce(sum(requests.cost_pico / ${split}), 0) as cost_high`,
    `coalesce(sum(requests.cost_pico % ${split}), 0) as cost_low`,
    'sum(case when requests.cost_pico is null then 1 else 0 end) as cost_unknown',
  ].join(', ');
  const outcomeSelect = [
    ...keys.map((_, index) => `group_tasks.k${index} as k${index}`),
    'count(*) as tasks',
    'sum(case when task_feedback.success = 1 then 1 else 0 end) as successes',
    'sum(case when task_feedback.success = 0 then 1 else 0 end) as failures',
    'sum(case when task_feedback.task_id is null then 1 else 0 end) as without_feedback',
  ].join(', ');
  const tuned = { workMemMb: REPORT_WORK_MEM_MB };
  const [costs, outcomes] = await Promise.all([
    executeTuned(store, sql<Record<string, unknown>>`select ${sql.raw(costSelect)} from requests ${whereClause(conditions)} ${groupByPositions(keys.length)}`, tuned),
    executeTuned(
      store,
      sql<Record<string, unknown>>`
        select ${sql.raw(outcomeSelect)}
        from (select distinct ${sql.raw([...keySelect, 'requests.task as task'].join(', '))} from requests ${whereClause(conditions)}) group_tasks
        left join task_feedback on task_feedback.task_id = group_tasks.task
        ${groupByPositions(keys.length)}`,
      tuned,
    ),
  ]);
  const groupOf = (row: Record<string, unknown>): { key: string; group: UsageGroup } => {
    const group: UsageGroup = {};
    groupBy.forEach((dimension, index) => {
      group[dimension] = groupValue(row[`k${index}`]);
    });
    return { key: JSON.stringify(group), group };
  };
  const costByGroup = new Map(costs.rows.map((row) => [groupOf(row).key, row]));
  return outcomes.rows
    .filter((row) => (integerOrNull(row.tasks) ?? 0n) > 0n)
    .map((row) => {
      const { key, group } = groupOf(row);
      return { group, figures: figuresOf({ ...(costByGroup.get(key) ?? {}), ...row }) };
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
