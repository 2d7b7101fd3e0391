import { DateTime } from 'luxon';
import type { z } from 'zod';
import type { MetricsLoad, MetricsQuery } from '../../../contracts/metrics.js';
import { rawExecutorOf, type Executor } from '../../db/client.js';
import { routingSettingsOf } from '../routing/routing-settings.js';
import { periodOf } from './reports.js';

/** The buckets of a period in the workspace's time zone (DST-aware), ending at `end`; the last boundary closes the last bucket. */
export function bucketsOf(start: Date, end: Date, timeZone: string, unit: 'hour' | 'day') {
  const starts: DateTime<true>[] = [];
  // Each day from the start of its calendar day: where one day begins at 01:00 (DST at midnight) the next still begins at 00:00.
  const next = (at: DateTime<true>) => (unit === 'hour' ? at.plus({ hours: 1 }) : at.plus({ days: 1 }).startOf('day'));
  for (let at = DateTime.fromJSDate(start, { zone: timeZone }) as DateTime<true>; at.toJSDate() < end; at = next(at)) starts.push(at);
  return { labels: starts.map((at) => (unit === 'hour' ? at.toFormat("yyyy-MM-dd'T'HH:mm") : at.toISODate()!)), boundaries: [...starts.map((at) => at.toJSDate()), end] };
}

/**
 * Load over time, from the folded spans: active conversations per bucket against the capacity of the
 * members on shift, and per member their average load, time on shift, online, and both at once.
 * Follows the team and agent filters (the other filters describe conversations' cycles, not load).
 */
export async function loadReport(db: Executor, workspaceId: string, query: MetricsQuery, now: Date): Promise<z.infer<typeof MetricsLoad>> {
  const settings = await routingSettingsOf(db, workspaceId);
  const { start, end: periodEnd } = periodOf(query, settings.timeZone);
  const end = new Date(Math.max(start.getTime(), Math.min(periodEnd.getTime(), now.getTime())));
  const granularity = periodEnd.getTime() - start.getTime() <= 7 * 86_400_000 ? 'hour' : 'day';
  const { labels, boundaries } = bucketsOf(start, end, settings.timeZone, granularity);
  const raw = rawExecutorOf(db);
  const period = { from: query.from, to: query.to, timeZone: settings.timeZone };
  const members = (
    await raw.query(
      `select m.id, u.name, coalesce(m.capacity, $2::int) as capacity from memberships m join users u on u.id = m.user_id
        where m.workspace_id = $1 and (m.status = 'active'
               or exists (select 1 from metric_load_spans s where s.membership_id = m.id and s.started_at < $4 and (s.ended_at is null or s.ended_at > $3))
               or exists (select 1 from metric_member_spans s where s.membership_id = m.id and s.started_at < $4 and (s.ended_at is null or s.ended_at > $3)))
          ${query.teamId ? 'and exists (select 1 from team_members t where t.membership_id = m.id and t.team_id = $5)' : ''}
          ${query.memberId ? `and m.id = $${query.teamId ? 6 : 5}` : ''}
        order by u.name`,
      [workspaceId, settings.defaultCapacity, start.toISOString(), end.toISOString(), ...(query.teamId ? [query.teamId] : []), ...(query.memberId ? [query.memberId] : [])],
    )
  ).rows as { id: string; name: string; capacity: number }[];
  if (end <= start || labels.length === 0) return { period, granularity, series: [], agents: [] };
  const memberIds = members.map((member) => member.id);
  const capacities = members.map((member) => member.capacity);

  const clipped = (table: string, extra: string) =>
    `select *, greatest(started_at, $2) as a, least(coalesce(ended_at, $3), $3) as z from ${table}
      where workspace_id = $1 and started_at < $3 and (ended_at is null or ended_at > $2) ${extra}`;
  /**
   * Seconds per bucket of each measure, summed over the spans. A span adds its partial first and last
   * buckets as seconds, and the buckets it covers whole as one more span from the bucket after its
   * first to its last (a running count in `perBucket`): two grouped rows per span however long it
   * lasts, where a conversation left open for 90 days would otherwise add 90.
   */
  const spread = (spans: string, columns: string, measures: Record<string, string>) => {
    const b = '$4::timestamptz[]';
    const sums = (seconds: string) =>
      Object.entries(measures)
        .map(([name, weight]) => `sum(k.${seconds} * ${weight}) as ${name}_s, sum(k.whole * ${weight}) as ${name}_whole`)
        .join(', ');
    // Each span once: its buckets, the seconds in its first and last one, whether it covers any whole.
    return `with k as (
        select ${columns}, ia, iz, (iz > ia + 1)::int as whole,
               date_part('epoch', (case when ia = iz then z else (${b})[ia + 1] end) - a) as first_s,
               case when ia = iz then 0 else date_part('epoch', z - (${b})[iz]) end as last_s
          from (select s.*, width_bucket(s.a, ${b}) as ia, least(width_bucket(s.z, ${b}), cardinality(${b}) - 1) as iz from (${spans}) s where s.z > s.a) s)
      select 'first' as side, k.ia as i, ${sums('first_s')} from k group by k.ia
      union all
      select 'last', k.iz, ${sums('last_s')} from k group by k.iz`;
  };
  const conversationFilter = [
    query.teamId ? 'and team_id = $5' : '',
    query.memberId ? `and membership_id = $${query.teamId ? 6 : 5}` : '',
  ].join(' ');
  const filterValues = [...(query.teamId ? [query.teamId] : []), ...(query.memberId ? [query.memberId] : [])];
  const bounds = [workspaceId, start.toISOString(), end.toISOString(), boundaries.map((at) => at.toISOString())];
  const [openRows, capacityRows, ownedRows, presenceRows] = await Promise.all([
    raw.query(spread(clipped('metric_load_spans', conversationFilter), '(membership_id is not null)::int as owned', { open: '1', assigned: 'k.owned' }), [...bounds, ...filterValues]),
    raw.query(
      spread(
        `select s.*, c.capacity from (${clipped('metric_member_spans', "and kind = 'on_shift' and membership_id = any($5::uuid[])")}) s join unnest($5::uuid[], $6::int[]) as c(id, capacity) on c.id = s.membership_id`,
        'capacity',
        { capacity: 'k.capacity' },
      ),
      [...bounds, memberIds, capacities],
    ),
    raw.query(
      `select membership_id as id, sum(date_part('epoch', z - a)) as owned_s from (${clipped('metric_load_spans', 'and membership_id = any($4::uuid[])')}) s where z > a group by 1`,
      [workspaceId, start.toISOString(), end.toISOString(), memberIds],
    ),
    raw.query(
      `with s as (${clipped('metric_member_spans', 'and membership_id = any($4::uuid[])')})
       select membership_id as id, kind, sum(extract(epoch from z - a)) as seconds from s where z > a group by 1, 2
       union all
       select x.membership_id, 'available', sum(extract(epoch from least(x.z, y.z) - greatest(x.a, y.a)))
         from s x join s y on y.membership_id = x.membership_id and x.kind = 'on_shift' and y.kind = 'online' and x.a < y.z and y.a < x.z
        group by 1`,
      [workspaceId, start.toISOString(), end.toISOString(), memberIds],
    ),
  ]);
  const lengths = boundaries.slice(0, -1).map((at, index) => (boundaries[index + 1]!.getTime() - at.getTime()) / 1000);
  // Partial seconds, plus the running count of spans covering the bucket whole times its length.
  const perBucket = (rows: Record<string, unknown>[], measure: string) => {
    const seconds = labels.map(() => 0);
    const change = labels.map(() => 0);
    for (const row of rows) {
      const index = Number(row.i) - 1;
      seconds[index]! += Number(row[`${measure}_s`] ?? 0);
      const whole = Number(row[`${measure}_whole`] ?? 0);
      // Spans counted by their first bucket start covering the next one; by their last, stop there.
      if (row.side === 'first' && index + 1 < change.length) change[index + 1]! += whole;
      if (row.side === 'last') change[index]! -= whole;
    }
    let covering = 0;
    return labels.map((_, index) => {
      covering += change[index]!;
      return seconds[index]! + covering * lengths[index]!;
    });
  };
  const round = (value: number) => Math.round(value * 100) / 100;
  const open = perBucket(openRows.rows as Record<string, unknown>[], 'open');
  const assigned = perBucket(openRows.rows as Record<string, unknown>[], 'assigned');
  const capacity = perBucket(capacityRows.rows as Record<string, unknown>[], 'capacity');
  const series = labels.map((at, index) => ({ at, open: round(open[index]! / lengths[index]!), assigned: round(assigned[index]! / lengths[index]!), capacity: round(capacity[index]! / lengths[index]!) }));

  const periodSeconds = (end.getTime() - start.getTime()) / 1000;
  const owned = new Map((ownedRows.rows as { id: string; owned_s: unknown }[]).map((row) => [row.id, Number(row.owned_s)]));
  const presence = new Map((presenceRows.rows as { id: string; kind: string; seconds: unknown }[]).map((row) => [`${row.id}:${row.kind}`, Math.round(Number(row.seconds))]));
  const agents = members.map((member) => ({
    memberId: member.id,
    name: member.name,
    capacity: member.capacity,
    averageOpen: round((owned.get(member.id) ?? 0) / periodSeconds),
    onShiftSeconds: presence.get(`${member.id}:on_shift`) ?? 0,
    onlineSeconds: presence.get(`${member.id}:online`) ?? 0,
    availableSeconds: presence.get(`${member.id}:available`) ?? 0,
  }));
  return { period, granularity, series, agents };
}
