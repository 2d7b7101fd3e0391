import type { Schedule } from '../../../contracts/routing.js';
import { openTimeBetween } from '../routing/schedule.js';
import type { Cycle } from './fold-cycles.js';

/** A duration in both clocks: wall-clock seconds and seconds inside business hours. */
export type Duration = { clock: number; business: number };

export type CycleFigures = {
  firstResponse: Duration | null;
  replies: Duration[];
  timeToAssignment: Duration | null;
  timeInQueue: Duration | null;
  resolution: Duration | null;
  /** Customer waits never answered by a human before the 24-hour window closed or the cycle was resolved. */
  lostWaits: number;
  lost: boolean;
};

const WINDOW_MS = 24 * 3600 * 1000;

/**
 * The figures of one care cycle, per the definitions in docs/metrics.md. `schedule` gives business
 * hours (null: always open, so business = clock); `now` decides which open waits are already lost.
 */
export function cycleFigures(cycle: Cycle, schedule: Schedule | null, now: Date): CycleFigures {
  const span = (from: Date | null | undefined, to: Date | null | undefined): Duration | null =>
    from && to && to >= from ? { clock: Math.round((to.getTime() - from.getTime()) / 1000), business: Math.round(openTimeBetween(schedule, from, to) / 1000) } : null;
  const start = cycle.startedAt ?? null;
  const replies = cycle.waits.flatMap((wait) => {
    const answered = span(new Date(wait.startedAt), wait.answeredAt ? new Date(wait.answeredAt) : null);
    return answered ? [answered] : [];
  });
  const windowClosed = cycle.lastCustomerAt ? cycle.lastCustomerAt.getTime() + WINDOW_MS <= now.getTime() : false;
  const lostWaits = cycle.waits.filter((wait) => wait.answeredAt === null && (windowClosed || Boolean(cycle.resolvedAt))).length;
  return {
    firstResponse: span(start, cycle.firstResponseAt),
    replies,
    timeToAssignment: span(start ?? cycle.openedAt, cycle.firstAssignedAt),
    timeInQueue: span(cycle.queuedAt, cycle.queuedAt ? (cycle.firstAssignedAt && cycle.firstAssignedAt >= cycle.queuedAt ? cycle.firstAssignedAt : null) : null),
    resolution: span(start ?? cycle.openedAt, cycle.resolvedAt),
    lostWaits,
    lost: lostWaits > 0,
  };
}

/** Average, median and p90 of a list of seconds (never only averages). */
export function summary(values: number[]): { count: number; average: number | null; median: number | null; p90: number | null } {
  if (values.length === 0) return { count: 0, average: null, median: null, p90: null };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
  return { count: values.length, average: Math.round(values.reduce((sum, v) => sum + v, 0) / values.length), median: at(0.5), p90: at(0.9) };
}
