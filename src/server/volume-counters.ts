/**
 * Month-to-date spend per volume price card, read on the request path without waiting on the
 * store: this instance's own increments count at once; everyone's reach it every few seconds,
 * when local increments are written and the totals read back.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Store } from '../store/store.js';
import { addVolumeUsage, readVolumeUsage, type VolumeIncrement } from '../store/volume-queries.js';

const REFRESH_MS = 5_000;

export class VolumeCounters {
  private month = '';
  private totals = new Map<string, bigint>();
  private pending = new Map<string, VolumeIncrement>();
  private timer: NodeJS.Timeout | undefined;
  private syncing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
    private readonly logger: Pick<FastifyBaseLogger, 'warn'>,
  ) {}

  async start(): Promise<void> {
    await this.sync();
    this.timer = setInterval(() => void this.sync(), REFRESH_MS);
    this.timer.unref();
  }

  /** List-price spend under the card so far this month, this request excluded. */
  monthToDate(cardKey: string, atMs: number): bigint {
    const month = monthOf(atMs);
    if (month !== this.month) return this.pending.get(`${month}\u0000${cardKey}`)?.deltaPico ?? 0n;
    return this.totals.get(cardKey) ?? 0n;
  }

  add(cardKey: string, atMs: number, basisPico: bigint): void {
    if (basisPico <= 0n) return;
    const month = monthOf(atMs);
    const key = `${month}\u0000${cardKey}`;
    const pending = this.pending.get(key);
    if (pending) pending.deltaPico += basisPico;
    else this.pending.set(key, { cardKey, month, deltaPico: basisPico });
    if (month === this.month) this.totals.set(cardKey, (this.totals.get(cardKey) ?? 0n) + basisPico);
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.sync();
  }

  /** Writes local increments, then reads everyone's totals for the current month. */
  private sync(): Promise<void> {
    this.syncing = this.syncing.then(async () => {
      const increments = [...this.pending.values()];
      this.pending = new Map();
      try {
        await addVolumeUsage(this.store, increments);
      } catch (error) {
        // Put them back for the next sync; the totals already count them.
        for (const increment of increments) {
          const key = `${increment.month}\u0000${increment.cardKey}`;
          const pending = this.pending.get(key);
          if (pending) pending.deltaPico += increment.deltaPico;
          else this.pending.set(key, increment);
        }
        this.logger.warn({ err: error }, 'volume usage not saved; retrying');
        return;
      }
      try {
        const month = monthOf(this.now());
        const totals = await readVolumeUsage(this.store, month);
        for (const increment of this.pending.values()) {
          if (increment.month === month) totals.set(increment.cardKey, (totals.get(increment.cardKey) ?? 0n) + increment.deltaPico);
        }
        this.month = month;
        this.totals = totals;
      } catch (error) {
        this.logger.warn({ err: error }, 'volume usage not read; keeping the last totals');
      }
    });
    return this.syncing;
  }
}

function monthOf(atMs: number): string {
  return new Date(atMs).toISOString().slice(0, 7);
}
