import { DateTime } from 'luxon';
import type { z } from 'zod';
import type { AgentFigures, MetricsQuery, MetricsSummary } from '../../../contracts/metrics.js';
import { rawExecutorOf, type Executor } from '../../db/client.js';
import { routingSettingsOf } from '../routing/routing-settings.js';
import { type CycleFigures, summary } from './cycle-figures.js';
import type { Cycle } from './fold-cycles.js';

export type ReportRow = { cycle: Cycle; figures: CycleFigures; displayNumber: number; contactName: string | null };

/** The period in absolute instants: [from 00:00, to + 1 day 00:00) in the workspace's time zone. */
export function periodOf(query: Pick<MetricsQuery, 'from' | 'to'>, timeZone: string) {
  const start = DateTime.fromISO(query.from, { zone: timeZone }).startOf('day');
  const end = DateTime.fromISO(query.to, { zone: timeZone }).plus({ days: 1 }).startOf('day');
  return { start: start.toJSDate(), end: end.toJSDate() };
}

/** The WHERE clause for a report's cycles (alias `m` = metric_cycles, `c` = conversations). */
function cycleFilter(workspaceId: string, query: MetricsQuery, timeZone: string) {
  const { start, end } = periodOf(query, timeZone);
  const values: unknown[] = [workspaceId, start.toISOString(), end.toISOString()];
  const where = ['m.workspace_id = $1', 'm.cycle_start >= $2', 'm.cycle_start < $3'];
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
  return { where: where.join(' and '), values, start, end };
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

type Summary = z.infer<typeof MetricsSummary>;
const stat = (row: Record<string, unknown>, prefix: string) => ({
  count: Number(row[`${prefix}_n`] ?? 0),
  average: row[`${prefix}_avg`] === null ? null : Number(row[`${prefix}_avg`]),
  median: row[`${prefix}_p50`] === null ? null : Number(row[`${prefix}_p50`]),
  p90: row[`${prefix}_p90`] === null ? null : Number(row[`${prefix}_p90`]),
});
/** count, rounded average, median and p90 (nearest rank, as `summary()` in cycle-figures.ts). */
const aggregates = (column: string, prefix: string) =>
  `count(${column}) as ${prefix}_n, round(avg(${column}))::int as ${prefix}_avg,
   percentile_disc(0.5) within group (order by ${column}) as ${prefix}_p50, percentile_disc(0.9) within group (order by ${column}) as ${prefix}_p90`;

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
  const from = `from metric_cycles m join conversations c on c.id = m.conversation_id where ${filter.where}`;
  const [row] = (
    await rawExecutorOf(db).query(
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
    )
  ).rows as Record<string, unknown>[];
  const [replies] = (
    await rawExecutorOf(db).query(`select ${aggregates('r.s', 'rs')}, ${aggregates('r.bs', 'rsb')} ${from.replace('where', 'cross join unnest(m.reply_s, m.reply_bs) as r(s, bs) where')}`, filter.values)
  ).rows as Record<string, unknown>[];
  const percent = (met: unknown, measured: unknown) => (Number(measured) ? Math.round((Number(met) / Number(measured)) * 1000) / 10 : null);
  const r = row!;
  return {
    period: { from: query.from, to: query.to, timeZone: settings.timeZone },
    cycles: Number(r.cycles),
    conversations: { new: Number(r.new), reopened: Number(r.reopened), resolved: Number(r.resolved), handoffs: Number(r.handoffs), escalations: Number(r.escalations), lost: Number(r.lost) },
    firstResponse: { clock: stat(r, 'fr'), business: stat(r, 'frb') },
    replyTime: { clock: stat(replies!, 'rs'), business: stat(replies!, 'rsb') },
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

/** Per agent (people, through their memberships): handled, first responses, replies and their times. */
export async function agentTable(db: Executor, workspaceId: string, rows: ReportRow[]): Promise<z.infer<typeof AgentFigures>[]> {
  const members = (
    await rawExecutorOf(db).query(`select m.id, m.user_id, u.name from memberships m join users u on u.id = m.user_id where m.workspace_id = $1`, [workspaceId])
  ).rows as { id: string; user_id: string; name: string }[];
  const byUser = new Map(members.map((member) => [member.user_id, member]));
  const users = new Set(rows.flatMap((r) => [...r.cycle.handledByUserIds, ...r.cycle.waits.flatMap((w) => (w.answeredBy ? [w.answeredBy] : []))]));
  return [...users]
    .map((userId) => {
      const member = byUser.get(userId);
      // A cycle that began with a message from the business (a template) has no first response time.
      const firsts = rows.flatMap((r) => (r.cycle.firstResponderUserId === userId && r.figures.firstResponse ? [r.figures.firstResponse.clock] : []));
      const replies = rows.flatMap((r) => r.cycle.waits.filter((w) => w.answeredBy === userId && w.answeredAt).map((w) => Math.round((Date.parse(w.answeredAt!) - Date.parse(w.startedAt)) / 1000)));
      return {
        memberId: member?.id ?? null,
        name: member?.name ?? '—',
        handled: rows.filter((r) => r.cycle.handledByUserIds.includes(userId)).length,
        firstResponses: firsts.length,
        firstResponse: summary(firsts),
        replies: replies.length,
        replyTime: summary(replies),
        resolvedOwned: rows.filter((r) => r.cycle.resolvedAt && member && r.cycle.assigneeMembershipId === member.id).length,
      };
    })
    .sort((a, b) => b.handled - a.handled || a.name.localeCompare(b.name));
}

/** CSV as Excel opens it with accents intact: UTF-8 with a byte-order mark, quoted fields, CRLF. */
export function toCsv(header: string[], lines: (string | number | null | undefined)[][]): string {
  const cell = (value: string | number | null | undefined) => {
    if (value === null || value === undefined) return '';
    const text = String(value);
    return /[",\r\n;]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return `\uFEFF${[header, ...lines].map((line) => line.map(cell).join(',')).join('\r\n')}\r\n`;
}

const BUCKETS = [60, 300, 900, 1800, 3600, 4 * 3600, 24 * 3600];

/** Volume by day, the hour-of-week heatmap and the first-response distribution, from the same rows. */
export function series(rows: ReportRow[], query: Pick<MetricsQuery, 'from' | 'to'>, timeZone: string) {
  const days = new Map<string, { date: string; new: number; reopened: number; resolved: number; lost: number }>();
  for (let day = DateTime.fromISO(query.from, { zone: timeZone }); day.toISODate()! <= query.to; day = day.plus({ days: 1 })) {
    days.set(day.toISODate()!, { date: day.toISODate()!, new: 0, reopened: 0, resolved: 0, lost: 0 });
  }
  const local = (date: Date) => DateTime.fromJSDate(date, { zone: timeZone });
  const heat = new Map<string, number>();
  const histogram = [...BUCKETS, null].map((upTo) => ({ upTo, count: 0 }));
  for (const { cycle, figures } of rows) {
    const started = local(cycle.startedAt ?? cycle.openedAt);
    const day = days.get(started.toISODate()!);
    if (day) {
      if (cycle.cycle === 1) day.new++;
      else day.reopened++;
      if (figures.lost) day.lost++;
    }
    if (cycle.resolvedAt) {
      const resolvedDay = days.get(local(cycle.resolvedAt).toISODate()!);
      if (resolvedDay) resolvedDay.resolved++;
    }
    const key = `${started.weekday}|${started.hour}`;
    heat.set(key, (heat.get(key) ?? 0) + 1);
    if (figures.firstResponse) {
      const bucket = histogram.find((entry) => entry.upTo === null || figures.firstResponse!.clock <= entry.upTo)!;
      bucket.count++;
    }
  }
  return {
    byDay: [...days.values()],
    heatmap: [...heat.entries()].map(([key, count]) => {
      const [weekday, hour] = key.split('|').map(Number);
      return { weekday: weekday!, hour: hour!, count };
    }),
    firstResponseHistogram: histogram,
  };
}
