/**
 * Target health shared by every gateway instance through Redis: breaker transitions and
 * cooldowns are atomic Lua scripts (redis-health-scripts.ts), and each instance keeps a local
 * mirror so that the request path decides from memory.
 *
 * How stale the mirror can be: every change is published as it is written, so another instance
 * normally sees it within one pub/sub delivery (well under a millisecond on a LAN). A message lost
 * while the subscriber reconnects is caught by the refresh that follows the reconnect, and in any
 * case by the periodic refresh (`refreshIntervalMs`, default 2 s) — that is the worst case while
 * Redis is reachable. While Redis is unreachable, each instance applies its own outcomes to its
 * mirror (breakers keep working per instance) and Redis's state wins again once it is back.
 *
 * Round trips: `check` costs none unless the mirror says a probe is due (open period over, or
 * half-open), where the probe slot must be claimed atomically. `record` and `coolDown` cost one,
 * off the request path (callers need not await them). Open times and cooldowns are absolute
 * timestamps from each instance's clock, so instances are assumed NTP-synchronised.
 */
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { admitThroughBreaker, breakerVerdict, closedBreaker, DEFAULT_BREAKER_OPTIONS, recordBreakerOutcome, type BreakerOptions } from './circuit-breaker.js';
import { decodeHealthMessage, decodeHealthState, type VersionedHealthState } from './health-state-codec.js';
import { ADMIT_SCRIPT, COOL_DOWN_SCRIPT, RECORD_SCRIPT } from './redis-health-scripts.js';
import { breakerSkip, cooldownSkip, snapshotOf, type Admission, type HealthOutcome, type TargetHealth, type TargetHealthSnapshot } from './target-health.js';

export interface RedisTargetHealthOptions {
  /** A connection to use (the caller keeps owning it), or a URL to open one. */
  redis: Redis | string;
  /** Prefix of every key and of the channel, so that tests and deployments can share a server. */
  keyPrefix?: string;
  breaker?: Partial<BreakerOptions>;
  refreshIntervalMs?: number;
  /** A Redis call on the request path (claiming a probe) gives up after this long and admits. */
  commandTimeoutMs?: number;
  onError?: (error: unknown) => void;
}

const DAY_MS = 24 * 60 * 60 * 1000;

interface Script {
  text: string;
  sha: string;
}

function script(text: string): Script {
  return { text, sha: createHash('sha1').update(text).digest('hex') };
}

const SCRIPTS = { admit: script(ADMIT_SCRIPT), record: script(RECORD_SCRIPT), coolDown: script(COOL_DOWN_SCRIPT) };

export class RedisTargetHealth implements TargetHealth {
  private readonly mirror = new Map<string, VersionedHealthState>();
  private readonly breakerOptions: BreakerOptions;
  private readonly optionsJson: string;
  private readonly prefix: string;
  private readonly onError: (error: unknown) => void;
  private refreshTimer: NodeJS.Timeout | undefined;
  private isClosed = false;

  private constructor(
    private readonly redis: Redis,
    private readonly subscriber: Redis,
    private readonly ownsRedis: boolean,
    private readonly options: RedisTargetHealthOptions,
  ) {
    this.breakerOptions = { ...DEFAULT_BREAKER_OPTIONS, ...options.breaker };
    this.optionsJson = JSON.stringify(this.breakerOptions);
    this.prefix = options.keyPrefix ?? 'tollgate:health:';
    const report = options.onError ?? (() => undefined);
    // Work still in flight when we close (a refresh, a record) fails with "connection closed": not news.
    this.onError = (error) => (this.isClosed ? undefined : report(error));
  }

  /** Connects, subscribes and loads every known target's state before answering. */
  static async open(options: RedisTargetHealthOptions): Promise<RedisTargetHealth> {
    const ownsRedis = typeof options.redis === 'string';
    const redis = typeof options.redis === 'string' ? new Redis(options.redis) : options.redis;
    const subscriber = redis.duplicate();
    const health = new RedisTargetHealth(redis, subscriber, ownsRedis, options);
    try {
      await health.start();
    } catch (error) {
      await health.close();
      throw error;
    }
    return health;
  }

  get channel(): string {
    return `${this.prefix}events`;
  }

  async check(ref: string, nowMs: number): Promise<Admission> {
    const state = this.mirror.get(ref);
    if (!state) return { admitted: true, isProbe: false };
    if (state.cooldownUntilMs > nowMs) return cooldownSkip(ref, state.cooldownUntilMs, nowMs);
    const breaker = state.breaker;
    if (breaker.position === 'closed') return { admitted: true, isProbe: false };
    if (breaker.position === 'open' && nowMs < breaker.openUntilMs) return breakerSkip(ref, breaker, breaker.openUntilMs - nowMs);
    try {
      const reply = await this.withTimeout(this.run(SCRIPTS.admit, ref, nowMs, DAY_MS, []));
      const [admitted, kind, retryAfterMs, encoded] = readAdmitReply(reply);
      // The key expired (idle a day): the target starts over closed.
      if (encoded === null && kind === 'closed') this.mirror.delete(ref);
      const latest = encoded === null ? undefined : this.accept(ref, encoded);
      if (admitted) return { admitted: true, isProbe: kind === 'probe' };
      const current = latest ?? this.mirror.get(ref) ?? state;
      if (current.cooldownUntilMs > nowMs) return cooldownSkip(ref, current.cooldownUntilMs, nowMs);
      return breakerSkip(ref, current.breaker, retryAfterMs);
    } catch (error) {
      this.onError(error);
      const admission = admitThroughBreaker(breaker, nowMs, this.breakerOptions);
      this.mirror.set(ref, { ...state, breaker: admission.state });
      return admission.admitted ? { admitted: true, isProbe: admission.isProbe } : breakerSkip(ref, admission.state, admission.retryAfterMs);
    }
  }

  async record(ref: string, outcome: HealthOutcome, nowMs: number): Promise<void> {
    const verdict = breakerVerdict(outcome);
    // A neutral outcome only matters to a half-open breaker (it frees a probe slot).
    if (verdict === 'neutral' && this.mirror.get(ref)?.breaker.position !== 'half_open') return;
    try {
      const encoded = await this.run(SCRIPTS.record, ref, nowMs, DAY_MS, [verdict]);
      if (typeof encoded === 'string') this.accept(ref, encoded);
    } catch (error) {
      this.onError(error);
      const state = this.mirror.get(ref) ?? { version: 0, cooldownUntilMs: 0, breaker: closedBreaker() };
      this.mirror.set(ref, { ...state, breaker: recordBreakerOutcome(state.breaker, verdict, nowMs, this.breakerOptions) });
    }
  }

  async coolDown(ref: string, untilMs: number, nowMs: number): Promise<void> {
    if (untilMs <= nowMs) return;
    try {
      const encoded = await this.run(SCRIPTS.coolDown, ref, nowMs, Math.max(DAY_MS, untilMs - nowMs + DAY_MS), [String(Math.ceil(untilMs))]);
      if (typeof encoded === 'string') this.accept(ref, encoded);
    } catch (error) {
      this.onError(error);
      const state = this.mirror.get(ref) ?? { version: 0, cooldownUntilMs: 0, breaker: closedBreaker() };
      this.mirror.set(ref, { ...state, cooldownUntilMs: Math.max(state.cooldownUntilMs, untilMs) });
    }
  }

  snapshot(nowMs: number): TargetHealthSnapshot[] {
    return [...this.mirror.entries()].map(([ref, state]) => snapshotOf(ref, state, nowMs)).sort((left, right) => left.ref.localeCompare(right.ref));
  }

  /** Reloads every known target from Redis (the periodic safety net under pub/sub). */
  async refresh(): Promise<void> {
    if (this.isClosed) return;
    const refs = await this.redis.smembers(this.key('targets'));
    const counter = Number((await this.redis.get(this.key('version'))) ?? 0);
    // A counter below what we hold means Redis lost its data: start over from what it has now.
    const newest = Math.max(0, ...[...this.mirror.values()].map((state) => state.version));
    if (counter < newest) this.mirror.clear();
    for (let start = 0; start < refs.length; start += 500) {
      const chunk = refs.slice(start, start + 500);
      const values = await this.redis.mget(chunk.map((ref) => this.targetKey(ref)));
      chunk.forEach((ref, index) => {
        const value = values[index];
        if (value === null || value === undefined) {
          this.mirror.delete(ref);
          void this.redis.srem(this.key('targets'), ref).catch(this.onError);
        } else this.accept(ref, value);
      });
    }
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    clearInterval(this.refreshTimer);
    this.subscriber.disconnect();
    if (this.ownsRedis) await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private async start(): Promise<void> {
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      const decoded = decodeHealthMessage(message);
      if (decoded) this.acceptState(decoded.ref, decoded.state);
    });
    this.subscriber.on('error', this.onError);
    await this.subscriber.subscribe(this.channel);
    // After a reconnect, messages published while away are lost: reload everything.
    this.subscriber.on('ready', () => void this.refresh().catch(this.onError));
    await this.refresh();
    this.refreshTimer = setInterval(() => void this.refresh().catch(this.onError), this.options.refreshIntervalMs ?? 2000);
    this.refreshTimer.unref();
  }

  private accept(ref: string, encoded: string): VersionedHealthState | undefined {
    const state = decodeHealthState(encoded);
    if (state) this.acceptState(ref, state);
    return state;
  }

  private acceptState(ref: string, state: VersionedHealthState): void {
    const current = this.mirror.get(ref);
    if (!current || state.version > current.version) this.mirror.set(ref, state);
  }

  private run(which: Script, ref: string, nowMs: number, ttlMs: number, extra: string[]): Promise<unknown> {
    const keys = [this.targetKey(ref), this.key('targets'), this.key('version')];
    const args = [ref, String(Math.floor(nowMs)), this.optionsJson, this.channel, String(Math.ceil(ttlMs)), ...extra];
    return this.redis.evalsha(which.sha, keys.length, ...keys, ...args).catch((error: unknown) => {
      if (error instanceof Error && error.message.includes('NOSCRIPT')) return this.redis.eval(which.text, keys.length, ...keys, ...args);
      throw error;
    });
  }

  private withTimeout<T>(promise: Promise<T>): Promise<T> {
    const limitMs = this.options.commandTimeoutMs ?? 500;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer within ${limitMs} ms`)), limitMs);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }

  private key(name: string): string {
    return `${this.prefix}${name}`;
  }

  private targetKey(ref: string): string {
    return `${this.prefix}target:${ref}`;
  }
}

function readAdmitReply(reply: unknown): [boolean, string, number, string | null] {
  if (!Array.isArray(reply)) throw new Error('unexpected reply from the admit script');
  const [admitted, kind, retryAfterMs, encoded] = reply as unknown[];
  return [admitted === 1, String(kind), typeof retryAfterMs === 'number' ? retryAfterMs : 0, typeof encoded === 'string' ? encoded : null];
}
