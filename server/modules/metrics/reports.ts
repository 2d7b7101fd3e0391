import { DateTime } from 'luxon';
import type { z } from 'zod';
import type { AgentFigures, MetricsQuery, MetricsSummary } from '../../../contracts/metrics.js';
import { rawExecutorOf, type Executor } from '../../db/client.js';
import { routingSettingsOf } from '../routing/routing-settings.js';
import type { CycleFigures } from './cycle-figures.js';
import type { Cycle } from './fold-cycles.js';

export type ReportRow = { cycle: Cycle; figures: CycleFigures; displayNumber: number; contactName: string | null };

/** The period in absolute instants: [from 00:00, to + 1 day 00:00) in the workspace's time zone. */
export function periodOf(query: Pick<MetricsQuery, 'from' | 'to'>, timeZone: string) {
  const start = DateTime.fromISO(query.from, { zone: timeZone }).startOf('day');
  const end = DateTime.fromISO(query.to, { zone: timeZone }).plus({ days: 1 }).startOf('day');
  return { start: start.toJSDate(), end: end.toJSDate() };
}

/** The WHERE clause for a report's cycles (`alias` = metric_cycles or metric_replies, `c` = conversations). */
function cycleFilter(workspaceId: string, query: MetricsQuery, timeZone: string, alias = 'm') {
  const { start, end } = periodOf(query, timeZone);
  const values: unknown[] = [workspaceId, start.toISOString(), end.toISOString()];
  const where = [`${alias}.workspace_id = $1`, `${alias}.cycle_start >= $2`, `${alias}.cycle_start < $3`];
  const add = (clause: (n: number) => string, value: unknown) => {
    values.push(value);
    where.push(clause(values.length));
  };
  if (query.teamId) add((n) => `m.team_id = $${n}`, query.teamId);
  if (query.channelId) add((n) => `m.channel_id = $${n}`, query.channelId);
  if (query.priority) add((n) => `m.priority = $${n}`, query.priority);
  if (query.intent) add((n) => `lower(c.intent) = lower($${n})`, query.intent);
  if (query.tagId) add((n) => `exists (select 1 from conversation_tags ct where ct.conversation_id = m.conversation_id and ct.tag_id = $${n})`, query.tagId);
  // Owned by the member, or handled (answered) by them.
  if (query.memberId) add((n) => `(m.assignee_membership_id = $${n} or (select user_id from memberships where id = $${n}) = any(m.handled_by_user_ids))`, query.memberId);
  // Conversations are joined only when a filter reads them (the intent).
  const from = `from metric_cycles m${query.intent ? ' join conversations c on c.id = m.conversation_id' : ''}`;
  return { where: where.join(' and '), values, start, end, from };
}

/**
 * The reply rows (alias `r`) of a report's cycles: read alone when only the period filters them,
 * joined to their cycles when another filter does.
 */
function repliesOf(workspaceId: string, query: MetricsQuery, timeZone: string) {
  const byCycle = query.teamId || query.channelId || query.priority || query.intent || query.tagId || query.memberId;
  if (!byCycle) {
    const filter = cycleFilter(workspaceId, query, timeZone, 'r');
    return { sql: `from metric_replies r where ${filter.where}`, values: filter.values };
  }
  const filter = cycleFilter(workspaceId, query, timeZone);
  return { sql: `${filter.from} join metric_replies r on r.conversation_id = m.conversation_id and r.cycle = m.cycle where ${filter.where}`, values: filter.values };
}

/** A cycle lost: a wait never answered, once the window closed (24 h after the last customer message) or the cycle was resolved. */
const LOST = (nowParam: string) => `(m.open_waits > 0 and (m.resolved_at is not null or m.last_customer_at + interval '24 hours' <= ${nowParam}))`;

/**
 * The cycles a report covers (those that started in the period, filtered), with their stored
 * durations, for tables and exports. Cards aggregate the same rows in SQL (`summarize`), so they agree.
 */
export async function reportRows(db: Executor, workspaceId: string, query: MetricsQuery, now: Date): Promise<{ rows: ReportRow[]; timeZone: string; settings: Awaited<ReturnType<typeof routingSettingsOf>> }> {
  const settings = await routingSettingsOf(db, workspaceId);
  const filter = cycleFilter(workspaceId, query, settings.timeZone);
  const values = [...filter.values, now.toISOString()];
  const result = await rawExecutorOf(db).query(
    `select m.*, ${LOST(`$${values.length}`)} as lost, c.display_number, k.name as contact_name
       from metric_cycles m
       join conversations c on c.id = m.conversation_id
       join contacts k on k.id = c.contact_id
      where ${filter.where}
      order by m.cycle_start, m.conversation_id, m.cycle`,
    values,
  );
  const rows = (result.rows as Record<string, unknown>[]).map((row) => {
    const date = (value: unknown) => (value === null || value === undefined ? null : new Date(value as string));
    const duration = (clock: unknown, business: unknown) => (clock === null || clock === undefined ? null : { clock: Number(clock), business: Number(business) });
    const cycle: Cycle = {
      conversationId: row.conversation_id as string,
      cycle: row.cycle as number,
      workspaceId,
      channelId: row.channel_id as string | null,
      teamId: row.team_id as string | null,
      assigneeMembershipId: row.assignee_membership_id as string | null,
      priority: row.priority as string,
      openedAt: date(row.opened_at)!,
      startedAt: date(row.started_at),
      lastCustomerAt: date(row.last_customer_at),
      queuedAt: date(row.queued_at),
      firstAssignedAt: date(row.first_assigned_at),
      firstResponseAt: date(row.first_response_at),
      firstResponderUserId: row.first_responder_user_id as string | null,
      resolvedAt: date(row.resolved_at),
      humanReplies: row.human_replies as number,
      handoffs: row.handoffs as number,
      escalations: row.escalations as number,
      slaBreaches: row.sla_breaches as number,
      handledByUserIds: (row.handled_by_user_ids as string[]) ?? [],
      waits: (row.waits as Cycle['waits']) ?? [],
    };
    const replyS = (row.reply_s as number[]) ?? [];
    const replyBs = (row.reply_bs as number[]) ?? [];
    const lost = Boolean(row.lost);
    const figures: CycleFigures = {
      firstResponse: duration(row.first_response_s, row.first_response_bs),
      replies: replyS.map((clock, index) => ({ clock, business: replyBs[index]! })),
      timeToAssignment: duration(row.assignment_s, row.assignment_bs),
      timeInQueue: duration(row.queue_s, row.queue_bs),
      resolution: duration(row.resolution_s, row.resolution_bs),
      lostWaits: lost ? (row.open_waits as number) : 0,
      lost,
    };
    return { cycle, figures, displayNumber: row.display_number as number, contactName: row.contact_name as string | null };
  });
  return { rows, timeZone: settings.timeZone, settings };
}

type Summary = Omit<z.infer<typeof MetricsSummary>, 'asOf'>;
const stat = (row: Record<string, unknown>, prefix: string) => {
  // percentile_disc over no rows is null, not an array.
  const [median, p90] = (row[`${prefix}_pct`] as (number | null)[] | null) ?? [null, null];
  return {
    count: Number(row[`${prefix}_n`] ?? 0),
    average: row[`${prefix}_avg`] === null || row[`${prefix}_avg`] === undefined ? null : Number(row[`${prefix}_avg`]),
    median: median === null || median === undefined ? null : Number(median),
    p90: p90 === null || p90 === undefined ? null : Number(p90),
  };
};
/**
 * count, rounded average, and median and p90 by nearest rank (as `summary()` in cycle-figures.ts):
 * both percentiles from one sort of the column.
 */
const aggregates = (column: string, prefix: string) =>
  `count(${column}) as ${prefix}_n, round(avg(${column}))::int as ${prefix}_avg, percentile_disc(array[0.5, 0.9]) within group (order by ${column}) as ${prefix}_pct`;

/** The cards, aggregated in the database over the same cycles `reportRows` returns. */
export async function summarize(db: Executor, workspaceId: string, query: MetricsQuery, now: Date): Promise<Summary> {
  const settings = await routingSettingsOf(db, workspaceId);
  const filter = cycleFilter(workspaceId, query, settings.timeZone);
  const values = [...filter.values, now.toISOString()];
  const nowParam = `$${values.length}`;
  const suffix = settings.sla.hours === 'business' ? 'bs' : 's';
  const target = (kind: 'firstResponse' | 'resolution') =>
    `case m.priority ${(['low', 'normal', 'high', 'urgent'] as const).map((p) => `when '${p}' then ${(settings.sla.targets[p][kind] ?? 0) * 60}`).join(' ')} end`;
  const sla = (column: string, kind: 'firstResponse' | 'resolution') =>
    `count(*) filter (where m.${column}_${suffix} is not null and ${target(kind)} > 0) as ${column}_measured,
     count(*) filter (where m.${column}_${suffix} is not null and ${target(kind)} > 0 and m.${column}_${suffix} <= ${target(kind)}) as ${column}_met`;
  const from = `${filter.from} where ${filter.where}`;
  const raw = rawExecutorOf(db);
  const replyRows = repliesOf(workspaceId, query, settings.timeZone);
  const replies = (column: string, prefix: string) => raw.query(`select ${aggregates(`r.${column}`, prefix)} ${replyRows.sql}`, replyRows.values);
  // Independent scans run side by side on the pool's connections (sorting for percentiles is the cost).
  const [main, clockReplies, businessReplies] = await Promise.all([
    raw.query(
      `select count(*)::int as cycles,
              count(*) filter (where m.cycle = 1)::int as new, count(*) filter (where m.cycle > 1)::int as reopened,
              count(*) filter (where m.resolved_at >= $2 and m.resolved_at < $3)::int as resolved,
              coalesce(sum(m.handoffs), 0)::int as handoffs, coalesce(sum(m.escalations), 0)::int as escalations, coalesce(sum(m.sla_breaches), 0)::int as breaches,
              count(*) filter (where ${LOST(nowParam)})::int as lost,
              ${aggregates('m.first_response_s', 'fr')}, ${aggregates('m.first_response_bs', 'frb')},
              ${aggregates('m.assignment_s', 'as')}, ${aggregates('m.assignment_bs', 'asb')},
              ${aggregates('m.queue_s', 'q')}, ${aggregates('m.queue_bs', 'qb')},
              ${aggregates('m.resolution_s', 're')}, ${aggregates('m.resolution_bs', 'reb')},
              ${sla('first_response', 'firstResponse')}, ${sla('resolution', 'resolution')}
         ${from}`,
      values,
    ),
    replies('seconds', 'rs'),
    replies('business_seconds', 'rsb'),
  ]);
  const row = (main.rows as Record<string, unknown>[])[0];
  const clock = (clockReplies.rows as Record<string, unknown>[])[0]!;
  const business = (businessReplies.rows as Record<string, unknown>[])[0]!;
  const percent = (met: unknown, measured: unknown) => (Number(measured) ? Math.round((Number(met) / Number(measured)) * 1000) / 10 : null);
  const r = row!;
  return {
    period: { from: query.from, to: query.to, timeZone: settings.timeZone },
    cycles: Number(r.cycles),
    conversations: { new: Number(r.new), reopened: Number(r.reopened), resolved: Number(r.resolved), handoffs: Number(r.handoffs), escalations: Number(r.escalations), lost: Number(r.lost) },
    firstResponse: { clock: stat(r, 'fr'), business: stat(r, 'frb') },
    replyTime: { clock: stat(clock, 'rs'), business: stat(business, 'rsb') },
    timeToAssignment: { clock: stat(r, 'as'), business: stat(r, 'asb') },
    timeInQueue: { clock: stat(r, 'q'), business: stat(r, 'qb') },
    resolution: { clock: stat(r, 're'), business: stat(r, 'reb') },
    sla: {
      firstResponse: { measured: Number(r.first_response_measured), met: Number(r.first_response_met), percent: percent(r.first_response_met, r.first_response_measured) },
      resolution: { measured: Number(r.resolution_measured), met: Number(r.resolution_met), percent: percent(r.resolution_met, r.resolution_measured) },
      breaches: Number(r.breaches),
    },
  };
}

/** Per agent (people, through their memberships): handled, first responses, replies and their times (clock and business hours) — in SQL. */
export async function agentTable(db: Executor, workspaceId: string, query: MetricsQuery): Promise<z.infer<typeof AgentFigures>[]> {
  const settings = await routingSettingsOf(db, workspaceId);
  const filter = cycleFilter(workspaceId, query, settings.timeZone);
  const raw = rawExecutorOf(db);
  type Grouped = Record<string, unknown> & { id: string };
  const replyRows = repliesOf(workspaceId, query, settings.timeZone);
  // One scan of the cycles with three groupings (first responder, owner, who handled), beside one of
  // the reply rows. grouping() tells the sets apart: 3 = by first responder, 5 = by owner, 6 = by handlers.
  const [cycles, replies] = await Promise.all([
    raw.query(
      `select m.first_responder_user_id, m.assignee_membership_id, m.handled_by_user_ids,
              grouping(m.first_responder_user_id, m.assignee_membership_id, m.handled_by_user_ids)::int as set,
              count(*)::int as n, count(*) filter (where m.resolved_at is not null)::int as resolved, ${aggregates('m.first_response_s', 'fr')}, ${aggregates('m.first_response_bs', 'frb')}
         ${filter.from} where ${filter.where}
        group by grouping sets ((m.first_responder_user_id), (m.assignee_membership_id), (m.handled_by_user_ids))`,
      filter.values,
    ),
    raw.query(`select r.by_user_id as id, ${aggregates('r.seconds', 'rs')}, ${aggregates('r.business_seconds', 'rsb')} ${replyRows.sql} and r.by_user_id is not null group by 1`, replyRows.values),
  ]);
  const handledBy = new Map<string, { n: number }>();
  const firstsBy = new Map<string, Record<string, unknown>>();
  const ownedBy = new Map<string, { n: number }>();
  for (const row of cycles.rows as Record<string, unknown>[]) {
    if (row.set === 3 && row.first_responder_user_id && Number(row.fr_n)) firstsBy.set(row.first_responder_user_id as string, row);
    if (row.set === 5 && row.assignee_membership_id) ownedBy.set(row.assignee_membership_id as string, { n: Number(row.resolved) });
    if (row.set === 6) {
      for (const userId of (row.handled_by_user_ids as string[] | null) ?? []) handledBy.set(userId, { n: (handledBy.get(userId)?.n ?? 0) + Number(row.n) });
    }
  }
  const repliesBy = new Map((replies.rows as Grouped[]).map((row) => [row.id, row]));
  const userIds = [...new Set([...handledBy.keys(), ...firstsBy.keys(), ...repliesBy.keys()])];
  const people = (
    await raw.query(
      `select u.id as user_id, u.name, ms.id as member_id from unnest($2::uuid[]) as p(id)
         left join users u on u.id = p.id left join memberships ms on ms.user_id = p.id and ms.workspace_id = $1`,
      [workspaceId, userIds],
    )
  ).rows as { user_id: string | null; name: string | null; member_id: string | null }[];
  const names = new Map(people.map((row) => [row.user_id, row]));
  return userIds
    .map((userId) => {
      const person = names.get(userId);
      const memberId = person?.member_id ?? null;
      const first: Record<string, unknown> = firstsBy.get(userId) ?? {};
      const reply: Record<string, unknown> = repliesBy.get(userId) ?? {};
      return {
        memberId,
        name: person?.name ?? '—',
        handled: Number(handledBy.get(userId)?.n ?? 0),
        firstResponses: Number(first.fr_n ?? 0),
        firstResponse: { clock: stat(first, 'fr'), business: stat(first, 'frb') },
        replies: Number(reply.rs_n ?? 0),
        replyTime: { clock: stat(reply, 'rs'), business: stat(reply, 'rsb') },
        resolvedOwned: memberId ? (ownedBy.get(memberId)?.n ?? 0) : 0,
      };
    })
    .sort((x, y) => y.handled - x.handled || x.name.localeCompare(y.name));
}

/** CSV as Excel opens it with accents intact: UTF-8 with a byte-order mark, quoted fields, CRLF. */
export function toCsv(header: string[], lines: (string | number | null | undefined)[][]): string {
  const cell = (value: string | number | null | undefined) => {
    if (value === null || value === undefined) return '';
    // A customer's name like "=HYPERLINK(…)" must stay text in a spreadsheet.
    const text = typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : String(value);
    return /[",\r\n;]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return `\uFEFF${[header, ...lines].map((line) => line.map(cell).join(',')).join('\r\n')}\r\n`;
}

const BUCKETS = [60, 300, 900, 1800, 3600, 4 * 3600, 24 * 3600];

/** Volume by day, the hour-of-week heatmap and the first-response distribution, in SQL over the same cycles. */
export async function series(db: Executor, workspaceId: string, query: MetricsQuery, now: Date) {
  const settings = await routingSettingsOf(db, workspaceId);
  const timeZone = settings.timeZone;
  const filter = cycleFilter(workspaceId, query, timeZone);
  const values = [...filter.values, now.toISOString(), timeZone];
  const nowParam = `$${values.length - 1}`;
  const zone = `$${values.length}`;
  const base = `${filter.from} where ${filter.where}`;
  // Queries that do not need "now" get only the zone (PostgreSQL refuses unused parameters).
  const zoned = [...filter.values, timeZone];
  const zoneOnly = `$${zoned.length}`;
  const raw = rawExecutorOf(db);
  const bucketCounts = BUCKETS.map((upTo, i) => `count(*) filter (where m.first_response_s <= ${upTo}${i ? ` and m.first_response_s > ${BUCKETS[i - 1]}` : ''})::int as b${i}`).join(', ');
  // One scan grouped by the local hour feeds the days, the heatmap and the histogram; formatting
  // happens per group, not per row. Resolutions are grouped by their own day, beside it.
  const [hourly, resolvedByDay] = await Promise.all([
    raw.query(
      `select to_char(h, 'YYYY-MM-DD') as day, extract(isodow from h)::int as weekday, extract(hour from h)::int as hour, x.* from (
         select date_trunc('hour', m.cycle_start at time zone ${zone}) as h, count(*)::int as started, count(*) filter (where m.cycle = 1)::int as new,
                count(*) filter (where m.cycle > 1)::int as reopened, count(*) filter (where ${LOST(nowParam)})::int as lost,
                ${bucketCounts}, count(*) filter (where m.first_response_s > ${BUCKETS.at(-1)})::int as over
           ${base} group by 1) x`,
      values,
    ),
    raw.query(
      `select to_char(d, 'YYYY-MM-DD') as day, n from (
         select date_trunc('day', m.resolved_at at time zone ${zoneOnly}) as d, count(*)::int as n ${base} and m.resolved_at is not null group by 1) x`,
      zoned,
    ),
  ]);
  type Hour = Record<string, number> & { day: string; weekday: number; hour: number };
  const hours = hourly.rows as Hour[];
  const resolved = resolvedByDay.rows as { day: string; n: number }[];
  const heat = new Map<string, { weekday: number; hour: number; count: number }>();
  const counts: Record<string, number> = {};
  const started = new Map<string, { new: number; reopened: number; lost: number }>();
  for (const row of hours) {
    const cell = heat.get(`${row.weekday}:${row.hour}`) ?? heat.set(`${row.weekday}:${row.hour}`, { weekday: row.weekday, hour: row.hour, count: 0 }).get(`${row.weekday}:${row.hour}`)!;
    cell.count += Number(row.started);
    const day = started.get(row.day) ?? started.set(row.day, { new: 0, reopened: 0, lost: 0 }).get(row.day)!;
    day.new += Number(row.new);
    day.reopened += Number(row.reopened);
    day.lost += Number(row.lost);
    for (const key of [...BUCKETS.map((_, i) => `b${i}`), 'over']) counts[key] = (counts[key] ?? 0) + Number(row[key]);
  }
  const days = new Map<string, { date: string; new: number; reopened: number; resolved: number; lost: number }>();
  for (let day = DateTime.fromISO(query.from, { zone: timeZone }); day.toISODate()! <= query.to; day = day.plus({ days: 1 })) {
    days.set(day.toISODate()!, { date: day.toISODate()!, new: 0, reopened: 0, resolved: 0, lost: 0 });
  }
  for (const [day, figures] of started) Object.assign(days.get(day) ?? {}, figures);
  for (const row of resolved) {
    const day = days.get(row.day);
    if (day) day.resolved = row.n;
  }
  return {
    byDay: [...days.values()],
    heatmap: [...heat.values()],
    firstResponseHistogram: [...BUCKETS.map((upTo, i) => ({ upTo, count: Number(counts[`b${i}`] ?? 0) })), { upTo: null, count: Number(counts.over ?? 0) }],
  };
}
