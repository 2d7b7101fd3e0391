import { z } from 'zod';
import { Id, TimeZone } from './common.js';
import { Priority } from './conversations.js';

// ── Schedules: team business hours and agent shifts share one shape ─────────────────────────────

const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a time like 09:00');
const Day = z.iso.date({ message: 'must be a date like 2026-12-25' });

/** One open interval in local wall time; `["09:00", "13:00"]`. An interval ending at 24:00 runs to midnight. */
export const Interval = z.tuple([ClockTime, ClockTime]).refine(([from, to]) => from < to, 'must end after it starts');

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const Weekday = z.enum(weekdays);
const DayIntervals = z.array(Interval).max(6).default([]);

export const Schedule = z.object({
  timeZone: TimeZone,
  weekly: z.object({ mon: DayIntervals, tue: DayIntervals, wed: DayIntervals, thu: DayIntervals, fri: DayIntervals, sat: DayIntervals, sun: DayIntervals }),
  /** Holidays (teams) or leave (agents): closed from `from` to `to`, both included. */
  daysOff: z
    .array(z.object({ from: Day, to: Day, name: z.string().trim().max(80).default('') }).refine((range) => range.from <= range.to, 'must end on or after it starts'))
    .max(400)
    .default([]),
  /** A date with its own hours (a Saturday opening, a short day); an empty list closes it. */
  specialDays: z.array(z.object({ date: Day, intervals: z.array(Interval).max(6) })).max(400).default([]),
});
export type Schedule = z.infer<typeof Schedule>;

// ── Routing rules ───────────────────────────────────────────────────────────────────────────────

export const Strategy = z.enum(['round_robin', 'least_loaded', 'sticky', 'queue']);
export type Strategy = z.infer<typeof Strategy>;

const Words = z.array(z.string().trim().min(1).max(200)).min(1, 'needs at least one value').max(200);

export const RuleCondition = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('channel'), channelIds: z.array(Id).min(1, 'needs at least one number') }),
  /** Keywords match whole words or phrases, ignoring case and accents; regex is case-insensitive over the accent-free text. */
  z.object({ kind: z.literal('text'), mode: z.enum(['keywords', 'regex']).default('keywords'), values: Words }),
  z.object({ kind: z.literal('intent'), values: Words }),
  z.object({ kind: z.literal('vip'), value: z.boolean().default(true) }),
  z.object({ kind: z.literal('contact_tag'), values: Words }),
  z.object({ kind: z.literal('contact_field'), field: z.string().trim().min(1).max(60), op: z.enum(['equals', 'contains', 'exists']), value: z.string().max(200).default('') }),
  z.object({ kind: z.literal('priority'), values: z.array(Priority).min(1) }),
  z.object({ kind: z.literal('business_hours'), state: z.enum(['open', 'closed']) }),
  z.object({ kind: z.literal('contact_history'), value: z.enum(['first', 'returning']) }),
  /** The customer repeats themselves: the same message (ignoring case and accents) this many times in the cycle. */
  z.object({ kind: z.literal('repeated'), times: z.number().int().min(2).max(10).default(2) }),
]);
export type RuleCondition = z.infer<typeof RuleCondition>;

export const RuleActions = z.object({
  teamId: Id.nullable().default(null),
  priority: Priority.nullable().default(null),
  tagIds: z.array(Id).max(20).default([]),
  intent: z.string().trim().min(1).max(60).nullable().default(null),
  strategy: Strategy.nullable().default(null),
  /** Hand to humans / supervisors: tag "Requiere humano", raise priority, supervisors' team, notify. */
  escalate: z.boolean().default(false),
});
export type RuleActions = z.infer<typeof RuleActions>;

const ruleFields = {
  name: z.string().trim().min(1, 'is required').max(80),
  enabled: z.boolean(),
  match: z.enum(['all', 'any']),
  conditions: z.array(RuleCondition).max(20),
  actions: RuleActions,
  /** Later rules are not evaluated once this one matches. */
  stop: z.boolean(),
};

export const RuleInput = z.object({
  ...ruleFields,
  enabled: ruleFields.enabled.default(true),
  match: ruleFields.match.default('all'),
  conditions: ruleFields.conditions.default([]),
  stop: ruleFields.stop.default(false),
});
/** Only the fields sent change (`actions` is replaced as a whole). */
export const RulePatch = z.object(ruleFields).partial();
export type RuleInput = z.infer<typeof RuleInput>;

export const Rule = RuleInput.extend({ id: Id, position: z.number().int(), createdAt: z.string(), updatedAt: z.string() });
export type Rule = z.infer<typeof Rule>;

export const RuleOrder = z.object({ ids: z.array(Id).min(1).max(500) });

export const RuleTestInput = z.object({
  /** The draft rule set, in order; without it the saved rules are tested. */
  rules: z.array(RuleInput).max(200).optional(),
  days: z.number().int().min(1).max(90).default(7),
  limit: z.number().int().min(1).max(2000).default(500),
});

const Count = z.object({ id: Id.nullable(), name: z.string().nullable(), count: z.number().int() });
export const RuleTestResult = z.object({
  total: z.number().int(),
  /** More conversations than `limit` in the period: only the newest `limit` were replayed. */
  limited: z.boolean(),
  byTeam: z.array(Count),
  byAgent: z.array(Count),
  byRule: z.array(Count),
  rows: z.array(
    z.object({
      conversationId: Id,
      displayNumber: z.number().int(),
      contactName: z.string().nullable(),
      text: z.string().nullable(),
      at: z.string(),
      ruleNames: z.array(z.string()),
      teamName: z.string().nullable(),
      agentName: z.string().nullable(),
      priority: Priority,
      escalate: z.boolean(),
    }),
  ),
});

// ── Settings, agents and their availability ────────────────────────────────────────────────────

const Minutes = z.number().int().min(1).max(60 * 24 * 30);
export const SlaTarget = z.object({ firstResponse: Minutes.nullable(), nextResponse: Minutes.nullable(), resolution: Minutes.nullable() });
export const RoutingSettings = z.object({
  /** An agent with no activity for this long counts as away. */
  awayAfterMinutes: z.number().int().min(1).max(24 * 60),
  /** Max open conversations for an agent with no capacity of their own. */
  defaultCapacity: z.number().int().min(0).max(1000),
  sla: z.object({
    enabled: z.boolean(),
    hours: z.enum(['business', 'clock']),
    /** The warning comes when this share of the target has elapsed. */
    warnAtPercent: z.number().int().min(10).max(99),
    targets: z.object({ low: SlaTarget, normal: SlaTarget, high: SlaTarget, urgent: SlaTarget }),
  }),
  /** Business hours for conversations without a team (and the SLA clock for them). */
  businessHours: Schedule.nullable(),
  /**
   * A conversation no rule and no number gives a team: `anyone` assigns it to whoever is available
   * (least loaded), `wait` leaves it in Unassigned for someone to take.
   */
  unmatched: z.enum(['anyone', 'wait']).describe('Conversations without a team: assigned to anyone available, or left in Unassigned'),
});
export type RoutingSettings = z.infer<typeof RoutingSettings>;
export const RoutingSettingsPatch = RoutingSettings.partial();

export const Availability = z.enum(['online', 'away', 'offline']);
export type Availability = z.infer<typeof Availability>;

export const AgentRouting = z.object({
  membershipId: Id,
  name: z.string(),
  role: z.string(),
  /** What the agent chose. */
  status: Availability,
  /** What routing sees: online only while active recently. */
  effectiveStatus: Availability,
  lastActivityAt: z.string().nullable(),
  onShift: z.boolean(),
  capacity: z.number().int(),
  open: z.number().int(),
  available: z.boolean(),
  shift: Schedule.nullable(),
  capacityOverride: z.number().int().nullable(),
  teamIds: z.array(Id),
});
export const AgentRoutingPatch = z
  .object({ capacity: z.number().int().min(0).max(1000).nullable(), shift: Schedule.nullable(), status: Availability })
  .partial()
  .refine((value) => Object.keys(value).length > 0, 'send at least one field to change');
export const StatusInput = z.object({ status: Availability });

export const ShiftEndPolicy = z.enum(['keep', 'queue', 'reassign']);
export const TeamRouting = z.object({
  businessHours: Schedule.nullable(),
  shiftEndPolicy: ShiftEndPolicy,
  defaultStrategy: Strategy,
  /** Sent once per closed period when a customer writes out of hours; `{{next_open}}` becomes e.g. "mañana a las 9:00". */
  outOfHoursReply: z.string().trim().max(1000).nullable(),
  /** Per-member capacity inside this team (overrides the agent's own). */
  capacities: z.record(z.string(), z.number().int().min(0).max(1000)),
});
export const TeamRoutingPatch = TeamRouting.partial();

export const QueueEntry = z.object({
  teamId: Id.nullable(),
  teamName: z.string().nullable(),
  waiting: z.number().int(),
  oldestWaitingSince: z.string().nullable(),
  available: z.number().int(),
});

/** The explanation stored with every routing decision (shown in the timeline). */
export const RoutingReason = z.object({
  ruleIds: z.array(z.string()),
  ruleNames: z.array(z.string()),
  teamId: z.string().nullable(),
  teamName: z.string().nullable(),
  strategy: Strategy,
  assignee: z.object({ id: z.string(), name: z.string(), open: z.number(), capacity: z.number() }).nullable(),
  skipped: z.array(z.object({ id: z.string(), name: z.string(), reason: z.enum(['off_shift', 'at_capacity', 'away', 'offline', 'inactive']) })),
  trigger: z.string(),
  fallback: z.enum(['team_empty', 'no_team']).optional().describe('team_empty: the team has no active members; no_team: no team and the workspace assigns those to anyone; either way anyone available in the workspace was considered'),
});
export type RoutingReason = z.infer<typeof RoutingReason>;
