import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Role } from '../../../contracts/common.js';
import type { Executor } from '../../db/client.js';
import { conversationParticipants, conversations, defaultInboxSettings, type InboxSettings, teamMembers, workspaces } from '../../db/schema.js';
import { forbidden, notFound } from '../../http/errors.js';
import type { Actor } from '../../http/policy.js';

/** Supervisors, admins and owners oversee every conversation; agents work their own. */
export function oversees(role: Role) {
  return role !== 'agent';
}

export async function inboxSettingsOf(db: Executor, workspaceId: string): Promise<InboxSettings> {
  const [row] = await db.select({ settings: workspaces.inboxSettings }).from(workspaces).where(eq(workspaces.id, workspaceId));
  return { ...defaultInboxSettings, ...(row?.settings ?? {}) };
}

/**
 * Who is looking: the role, the member (none for API tokens) and the member's teams. API tokens see
 * their whole workspace; so do agents unless the workspace limits them to their teams.
 */
export type Viewer = { workspaceId: string; role: Role; membershipId: string | null; teamIds: Set<string>; restricted: boolean };

export async function viewerOf(db: Executor, actor: Actor, settings?: InboxSettings): Promise<Viewer> {
  const base = { workspaceId: actor.workspaceId, role: actor.role };
  // Only agents can be limited to their teams; everyone else sees the workspace without a query.
  if (actor.kind !== 'user' || oversees(actor.role)) return { ...base, membershipId: actor.kind === 'user' ? actor.membershipId : null, teamIds: new Set(), restricted: false };
  const rows = await db
    .select({ settings: workspaces.inboxSettings, teamId: teamMembers.teamId })
    .from(workspaces)
    .leftJoin(teamMembers, eq(teamMembers.membershipId, actor.membershipId))
    .where(eq(workspaces.id, actor.workspaceId));
  const agentVisibility = (settings ?? { ...defaultInboxSettings, ...(rows[0]?.settings ?? {}) }).agentVisibility;
  const teamIds = new Set(rows.flatMap((row) => (row.teamId ? [row.teamId] : [])));
  return { ...base, membershipId: actor.membershipId, teamIds, restricted: agentVisibility === 'team' };
}

/** SQL condition on `conversations` for what the viewer may see (undefined = everything in the workspace). */
export function visibleTo(viewer: Viewer): SQL | undefined {
  if (!viewer.restricted) return undefined;
  const member = viewer.membershipId!;
  return sql`(${conversations.teamId} is null
    or ${conversations.assigneeMembershipId} = ${member}
    or ${conversations.teamId} in (select ${teamMembers.teamId} from ${teamMembers} where ${teamMembers.membershipId} = ${member})
    or exists (select 1 from ${conversationParticipants} where ${conversationParticipants.conversationId} = ${conversations.id} and ${conversationParticipants.membershipId} = ${member}))`;
}

/** The same rule in memory, for realtime events (participants looked up by the caller). */
export function canSee(viewer: Viewer, conversation: { teamId: string | null; assigneeMembershipId: string | null; participantIds?: readonly string[] }) {
  if (!viewer.restricted) return true;
  const member = viewer.membershipId!;
  return (
    conversation.teamId === null ||
    conversation.assigneeMembershipId === member ||
    viewer.teamIds.has(conversation.teamId) ||
    (conversation.participantIds?.includes(member) ?? false)
  );
}

/** A conversation of the caller's workspace that the caller may see, or 404 (never 403: no leaks). */
export async function findVisibleConversation(db: Executor, actor: Actor, conversationId: string, viewer?: Viewer) {
  const who = viewer ?? (await viewerOf(db, actor));
  const [row] = await db
    .select()
    .from(conversations)
    .where(and(eq(conversations.workspaceId, actor.workspaceId), eq(conversations.id, conversationId), visibleTo(who)))
    .limit(1);
  if (!row) throw notFound('Conversation');
  return row;
}

/** Whether the actor may assign others (supervisors and up; agents when the workspace allows it). */
export function requireAssignRight(actor: Actor, settings: InboxSettings) {
  if (oversees(actor.role) || settings.agentsCanAssign) return;
  throw forbidden('Only supervisors and admins assign conversations in this workspace; take an unassigned one or hand off your own');
}
