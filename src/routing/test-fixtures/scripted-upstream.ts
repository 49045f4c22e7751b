/**
 * An attempt function for run-attempts tests: each target answers from a script (after a delay,
 * success or a failure), honours its AbortSignal like the real one, and remembers every call.
 */
import type { UpstreamFailure } from '../../core/upstream-failure.js';
import type { AttemptResult } from '../attempt-lane.js';
import type { Target } from '../target.js';

export interface ScriptedAnswer {
  afterMs: number;
  /** `ok` answers `ok:<ref>`; otherwise the failure. Never answers when `hang`. */
  answer: 'ok' | 'hang' | UpstreamFailure;
}

export interface ScriptedCall {
  ref: string;
  startedAtMs: number;
  signal: AbortSignal;
  endedAtMs?: number;
  ending?: 'answered' | 'aborted';
}

export function scriptedUpstream(scripts: Record<string, ScriptedAnswer[]>): {
  attempt: (target: Target, signal: AbortSignal) => Promise<AttemptResult<string>>;
  calls: ScriptedCall[];
} {
  const calls: ScriptedCall[] = [];
  const served = new Map<string, number>();
  const attempt = (target: Target, signal: AbortSignal): Promise<AttemptResult<string>> => {
    const index = served.get(target.ref) ?? 0;
    served.set(target.ref, index + 1);
    const script = scripts[target.ref] ?? [];
    const step = script[Math.min(index, script.length - 1)] ?? { afterMs: 0, answer: 'ok' };
    const call: ScriptedCall = { ref: target.ref, startedAtMs: Date.now(), signal };
    calls.push(call);
    return new Promise((resolve) => {
      const end = (ending: ScriptedCall['ending'], result: AttemptResult<string>): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        call.endedAtMs = Date.now();
        call.ending = ending;
        resolve(result);
      };
      const onAbort = (): void => end('aborted', { ok: false, failure: { errorClass: 'cancelled', status: null, message: 'aborted' } });
      signal.addEventListener('abort', onAbort, { once: true });
      const answer = step.answer;
      const timer =
        answer === 'hang'
          ? undefined
          : setTimeout(() => end('answered', answer === 'ok' ? { ok: true, value: `ok:${target.ref}` } : { ok: false, failure: answer }), step.afterMs);
    });
  };
  return { attempt, calls };
}

export const SERVER_ERROR: UpstreamFailure = { errorClass: 'server_error', status: 500, message: 'internal error' };
export const INVALID_REQUEST: UpstreamFailure = { errorClass: 'invalid_request', status: 400, message: 'bad parameter' };
export const TIMEOUT: UpstreamFailure = { errorClass: 'timeout', status: null, message: 'no first token within 300 ms' };

export function rateLimited(retryAfterMs?: number): UpstreamFailure {
  return { errorClass: 'rate_limit', status: 429, message: 'slow down', ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
}
