/**
 * Delivers budget alert events as signed Standard Webhooks, off the request path: `notify` returns at once,
 * deliveries retry with exponential backoff, and nothing here ever throws into a request. Each crossing is
 * sent once per window (see AlertDedupe).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { BudgetAlertEvent } from './budget-alert-events.js';
import { MemoryAlertDedupe } from './alert-dedupe.js';
import type { AlertDedupe } from './alert-dedupe.js';
import { signWebhook } from './webhook-signature.js';

export interface AlertLogger {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface AlertNotifierOptions {
  /** Default: in memory. Use RedisAlertDedupe when several instances run. */
  dedupe?: AlertDedupe;
  logger?: AlertLogger;
  /** Attempts per delivery, the first included (default 6: about a minute of retries). */
  maxAttempts?: number;
  /** First retry delay; doubles each time up to `maxBackoffMs` (defaults 1 s and 30 s). */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Per attempt (default 10 s). */
  timeoutMs?: number;
  /** Deliveries waiting or in flight beyond this are dropped with an error log (default 1000). */
  maxPending?: number;
  now?: () => number;
}

const RETRYABLE_STATUSES = new Set([408, 409, 425, 429]);

export class AlertNotifier {
  private readonly dedupe: AlertDedupe;
  private readonly pending = new Set<Promise<void>>();
  private readonly sleepers = new Map<NodeJS.Timeout, () => void>();
  private readonly clock: () => number;
  private isClosed = false;

  constructor(private readonly options: AlertNotifierOptions = {}) {
    this.clock = options.now ?? Date.now;
    this.dedupe = options.dedupe ?? new MemoryAlertDedupe(this.clock);
  }

  /** Queues the events' deliveries and returns at once; safe to pass as the engine's `onAlerts`. */
  notify(events: readonly BudgetAlertEvent[]): void {
    for (const event of events) {
      if (this.isClosed) return;
      if (this.pending.size >= (this.options.maxPending ?? 1000)) {
        this.options.logger?.error({ budget: event.data.budget, type: event.type }, 'budget alert dropped: too many webhook deliveries pending');
        continue;
      }
      const delivery = this.deliverOnce(event).catch((error: unknown) => {
        this.options.logger?.error({ budget: event.data.budget, err: error instanceof Error ? error.message : String(error) }, 'budget alert delivery failed');
      });
      this.pending.add(delivery);
      void delivery.finally(() => this.pending.delete(delivery));
    }
  }

  /** Resolves when every delivery queued so far has succeeded or given up. */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** Stops retrying; deliveries in flight finish, waiting retries are abandoned. */
  async close(): Promise<void> {
    this.isClosed = true;
    for (const [timer, wake] of this.sleepers) {
      clearTimeout(timer);
      wake();
    }
    this.sleepers.clear();
    await Promise.allSettled([...this.pending]);
  }

  private async deliverOnce(event: BudgetAlertEvent): Promise<void> {
    let isFirst: boolean;
    try {
      isFirst = await this.dedupe.claim(event.dedupeKey, event.dedupeTtlMs);
    } catch (error) {
      // Better a duplicate alert than a missing one when the shared dedupe store is down.
      this.options.logger?.warn({ err: error instanceof Error ? error.message : String(error) }, 'budget alert dedupe unavailable; sending anyway');
      isFirst = true;
    }
    if (!isFirst) return;
    const messageId = `msg_${createHash('sha256').update(event.dedupeKey).digest('base64url').slice(0, 27)}`;
    const body = JSON.stringify({ type: event.type, timestamp: new Date(event.occurredAtMs).toISOString(), data: event.data });
    const maxAttempts = this.options.maxAttempts ?? 6;
    for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
      const outcome = await this.post(event, messageId, body);
      if (outcome === 'delivered') return;
      if (outcome === 'rejected' || attempt === maxAttempts || this.isClosed) {
        this.options.logger?.error({ budget: event.data.budget, webhook: redactUrl(event.webhook), attempts: attempt }, 'budget alert not delivered');
        return;
      }
      await this.sleep(this.backoffMs(attempt));
      if (this.isClosed) return;
    }
  }

  private async post(event: BudgetAlertEvent, messageId: string, body: string): Promise<'delivered' | 'retry' | 'rejected'> {
    // A new timestamp (and signature) per attempt, so a receiver's replay window does not reject a late retry.
    const timestampSeconds = Math.floor(this.clock() / 1000);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'tollgate-budget-alerts',
      'webhook-id': messageId,
      'webhook-timestamp': String(timestampSeconds),
    };
    if (event.secret !== undefined) headers['webhook-signature'] = signWebhook(event.secret, messageId, timestampSeconds, body);
    try {
      const response = await fetch(event.webhook, { method: 'POST', headers, body, signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000) });
      await response.body?.cancel();
      if (response.ok) return 'delivered';
      const isRetryable = response.status >= 500 || RETRYABLE_STATUSES.has(response.status);
      this.options.logger?.warn({ budget: event.data.budget, status: response.status, webhook: redactUrl(event.webhook) }, 'budget alert webhook answered an error');
      return isRetryable ? 'retry' : 'rejected';
    } catch (error) {
      this.options.logger?.warn({ budget: event.data.budget, err: error instanceof Error ? error.message : String(error), webhook: redactUrl(event.webhook) }, 'budget alert webhook unreachable');
      return 'retry';
    }
  }

  private backoffMs(attempt: number): number {
    const base = Math.min(this.options.maxBackoffMs ?? 30_000, (this.options.initialBackoffMs ?? 1000) * 2 ** (attempt - 1));
    // Jitter spreads the retries of many instances alerting at once.
    return base / 2 + (randomBytes(2).readUInt16BE() / 65_535) * (base / 2);
  }

  private sleep(milliseconds: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.sleepers.delete(timer);
        resolve();
      }, milliseconds);
      timer.unref();
      this.sleepers.set(timer, resolve);
    });
  }
}

/** Webhook URLs often carry a token in their path or query; logs get the origin only. */
function redactUrl(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(invalid url)';
  }
}
