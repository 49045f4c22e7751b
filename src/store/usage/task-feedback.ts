/** Task outcomes: one row per task id, the last write winning (a client may correct itself). */
import type { Store } from '../store.js';

export interface TaskFeedback {
  taskId: string;
  success: boolean;
  /** When the outcome was reported, epoch ms. */
  atMs: number;
}

export async function recordTaskFeedback(store: Store, feedback: TaskFeedback): Promise<void> {
  await store.db
    .insertInto('task_feedback')
    .values({ task_id: feedback.taskId, success: feedback.success ? 1 : 0, at_ms: Math.trunc(feedback.atMs) })
    .onConflict((conflict) =>
      conflict.column('task_id').doUpdateSet((update) => ({ success: update.ref('excluded.success'), at_ms: update.ref('excluded.at_ms') })),
    )
    .execute();
}

export async function getTaskFeedback(store: Store, taskId: string): Promise<TaskFeedback | null> {
  const row = await store.db.selectFrom('task_feedback').selectAll().where('task_id', '=', taskId).executeTakeFirst();
  if (!row) return null;
  return { taskId: row.task_id, success: row.success === 1n, atMs: Number(row.at_ms) };
}
