import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { type Executor, rawExecutorOf, type Transaction } from '../../db/client.js';
import { defineJob } from '../../jobs/define-job.js';
import type { Schedule } from '../../../contracts/routing.js';
import { cycleFigures } from './cycle-figures.js';
import { type Cycle, type FoldEvent, foldCycles } from './fold-cycles.js';
import { foldLoadBatch } from './load-store.js';

const BATCH = 5000;

/**
 * Event ids come from a sequence: a transaction still open can commit a smaller id after a larger one
 * was read, and a rolled-back one leaves a hole forever. The fold takes events in id order up to the
 * first hole, and skips a hole once it has settled: every transaction running when it was first seen
 * has ended (the snapshot's xmin passed the xmax noted then) and it is at least HOLE_MIN_AGE_MS old
 * (an id is drawn a moment before its transaction may get an xid), or, as a last resort, it is
 * SETTLE_MS old. `bandeja metrics rebuild` re-reads everything anyway.
 */
export const SETTLE_MS = 30_000;
export const HOLE_MIN_AGE_MS = 1_000;

type Hole = { upTo: number; xmax: bigint; seenAt: number };

type FoldOptions = { settleMs?: number };

type Row = {
  conversation_id: string;
  cycle: number;
  workspace_id: string;
  channel_id: string | null;
  team_id: string | null;
  assignee_membership_id: string | null;
  priority: string;
  opened_at: Date | string;
  started_at: Date | string | null;
  last_customer_at: Date | string | null;
  queued_at: Date | string | null;
  first_assigned_at: Date | string | null;
  first_response_at: Date | string | null;
  first_responder_user_id: string | null;
  resolved_at: Date | string | null;
  human_replies: number;
  handoffs: number;
  escalations: number;
  sla_breaches: number;
  handled_by_user_ids: string[];
  waits: Cycle['waits'];
};

const date = (value: Date | string | null) => (value === null ? null : new Date(value));

function toCycle(row: Row): Cycle {
  return {
    conversationId: row.conversation_id,
    cycle: row.cycle,
    workspaceId: row.workspace_id,
    channelId: row.channel_id,
    teamId: row.team_id,
    assigneeMembershipId: row.assignee_membership_id,
    priority: row.priority,
    openedAt: new Date(row.opened_at),
    startedAt: date(row.started_at),
    lastCustomerAt: date(row.last_customer_at),
    queuedAt: date(row.queued_at),
    firstAssignedAt: date(row.first_assigned_at),
    firstResponseAt: date(row.first_response_at),
    firstResponderUserId: row.first_responder_user_id,
    resolvedAt: date(row.resolved_at),
    humanReplies: row.human_replies,
    handoffs: row.handoffs,
    escalations: row.escalations,
    slaBreaches: row.sla_breaches,
    handledByUserIds: row.handled_by_user_ids ?? [],
    waits: row.waits ?? [],
  };
}

async function readEvents(tx: Transaction, after: number): Promise<FoldEvent[]> {
  const rows = (
    await rawExecutorOf(tx).query(
      `select id, workspace_id, type, actor_type, actor_id, subject_type, subject_id, payload, created_at from events
        where id > $1 order by id limit $2`,
      [after, BATCH],
    )
  ).rows as { id: string | number; workspace_id: string | null; type: string; actor_type: string; actor_id: string | null; subject_type: string; subject_id: string; payload: Record<string, unknown>; created_at: Date | string }[];
  return rows.map((row) => ({
    id: Number(row.id),
    workspaceId: row.workspace_id,
    type: row.type,
    actorType: row.actor_type,
    actorId: row.actor_id,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    payload: row.payload,
    createdAt: new Date(row.created_at),
  }));
}

async function latestCycles(tx: Transaction, conversationIds: string[]): Promise<Map<string, Cycle>> {
  if (conversationIds.length === 0) return new Map();
  const rows = (
    await rawExecutorOf(tx).query(
      'select distinct on (conversation_id) * from metric_cycles where conversation_id = any($1::uuid[]) order by conversation_id, cycle desc',
      [conversationIds],
    )
  ).rows as Row[];
  return new Map(rows.map((row) => [row.conversation_id, toCycle(row)]));
}

/** Business hours per team (else the workspace's), for the durations stored with each cycle. */
async function schedulesFor(tx: Transaction, workspaceIds: string[]) {
  const teamRows = (await rawExecutorOf(tx).query('select id, business_hours from teams where workspace_id = any($1::uuid[])', [workspaceIds])).rows as { id: string; business_hours: Schedule | null }[];
  const workspaceRows = (await rawExecutorOf(tx).query('select id, routing_settings from workspaces where id = any($1::uuid[])', [workspaceIds])).rows as { id: string; routing_settings: { businessHours?: Schedule | null } }[];
  const teams = new Map(teamRows.map((row) => [row.id, row.business_hours]));
  const workspaces = new Map(workspaceRows.map((row) => [row.id, row.routing_settings?.businessHours ?? null]));
  return (cycle: Cycle) => (cycle.teamId ? teams.get(cycle.teamId) : null) ?? workspaces.get(cycle.workspaceId) ?? null;
}

async function saveCycles(tx: Transaction, cycles: Cycle[]) {
  if (cycles.length === 0) return;
  const iso = (value: Date | null | undefined) => value?.toISOString() ?? null;
  const scheduleOf = await schedulesFor(tx, [...new Set(cycles.map((cycle) => cycle.workspaceId))]);
  // Durations do not depend on "now" (only whether an open wait is lost does, which reports decide).
  const durations = new Map(cycles.map((cycle) => [cycle, cycleFigures(cycle, scheduleOf(cycle), new Date(0))]));
  await rawExecutorOf(tx).query(
    `insert into metric_cycles (conversation_id, cycle, workspace_id, channel_id, team_id, assignee_membership_id, priority, opened_at, started_at, last_customer_at,
                                queued_at, first_assigned_at, first_response_at, first_responder_user_id, resolved_at, human_replies, handoffs, escalations,
                                sla_breaches, handled_by_user_ids, waits, cycle_start, first_response_s, first_response_bs, reply_s, reply_bs, reply_by, assignment_s, assignment_bs,
                                queue_s, queue_bs, resolution_s, resolution_bs, open_waits)
     select v.conversation_id, v.cycle, v.workspace_id, v.channel_id, v.team_id, v.assignee_membership_id, v.priority, v.opened_at, v.started_at, v.last_customer_at,
            v.queued_at, v.first_assigned_at, v.first_response_at, v.first_responder_user_id, v.resolved_at, v.human_replies, v.handoffs, v.escalations,
            v.sla_breaches, v.handled_by_user_ids, v.waits, v.cycle_start, v.first_response_s, v.first_response_bs, v.reply_s, v.reply_bs, v.reply_by, v.assignment_s, v.assignment_bs,
            v.queue_s, v.queue_bs, v.resolution_s, v.resolution_bs, v.open_waits
       from jsonb_to_recordset($1::jsonb) as v(conversation_id uuid, cycle int, workspace_id uuid, channel_id uuid, team_id uuid, assignee_membership_id uuid, priority text,
            opened_at timestamptz, started_at timestamptz, last_customer_at timestamptz, queued_at timestamptz, first_assigned_at timestamptz, first_response_at timestamptz,
            first_responder_user_id uuid, resolved_at timestamptz, human_replies int, handoffs int, escalations int, sla_breaches int, handled_by_user_ids uuid[], waits jsonb,
            cycle_start timestamptz, first_response_s int, first_response_bs int, reply_s int[], reply_bs int[], reply_by uuid[], assignment_s int, assignment_bs int, queue_s int, queue_bs int,
            resolution_s int, resolution_bs int, open_waits int)
     on conflict (conversation_id, cycle) do update set
       channel_id = excluded.channel_id, team_id = excluded.team_id, assignee_membership_id = excluded.assignee_membership_id, priority = excluded.priority,
       opened_at = excluded.opened_at, started_at = excluded.started_at, last_customer_at = excluded.last_customer_at, queued_at = excluded.queued_at,
       first_assigned_at = excluded.first_assigned_at, first_response_at = excluded.first_response_at, first_responder_user_id = excluded.first_responder_user_id,
       resolved_at = excluded.resolved_at, human_replies = excluded.human_replies, handoffs = excluded.handoffs, escalations = excluded.escalations,
       sla_breaches = excluded.sla_breaches, handled_by_user_ids = excluded.handled_by_user_ids, waits = excluded.waits, cycle_start = excluded.cycle_start,
       first_response_s = excluded.first_response_s, first_response_bs = excluded.first_response_bs, reply_s = excluded.reply_s, reply_bs = excluded.reply_bs, reply_by = excluded.reply_by,
       assignment_s = excluded.assignment_s, assignment_bs = excluded.assignment_bs, queue_s = excluded.queue_s, queue_bs = excluded.queue_bs,
       resolution_s = excluded.resolution_s, resolution_bs = excluded.resolution_bs, open_waits = excluded.open_waits`,
    [
      JSON.stringify(
        cycles.map((c) => {
          const f = durations.get(c)!;
          const array = (values: (number | string)[]) => `{${values.join(',')}}`;
          return {
          cycle_start: iso(c.startedAt ?? c.openedAt),
          first_response_s: f.firstResponse?.clock ?? null,
          first_response_bs: f.firstResponse?.business ?? null,
          reply_s: array(f.replies.map((r) => r.clock)),
          reply_bs: array(f.replies.map((r) => r.business)),
          reply_by: array(answeredBy(c)),
          assignment_s: f.timeToAssignment?.clock ?? null,
          assignment_bs: f.timeToAssignment?.business ?? null,
          queue_s: f.timeInQueue?.clock ?? null,
          queue_bs: f.timeInQueue?.business ?? null,
          resolution_s: f.resolution?.clock ?? null,
          resolution_bs: f.resolution?.business ?? null,
          open_waits: c.waits.filter((wait) => wait.answeredAt === null).length,
          conversation_id: c.conversationId,
          cycle: c.cycle,
          workspace_id: c.workspaceId,
          channel_id: c.channelId ?? null,
          team_id: c.teamId ?? null,
          assignee_membership_id: c.assigneeMembershipId ?? null,
          priority: c.priority,
          opened_at: iso(c.openedAt),
          started_at: iso(c.startedAt),
          last_customer_at: iso(c.lastCustomerAt),
          queued_at: iso(c.queuedAt),
          first_assigned_at: iso(c.firstAssignedAt),
          first_response_at: iso(c.firstResponseAt),
          first_responder_user_id: c.firstResponderUserId ?? null,
          resolved_at: iso(c.resolvedAt),
          human_replies: c.humanReplies,
          handoffs: c.handoffs,
          escalations: c.escalations,
          sla_breaches: c.slaBreaches,
          handled_by_user_ids: `{${c.handledByUserIds.join(',')}}`,
          waits: c.waits,
          };
        }),
      ),
    ],
  );
  await saveReplies(tx, cycles, durations);
}

/** Each saved cycle's reply times as rows of their own (replacing what the cycle had before). */
async function saveReplies(tx: Transaction, cycles: Cycle[], durations: Map<Cycle, ReturnType<typeof cycleFigures>>) {
  const raw = rawExecutorOf(tx);
  await raw.query(
    `delete from metric_replies r using jsonb_to_recordset($1::jsonb) as v(conversation_id uuid, cycle int) where r.conversation_id = v.conversation_id and r.cycle = v.cycle`,
    [JSON.stringify(cycles.map((c) => ({ conversation_id: c.conversationId, cycle: c.cycle })))],
  );
  const rows = cycles.flatMap((c) => {
    const by = answeredBy(c);
    return durations.get(c)!.replies.map((reply, index) => ({
      conversation_id: c.conversationId,
      cycle: c.cycle,
      position: index + 1,
      workspace_id: c.workspaceId,
      cycle_start: (c.startedAt ?? c.openedAt).toISOString(),
      seconds: reply.clock,
      business_seconds: reply.business,
      by_user_id: by[index] ?? null,
    }));
  });
  if (rows.length === 0) return;
  await raw.query(
    `insert into metric_replies (conversation_id, cycle, position, workspace_id, cycle_start, seconds, business_seconds, by_user_id)
     select * from jsonb_to_recordset($1::jsonb) as v(conversation_id uuid, cycle int, position int, workspace_id uuid, cycle_start timestamptz, seconds int, business_seconds int, by_user_id uuid)`,
    [JSON.stringify(rows)],
  );
}

/** Who answered each answered wait, in the order of `cycleFigures(…).replies`. */
const answeredBy = (c: Cycle) => c.waits.filter((wait) => wait.answeredAt !== null && Date.parse(wait.answeredAt) >= Date.parse(wait.startedAt)).map((wait) => wait.answeredBy!);

/** How many of `ids` (ascending, all above `cursor`) can be folded: those without a hole before them, or at most `skipTo`. */
export function foldablePrefix(cursor: number, ids: number[], skipTo: number): number {
  let last = cursor;
  let count = 0;
  for (const id of ids) {
    if (id !== last + 1 && id > skipTo) break;
    last = id;
    count += 1;
  }
  return count;
}

type CursorRow = { last_event_id: string | number; hole_up_to: string | number | null; hole_xmax: string | null; hole_seen_at: Date | string | null };

/** One step: folds the next events after the cursor, up to a hole that has not settled. Returns how many it folded and whether it reached the end. */
async function step(tx: Transaction, settleMs: number): Promise<{ folded: number; caughtUp: boolean }> {
  const raw = rawExecutorOf(tx);
  // The oldest transaction still running, read before this one writes (and so holds an xid of its own).
  const [{ xmin }] = (await raw.query(`select pg_snapshot_xmin(pg_current_snapshot())::text as xmin`)).rows as [{ xmin: string }];
  // One fold at a time (the job and the folder in every process, and a rebuild).
  await raw.query(`select pg_advisory_xact_lock(hashtext('metrics'))`);
  await raw.query(`insert into metric_cursor (name, last_event_id) values ('events', 0) on conflict (name) do nothing`);
  const [row] = (await raw.query(`select last_event_id, hole_up_to, hole_xmax::text as hole_xmax, hole_seen_at from metric_cursor where name = 'events'`)).rows as [CursorRow];
  const cursor = Number(row.last_event_id);
  const now = Date.now();
  const settled = (hole: Hole | null): hole is Hole =>
    hole !== null && (now - hole.seenAt >= settleMs || (BigInt(xmin) >= hole.xmax && now - hole.seenAt >= Math.min(HOLE_MIN_AGE_MS, settleMs)));
  let hole: Hole | null =
    row.hole_up_to === null || row.hole_xmax === null || row.hole_seen_at === null
      ? null
      : { upTo: Number(row.hole_up_to), xmax: BigInt(row.hole_xmax), seenAt: new Date(row.hole_seen_at).getTime() };
  if (hole && hole.upTo <= cursor) hole = null;

  const events = await readEvents(tx, cursor);
  const ids = events.map((event) => event.id);
  let count = foldablePrefix(cursor, ids, settled(hole) ? hole.upTo : cursor);
  if (count < events.length) {
    // A hole right after what can be folded: note it (or keep the one noted), and skip it if it has
    // settled already. The xmax comes from a snapshot taken after the read: any transaction that can
    // still commit one of the missing ids was running then, so it is below it.
    if (!hole || hole.upTo <= (ids[count - 1] ?? cursor)) {
      const [{ xmax }] = (await raw.query(`select pg_snapshot_xmax(pg_current_snapshot())::text as xmax`)).rows as [{ xmax: string }];
      hole = { upTo: ids.at(-1)!, xmax: BigInt(xmax), seenAt: now };
    }
    if (settled(hole)) count = foldablePrefix(cursor, ids, hole.upTo);
  }
  const folded = events.slice(0, count);
  if (count === events.length || (hole && hole.upTo <= (ids[count - 1] ?? cursor))) hole = null;
  const caughtUp = count === events.length && events.length < BATCH;

  if (folded.length) {
    const conversationIds = [...new Set(folded.filter((event) => event.subjectType === 'conversation').map((event) => event.subjectId))].filter((id) => /^[0-9a-f-]{36}$/.test(id));
    const changed = foldCycles(await latestCycles(tx, conversationIds), folded);
    await saveCycles(tx, [...changed.values()]);
    await foldLoadBatch(tx, folded);
  }
  await raw.query(
    `update metric_cursor set last_event_id = $1, updated_at = now(), caught_up_at = case when $2 then now() else caught_up_at end,
            hole_up_to = $3, hole_xmax = $4::bigint, hole_seen_at = $5 where name = 'events'`,
    [folded.at(-1)?.id ?? cursor, caughtUp, hole?.upTo ?? null, hole ? hole.xmax.toString() : null, hole ? new Date(hole.seenAt).toISOString() : null],
  );
  return { folded: folded.length, caughtUp };
}

/**
 * Folds every event not yet folded, up to a hole still unsettled (the folder, the job; tests pass
 * `settleMs: 0` to skip holes at once). Returns how many events it folded.
 */
export async function rollUpMetrics(ctx: AppContext, options: FoldOptions = {}): Promise<number> {
  return (await rollUp(ctx, options)).folded;
}

/** The same, saying whether it reached the end or stopped at a hole to look at again later. */
export async function rollUp(ctx: AppContext, options: FoldOptions = {}): Promise<{ folded: number; caughtUp: boolean }> {
  let total = 0;
  for (;;) {
    const { folded, caughtUp } = await ctx.transaction((tx) => step(tx, options.settleMs ?? SETTLE_MS));
    total += folded;
    if (caughtUp || folded === 0) return { folded: total, caughtUp };
  }
}

/** How current the reports are: as of now when every committed event is folded, else as of the last time they were. */
export async function metricsFreshness(db: Executor, now: Date): Promise<{ asOf: string | null }> {
  const [row] = (
    await rawExecutorOf(db).query(
      `select c.caught_up_at, exists (select 1 from events e where e.id > coalesce(c.last_event_id, 0)) as behind
         from (select 1) one left join metric_cursor c on c.name = 'events'`,
    )
  ).rows as [{ caught_up_at: Date | string | null; behind: boolean }];
  if (!row.behind) return { asOf: now.toISOString() };
  return { asOf: row.caught_up_at ? new Date(row.caught_up_at).toISOString() : null };
}

/** `bandeja metrics rebuild`: forgets every cycle and folds the whole event log again. */
export async function rebuildMetrics(ctx: AppContext, options: FoldOptions = {}): Promise<number> {
  await ctx.transaction(async (tx) => {
    await rawExecutorOf(tx).query(`select pg_advisory_xact_lock(hashtext('metrics'))`);
    for (const table of ['metric_cycles', 'metric_replies', 'metric_load_spans', 'metric_load_state', 'metric_member_spans']) await rawExecutorOf(tx).query(`delete from ${table}`);
    await rawExecutorOf(tx).query(
      `insert into metric_cursor (name, last_event_id) values ('events', 0)
       on conflict (name) do update set last_event_id = 0, updated_at = now(), caught_up_at = null, hole_up_to = null, hole_xmax = null, hole_seen_at = null`,
    );
  });
  return rollUpMetrics(ctx, options);
}

export const rollUpMetricsJob = defineJob({
  name: 'metrics-rollup',
  schema: z.object({}).passthrough(),
  schedule: '* * * * *',
  retryLimit: 1,
  handler: async (ctx) => {
    await rollUpMetrics(ctx);
  },
});
