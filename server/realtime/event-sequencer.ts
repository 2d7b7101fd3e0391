import { asc, gt, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { events } from '../db/schema.js';
import type { EventBus } from '../events/event-bus.js';
import type { StoredEvent } from '../events/event-log.js';

type Logger = { warn(obj: unknown, message: string): void; error(obj: unknown, message: string): void };

export type SequencerOptions = { gapCheckMs?: number; pollMs?: number; maxGapMs?: number };

/**
 * Turns the after-commit event fan-out into one gap-free stream in id order, so a stream client can
 * resume from "the last id I saw" without missing anything.
 *
 * Ids come from a sequence, so transactions can commit out of order (id 41 after 42) and a rolled-back
 * transaction leaves a hole forever. The sequencer holds events above a hole until it is settled:
 * either the missing event commits (it arrives from the bus, or a re-read of the table finds it, which
 * also recovers anything a Redis outage dropped), or every transaction that was running when the hole
 * was seen has ended (`pg_current_snapshot()` xmin passed the xmax noted then): the hole was a rollback
 * and is skipped. `maxGapMs` is the last resort for a hole that never settles.
 */
export class EventSequencer {
  private watermark = 0;
  private readonly pending = new Map<number, StoredEvent>();
  private gap: { upTo: number; xmax: bigint; since: number } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private poller: NodeJS.Timeout | null = null;
  private checking = false;
  private unsubscribe: (() => void) | null = null;
  private readonly listeners = new Set<(batch: StoredEvent[]) => void>();
  private readonly gapCheckMs: number;
  private readonly pollMs: number;
  private readonly maxGapMs: number;

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
    options: SequencerOptions = {},
  ) {
    this.gapCheckMs = options.gapCheckMs ?? 25;
    this.pollMs = options.pollMs ?? 2_000;
    this.maxGapMs = options.maxGapMs ?? 15_000;
  }

  /** The highest id delivered: every event at or below it has been delivered or never existed. */
  get position() {
    return this.watermark;
  }

  async start(bus: EventBus) {
    const [row] = await this.db.select({ max: sql<string | null>`max(${events.id})` }).from(events);
    // Start a little behind the newest id: a transaction holding a lower id may still commit. No stream
    // is connected yet, so re-delivering those events reaches nobody; resuming clients replay from the table.
    this.watermark = Math.max(0, Number(row?.max ?? 0) - 1_000);
    await this.readCommitted();
    this.unsubscribe = bus.subscribe((event) => this.accept([event]));
    this.poller = setInterval(() => void this.check(), this.pollMs);
    this.poller.unref();
  }

  stop() {
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
    if (this.poller) clearInterval(this.poller);
    this.listeners.clear();
  }

  onEvents(listener: (batch: StoredEvent[]) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private accept(batch: StoredEvent[]) {
    for (const event of batch) if (event.id > this.watermark) this.pending.set(event.id, event);
    this.drain();
  }

  private drain() {
    const ready: StoredEvent[] = [];
    for (let next = this.pending.get(this.watermark + 1); next; next = this.pending.get(this.watermark + 1)) {
      ready.push(next);
      this.pending.delete(next.id);
      this.watermark = next.id;
    }
    if (this.gap && this.watermark >= this.gap.upTo) this.gap = null;
    if (ready.length) {
      for (const listener of this.listeners) {
        try {
          listener(ready);
        } catch (error) {
          this.logger.error({ err: error }, 'realtime listener failed');
        }
      }
    }
    if (this.pending.size && !this.timer) this.schedule(this.gapCheckMs);
  }

  private schedule(ms: number) {
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.check();
    }, ms);
    this.timer.unref();
  }

  /** Re-reads committed events above the watermark; settles a hole that no transaction can still fill. */
  private async check() {
    if (this.checking) return;
    this.checking = true;
    try {
      await this.readCommitted();
      if (this.pending.size === 0) return;
      const result = await this.db.execute(sql`select pg_snapshot_xmin(pg_current_snapshot())::text as xmin, pg_snapshot_xmax(pg_current_snapshot())::text as xmax`);
      const rows = (result as unknown as { rows: { xmin: string; xmax: string }[] }).rows[0]!;
      const maxPending = Math.max(...this.pending.keys());
      if (!this.gap) {
        this.gap = { upTo: maxPending, xmax: BigInt(rows.xmax), since: Date.now() };
      } else if (BigInt(rows.xmin) >= this.gap.xmax || Date.now() - this.gap.since > this.maxGapMs) {
        // Every transaction that could hold the missing ids has ended: read once more, then skip the holes.
        await this.readCommitted();
        const upTo = this.gap.upTo;
        if (Date.now() - this.gap.since > this.maxGapMs) this.logger.warn({ from: this.watermark + 1, upTo }, 'realtime: skipping events that never arrived');
        this.gap = null;
        while (this.watermark < upTo) {
          if (!this.pending.has(this.watermark + 1)) this.watermark += 1;
          this.drain();
        }
      }
      if (this.pending.size && !this.timer) this.schedule(Math.min(500, this.gapCheckMs * 4));
    } catch (error) {
      this.logger.error({ err: error }, 'realtime: reading the event log failed');
      if (this.pending.size && !this.timer) this.schedule(1_000);
    } finally {
      this.checking = false;
    }
  }

  private async readCommitted() {
    for (;;) {
      const rows = await this.db.select().from(events).where(gt(events.id, this.watermark)).orderBy(asc(events.id)).limit(1_000);
      if (rows.length === 0) return;
      const before = this.watermark;
      this.accept(rows.map((row) => ({ ...row, id: Number(row.id) })));
      if (rows.length < 1_000 || this.watermark === before) return;
    }
  }
}
