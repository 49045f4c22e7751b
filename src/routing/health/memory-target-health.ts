/** Target health for one gateway instance: breakers and cooldowns in a Map. */
import { admitThroughBreaker, breakerVerdict, closedBreaker, DEFAULT_BREAKER_OPTIONS, recordBreakerOutcome, type BreakerOptions } from './circuit-breaker.js';
import { breakerSkip, cooldownSkip, snapshotOf, type Admission, type HealthOutcome, type TargetHealth, type TargetHealthSnapshot, type TargetHealthState } from './target-health.js';

export class MemoryTargetHealth implements TargetHealth {
  private readonly states = new Map<string, TargetHealthState>();
  private readonly options: BreakerOptions;

  constructor(options: Partial<BreakerOptions> = {}) {
    this.options = { ...DEFAULT_BREAKER_OPTIONS, ...options };
  }

  check(ref: string, nowMs: number): Promise<Admission> {
    return Promise.resolve(this.checkNow(ref, nowMs));
  }

  /** The same decision as `check`, without a promise (memory needs no I/O). */
  checkNow(ref: string, nowMs: number): Admission {
    const state = this.states.get(ref);
    if (!state) return { admitted: true, isProbe: false };
    if (state.cooldownUntilMs > nowMs) return cooldownSkip(ref, state.cooldownUntilMs, nowMs);
    const admission = admitThroughBreaker(state.breaker, nowMs, this.options);
    state.breaker = admission.state;
    if (!admission.admitted) return breakerSkip(ref, admission.state, admission.retryAfterMs);
    return { admitted: true, isProbe: admission.isProbe };
  }

  record(ref: string, outcome: HealthOutcome, nowMs: number): Promise<void> {
    const verdict = breakerVerdict(outcome);
    const state = this.states.get(ref);
    if (!state && verdict === 'neutral') return Promise.resolve();
    const current = state ?? this.create(ref);
    current.breaker = recordBreakerOutcome(current.breaker, verdict, nowMs, this.options);
    return Promise.resolve();
  }

  coolDown(ref: string, untilMs: number, _nowMs: number): Promise<void> {
    const state = this.states.get(ref) ?? this.create(ref);
    state.cooldownUntilMs = Math.max(state.cooldownUntilMs, untilMs);
    return Promise.resolve();
  }

  snapshot(nowMs: number): TargetHealthSnapshot[] {
    return [...this.states.entries()].map(([ref, state]) => snapshotOf(ref, state, nowMs)).sort((left, right) => left.ref.localeCompare(right.ref));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private create(ref: string): TargetHealthState {
    const state: TargetHealthState = { breaker: closedBreaker(), cooldownUntilMs: 0 };
    this.states.set(ref, state);
    return state;
  }
}
