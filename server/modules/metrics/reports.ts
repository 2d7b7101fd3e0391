import { DateTime } from 'luxon';
import type { z } from 'zod';
import type { AgentFigures, MetricsQuery, MetricsSummary } from '../../../contracts/metrics.js';
import type { Schedule } from '../../../contracts/routing.js';
import { rawExecutorOf, type Executor } from '../../db/client.js';
import { routingSettingsOf } from '../routing/routing-settings.js';
import { type CycleFigures, cycleFigures, summary } from './cycle-figures.js';
import type { Cycle } from './fold-cycles.js';

export type ReportRow = { cycle: Cycle; figures: CycleFigures; displayNumber: number; contactName: string | null };

/** The period in absolute instants: [from 00:00, to + 1 day 00:00) in the workspace's time zone. */
export function periodOf(query: Pick<MetricsQuery, 'from' | 'to'>, timeZone: string) {
  const start = DateTime.fromISO(query.from, { zone: timeZone }).startOf('day');
  const end = DateTime.fromISO(query.to, { zone: timeZone }).plus({ days: 1 }).startOf('day');
  return { start: start.toJSDate(), end: end.toJSDate() };
}

/**
 * The cycles a report covers (those that started in the period, filtered) with their figures.
 * Everything a card, a table or an export shows is computed from these rows, so they agree.
 */
export async function reportRows(db: Executor, workspaceId: string, query: MetricsQuery, now: Date): Promise<{ rows: ReportRow[]; timeZone: string; settings: Awaited<ReturnType<typeof routingSettingsOf>> }> {
  const settings = await routingSettingsOf(db, workspaceId);
  const { start, end } = periodOf(query, settings.timeZone);
  const values: unknown[] = [workspaceId, start.toISOString(), end.toISOString()];
  const where: string[] = [];
  const add = (clause: string, value: unknown) => {
    values.push(value);
    where.push(clause.replace('?', `$${values.length}`));
  };
  if (query.teamId) add('m.team_id = ?', query.teamId);
  if (query.channelId) add('m.channel_id = ?', query.channelId);
  if (query.priority) add('m.priority = ?', query.priority);
  if (query.intent) add('lower(c.intent) = lower(?)', query.intent);
  if (query.tagId) add('exists (select 1 from conversation_tags ct where ct.conversation_id = m.conversation_id and ct.tag_id = ?)', query.tagId);
  if (query.memberId) {
    // Owned by the member, or handled (answered) by them.
    values.push(query.memberId);
    where.push(`(m.assignee_membership_id = $${values.length} or (select user_id from memberships where id = $${values.length}) = any(m.handled_by_user_ids))`);
  }
  const result = await rawExecutorOf(db).query(
    `select m.*, c.display_number, k.name as contact_name
       from metric_cycles m
       join conversations c on c.id = m.conversation_id
       join contacts k on k.id = c.contact_id
      where m.workspace_id = $1 and coalesce(m.started_at, m.opened_at) >= $2 and coalesce(m.started_at, m.opened_at) < $3
        ${where.map((clause) => `and ${clause}`).join(' ')}
      order by coalesce(m.started_at, m.opened_at), m.conversation_id, m.cycle`,
    values,
  );
  const schedules = new Map(
    ((await rawExecutorOf(db).query('select id, business_hours from teams where workspace_id = $1', [workspaceId])).rows as { id: string; business_hours: Schedule | null }[]).map((row) => [row.id, row.business_hours]),
  );
  const rows = (result.rows as Record<string, unknown>[]).map((row) => {
    const date = (value: unknown) => (value === null || value === undefined ? null : new Date(value as string));
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
    const schedule = (cycle.teamId ? schedules.get(cycle.teamId) : null) ?? settings.businessHours;
    const figures = cycleFigures(cycle, schedule, now);
    return { cycle, figures, displayNumber: row.display_number as number, contactName: row.contact_name as string | null };
  });
  return { rows, timeZone: settings.timeZone, settings };
}

const timing = (durations: ({ clock: number; business: number } | null)[]) => {
  const present = durations.filter((d): d is { clock: number; business: number } => d !== null);
  return { clock: summary(present.map((d) => d.clock)), business: summary(present.map((d) => d.business)) };
};

export function summarize(rows: ReportRow[], query: MetricsQuery, timeZone: string, settings: Awaited<ReturnType<typeof routingSettingsOf>>): z.infer<typeof MetricsSummary> {
  const { start, end } = periodOf(query, timeZone);
  const useBusiness = settings.sla.hours === 'business';
  const slaOf = (target: 'firstResponse' | 'resolution', pick: (f: CycleFigures) => { clock: number; business: number } | null) => {
    let measured = 0;
    let met = 0;
    for (const { cycle, figures } of rows) {
      const minutes = settings.sla.targets[cycle.priority as 'normal']?.[target];
      const value = pick(figures);
      if (!minutes || !value) continue;
      measured++;
      if ((useBusiness ? value.business : value.clock) <= minutes * 60) met++;
    }
    return { measured, met, percent: measured ? Math.round((met / measured) * 1000) / 10 : null };
  };
  return {
    period: { from: query.from, to: query.to, timeZone },
    cycles: rows.length,
    conversations: {
      new: rows.filter((r) => r.cycle.cycle === 1).length,
      reopened: rows.filter((r) => r.cycle.cycle > 1).length,
      resolved: rows.filter((r) => r.cycle.resolvedAt && r.cycle.resolvedAt >= start && r.cycle.resolvedAt < end).length,
      handoffs: rows.reduce((sum, r) => sum + r.cycle.handoffs, 0),
      escalations: rows.reduce((sum, r) => sum + r.cycle.escalations, 0),
      lost: rows.filter((r) => r.figures.lost).length,
    },
    firstResponse: timing(rows.map((r) => r.figures.firstResponse)),
    replyTime: timing(rows.flatMap((r) => r.figures.replies)),
    timeToAssignment: timing(rows.map((r) => r.figures.timeToAssignment)),
    timeInQueue: timing(rows.map((r) => r.figures.timeInQueue)),
    resolution: timing(rows.map((r) => r.figures.resolution)),
    sla: { firstResponse: slaOf('firstResponse', (f) => f.firstResponse), resolution: slaOf('resolution', (f) => f.resolution), breaches: rows.reduce((sum, r) => sum + r.cycle.slaBreaches, 0) },
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
