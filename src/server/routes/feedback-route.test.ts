import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TollgateError } from '../../core/errors.js';
import { openStore } from '../../store/index.js';
import { getTaskFeedback } from '../../store/usage/task-feedback.js';
import { readTaskSuccessHeader, recordTaskOutcome } from './feedback-route.js';

describe('readTaskSuccessHeader', () => {
  it('reads true and false (any case), and nothing when absent', () => {
    expect(readTaskSuccessHeader({ 'x-tollgate-task-success': 'true' }, 'task-1')).toBe(true);
    expect(readTaskSuccessHeader({ 'x-tollgate-task-success': ' FALSE ' }, 'task-1')).toBe(false);
    expect(readTaskSuccessHeader({}, 'task-1')).toBeUndefined();
    expect(readTaskSuccessHeader({}, undefined)).toBeUndefined();
  });

  it('refuses another value, or an outcome without its task, with a 400 naming the header', () => {
    for (const [headers, task, message] of [
      [{ 'x-tollgate-task-success': 'yes' }, 'task-1', /must be true or false/],
      [{ 'x-tollgate-task-success': 'true' }, undefined, /needs the task/],
    ] as const) {
      let thrown: unknown;
      try {
        readTaskSuccessHeader(headers, task);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(TollgateError);
      expect(thrown).toMatchObject({ status: 400, param: 'x-tollgate-task-success', message: expect.stringMatching(message) });
    }
  });
});

describe('recordTaskOutcome', () => {
  it('records the outcome, the last one winning, and only logs when the store fails', async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'tollgate-feedback-'));
    const store = await openStore(`sqlite://${path.join(directory, 'feedback.db')}`);
    const warnings: string[] = [];
    const logger = { warn: (_: object, message: string) => warnings.push(message), error: () => undefined };
    try {
      await recordTaskOutcome({ store, logger, now: () => 1_000 }, 'task-9', false);
      await recordTaskOutcome({ store, logger, now: () => 2_000 }, 'task-9', true);
      expect(await getTaskFeedback(store, 'task-9')).toEqual({ taskId: 'task-9', success: true, atMs: 2_000 });
      await store.close();
      await recordTaskOutcome({ store, logger, now: () => 3_000 }, 'task-9', false);
      expect(warnings).toEqual(['task feedback from x-tollgate-task-success was not recorded']);
    } finally {
      await store.close();
      await rm(directory, { recursive: true, force: true });
    }
  });
});
