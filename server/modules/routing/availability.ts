import type { Availability, RoutingSettings, Schedule } from '../../../contracts/routing.js';
import type { AppContext } from '../../context.js';
import { rawExecutorOf, type Executor } from '../../db/client.js';
import { recordEvents, systemActor } from '../../events/event-log.js';
import type { Candidate } from './choose-agent.js';
import { isOpenAt } from './schedule.js';

/** What routing sees: "online" only while the agent was active within the away timeout. */
export function effectiveStatus(chosen: Availability, lastActivityAt: Date | null, now: Date, awayAfterMinutes: number): Availability {
  if (chosen !== 'online') return chosen;
  if (!lastActivityAt) return 'away';
  return now.getTime() - lastActivityAt.getTime() <= awayAfterMinutes * 60_000 ? 'online' : 'away';
}

/**
 * Agents who chose "online" and went idle are recorded once as away, at the moment they went idle
 * (their last activity plus the away timeout): time online is folded from these events. Activity
 * clears the mark (routing.routes.ts).
 */
export async function recordIdleAgents(ctx: AppContext, now: Date) {
  await ctx.transaction(async (tx) => {
    const idleAt = `m.last_activity_at + make_interval(mins => coalesce((w.routing_settings->>'awayAfterMinutes')::int, 10))`;
    const { rows } = await rawExecutorOf(tx).query(
      `update memberships m set idle_since = coalesce(${idleAt}, $1)
         from workspaces w
        where w.id = m.workspace_id and m.status = 'active' and m.availability = 'online' and m.idle_since is null
          and (m.last_activity_at is null or ${idleAt} < $1)
        returning m.id, m.workspace_id, m.idle_since`,
      [now.toISOString()],
    );
    const idle = rows as { id: string; workspace_id: string; idle_since: Date | string }[];
    if (idle.length === 0) return;
    await recordEvents(
      tx,
      idle.map((row) => ({
        workspaceId: row.workspace_id,
        actor: systemActor,
        type: 'member.availability_changed',
        subjectType: 'member',
        subjectId: row.id,
        payload: { status: 'away', reason: 'idle', at: new Date(row.idle_since).toISOString() },
      })),
    );
  });
}

type Row = {
  id: string;
  name: string;
  role: string;
  status: string;
  availability: Availability;
  last_activity_at: Date | string | null;
  last_assigned_at: Date | string | null;
  shift: Schedule | null;
  own_capacity: number | null;
  team_capacity: number | null;
  open: number;
  team_ids: string[] | null;
};

export type AgentState = Candidate & { role: string; chosenStatus: Availability; lastActivityAt: Date | null; shift: Schedule | null; capacityOverride: number | null; teamIds: string[] };

const asDate = (value: Date | string | null) => (value === null ? null : value instanceof Date ? value : new Date(value));

/**
 * Members with everything availability depends on: shift, presence, open load against capacity.
 * With `teamId` only that team's members (and the team's capacity overrides); without, everyone.
 * Open load counts open and pending conversations across all teams.
 */
export async function loadAgents(db: Executor, workspaceId: string, teamId: string | null, now: Date, settings: RoutingSettings): Promise<AgentState[]> {
  const result = await rawExecutorOf(db).query(
    `select m.id, u.name, m.role, m.status, m.availability, m.last_activity_at, m.last_assigned_at, m.shift, m.capacity as own_capacity,
            ${teamId ? 'tm.capacity' : 'null::int'} as team_capacity,
            (select count(*)::int from conversations c where c.assignee_membership_id = m.id and c.status in ('open', 'pending')) as open,
            (select array_agg(t.team_id) from team_members t where t.membership_id = m.id) as team_ids
       from memberships m
       join users u on u.id = m.user_id
       ${teamId ? 'join team_members tm on tm.membership_id = m.id and tm.team_id = $2' : ''}
      where m.workspace_id = $1
      order by m.id`,
    teamId ? [workspaceId, teamId] : [workspaceId],
  );
  return (result.rows as Row[]).map((row) => {
    const lastActivityAt = asDate(row.last_activity_at);
    return {
      id: row.id,
      name: row.name,
      role: row.role,
      active: row.status === 'active',
      onShift: isOpenAt(row.shift, now),
      chosenStatus: row.availability,
      status: effectiveStatus(row.availability, lastActivityAt, now, settings.awayAfterMinutes),
      lastActivityAt,
      open: row.open,
      capacity: row.team_capacity ?? row.own_capacity ?? settings.defaultCapacity,
      capacityOverride: row.own_capacity,
      lastAssignedAt: asDate(row.last_assigned_at)?.getTime() ?? null,
      shift: row.shift,
      teamIds: row.team_ids ?? [],
    };
  });
}
