/**
 * Task outcomes: POST /v1/feedback `{ "task_id", "success" }`, or `x-tollgate-task-success: true|false` on
 * a task's last request (read by the chat handler through the functions below). The last word wins.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { TollgateError } from '../../core/errors.js';
import type { Store, StoreLogger } from '../../store/store.js';
import { recordTaskFeedback } from '../../store/usage/task-feedback.js';
import { fromZodError } from '../dialects/invalid-request.js';
import { checkAdmin } from '../auth/check-admin.js';

export const TASK_SUCCESS_HEADER = 'x-tollgate-task-success';

export interface FeedbackRouteDeps {
  store: Store;
  adminKey: string | undefined;
  now: () => number;
}

const feedbackBody = z.strictObject({
  task_id: z.string().trim().min(1).max(256),
  success: z.boolean({ error: 'must be true or false' }),
});

export function registerFeedbackRoute(app: FastifyInstance, getDeps: () => FeedbackRouteDeps): void {
  app.post('/v1/feedback', async (request) => {
    const deps = getDeps();
    checkAdmin(request, deps.adminKey, 'loopback');
    const parsed = feedbackBody.safeParse(request.body);
    if (!parsed.success) throw fromZodError(parsed.error);
    const atMs = deps.now();
    await recordTaskFeedback(deps.store, { taskId: parsed.data.task_id, success: parsed.data.success, atMs });
    return { object: 'task_feedback', task_id: parsed.data.task_id, success: parsed.data.success, recorded_at: new Date(atMs).toISOString() };
  });
}

/**
 * The outcome a request announces for its task, or undefined when it announces none. Call it before the
 * request goes upstream: a bad value, or an outcome without `x-tollgate-task`, is the client's 400.
 */
export function readTaskSuccessHeader(headers: Readonly<Record<string, string | string[] | undefined>>, task: string | undefined): boolean | undefined {
  const raw = headers[TASK_SUCCESS_HEADER];
  const value = (Array.isArray(raw) ? raw.join(',') : raw)?.trim().toLowerCase();
  if (value === undefined || value === '') return undefined;
  if (value !== 'true' && value !== 'false') {
    throw new TollgateError('invalid_request', `${TASK_SUCCESS_HEADER} must be true or false; got "${value}"`, { param: TASK_SUCCESS_HEADER, isRetryable: false });
  }
  if (task === undefined) {
    throw new TollgateError('invalid_request', `${TASK_SUCCESS_HEADER} needs the task it is about: send x-tollgate-task (or metadata.task) too`, {
      param: TASK_SUCCESS_HEADER,
      isRetryable: false,
    });
  }
  return value === 'true';
}

/** Records an announced outcome; never rejects (a store problem is logged, the request is not failed for it). */
export async function recordTaskOutcome(deps: { store: Store; logger: StoreLogger; now: () => number }, task: string, success: boolean): Promise<void> {
  try {
    await recordTaskFeedback(deps.store, { taskId: task, success, atMs: deps.now() });
  } catch (error) {
    deps.logger.warn({ err: error instanceof Error ? error.message : String(error), task }, 'task feedback from x-tollgate-task-success was not recorded');
  }
}
