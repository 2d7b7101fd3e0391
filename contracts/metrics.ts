import { z } from 'zod';
import { Id } from './common.js';
import { Priority } from './conversations.js';

const Day = z.iso.date({ message: 'must be a date like 2026-12-01' });

export const MetricsQuery = z
  .object({
    /** First and last day, inclusive, in the workspace's time zone. */
    from: Day,
    to: Day,
    teamId: Id.optional(),
    memberId: Id.optional(),
    channelId: Id.optional(),
    priority: Priority.optional(),
    intent: z.string().trim().min(1).max(60).optional(),
    tagId: Id.optional(),
  })
  .refine((query) => query.from <= query.to, { message: 'must not be after to', path: ['from'] })
  .refine((query) => (Date.parse(query.to) - Date.parse(query.from)) / 86_400_000 <= 366, { message: 'a report covers at most 366 days', path: ['to'] });
export type MetricsQuery = z.infer<typeof MetricsQuery>;

/** Seconds: average, median and p90 (never only averages). */
export const Stat = z.object({ count: z.number().int(), average: z.number().nullable(), median: z.number().nullable(), p90: z.number().nullable() });
export const Timing = z.object({ clock: Stat, business: Stat });

export const MetricsSummary = z.object({
  period: z.object({ from: z.string(), to: z.string(), timeZone: z.string() }),
  cycles: z.number().int(),
  conversations: z.object({
    new: z.number().int(),
    reopened: z.number().int(),
    resolved: z.number().int(),
    handoffs: z.number().int(),
    escalations: z.number().int(),
    lost: z.number().int(),
  }),
  firstResponse: Timing,
  replyTime: Timing,
  timeToAssignment: Timing,
  timeInQueue: Timing,
  resolution: Timing,
  sla: z.object({
    firstResponse: z.object({ measured: z.number().int(), met: z.number().int(), percent: z.number().nullable() }),
    resolution: z.object({ measured: z.number().int(), met: z.number().int(), percent: z.number().nullable() }),
    breaches: z.number().int(),
  }),
  /** The figures include every event up to this instant (now, when nothing is left to fold); null before the first fold. */
  asOf: z.string().nullable(),
});
export type MetricsSummary = z.infer<typeof MetricsSummary>;

export const AgentFigures = z.object({
  memberId: Id.nullable(),
  name: z.string(),
  handled: z.number().int(),
  firstResponses: z.number().int(),
  firstResponse: Timing,
  replies: z.number().int(),
  replyTime: Timing,
  resolvedOwned: z.number().int(),
});

export const LiveMetrics = z.object({
  open: z.number().int(),
  unassigned: z.number().int(),
  waitingLongestSince: z.string().nullable(),
  teams: z.array(z.object({ teamId: Id.nullable(), name: z.string().nullable(), waiting: z.number().int(), oldestWaitingSince: z.string().nullable() })),
  agents: z.array(z.object({ memberId: Id, name: z.string(), status: z.enum(['online', 'away', 'offline']), onShift: z.boolean(), open: z.number().int(), capacity: z.number().int() })),
  slaBreachesLastHour: z.number().int(),
  at: z.string(),
});

export const LostConversation = z.object({ conversationId: Id, displayNumber: z.number().int(), cycle: z.number().int(), contactName: z.string().nullable(), lastCustomerAt: z.string().nullable(), teamId: Id.nullable() });

export const MetricsSeries = z.object({
  /** One entry per day of the period (workspace time zone), zeros included. */
  byDay: z.array(z.object({ date: z.string(), new: z.number().int(), reopened: z.number().int(), resolved: z.number().int(), lost: z.number().int() })),
  /** Cycles started per weekday (1 = Monday … 7 = Sunday) and hour (0–23), local time. */
  heatmap: z.array(z.object({ weekday: z.number().int(), hour: z.number().int(), count: z.number().int() })),
  /** First response times (clock) in buckets: upper bound in seconds (null: above the last). */
  firstResponseHistogram: z.array(z.object({ upTo: z.number().nullable(), count: z.number().int() })),
});

/** Load over time: see docs/metrics.md ("Load"). Seconds and time-weighted averages. */
export const MetricsLoad = z.object({
  period: z.object({ from: z.string(), to: z.string(), timeZone: z.string() }),
  /** Hours for periods up to 7 days, days beyond. */
  granularity: z.enum(['hour', 'day']),
  series: z.array(
    z.object({
      /** The bucket's start in the workspace's time zone: 2026-12-01 or 2026-12-01T14:00. */
      at: z.string(),
      /** Active (open or pending) conversations on average over the bucket. */
      open: z.number(),
      /** Of them, owned by a person. */
      assigned: z.number(),
      /** The capacity of the members on shift, on average over the bucket. */
      capacity: z.number(),
    }),
  ),
  agents: z.array(
    z.object({
      memberId: Id,
      name: z.string(),
      capacity: z.number().int(),
      /** Conversations owned on average over the period (time-weighted). */
      averageOpen: z.number(),
      onShiftSeconds: z.number().int(),
      onlineSeconds: z.number().int(),
      /** On shift and online at the same time. */
      availableSeconds: z.number().int(),
    }),
  ),
});
