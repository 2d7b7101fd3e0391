import { aliasedTable, and, asc, desc, eq, lt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { invitations, memberships, users } from '../../db/schema.js';

const memberColumns = {
  id: memberships.id,
  userId: users.id,
  name: users.name,
  email: users.email,
  role: memberships.role,
  status: memberships.status,
  language: users.language,
  timeZone: users.timeZone,
  createdAt: memberships.createdAt,
  deactivatedAt: memberships.deactivatedAt,
};

export type MemberRow = Awaited<ReturnType<typeof listMembers>>[number];

export async function listMembers(db: Executor, workspaceId: string) {
  return db
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.workspaceId, workspaceId))
    .orderBy(asc(memberships.status), asc(users.name));
}

/** A member by id, only within the given workspace: other workspaces' ids are simply not found. */
export async function findMember(db: Executor, workspaceId: string, membershipId: string) {
  const [row] = await db
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.id, membershipId)))
    .limit(1);
  return row;
}

export async function findMembershipByEmail(db: Executor, workspaceId: string, email: string) {
  const [row] = await db
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, workspaceId), sql`lower(${users.email}) = ${email.toLowerCase()}`))
    .limit(1);
  return row;
}

export async function countActiveOwners(db: Executor, workspaceId: string): Promise<number> {
  const rows = await db
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.role, 'owner'), eq(memberships.status, 'active')))
    .for('update');
  return rows.length;
}

const inviter = aliasedTable(users, 'inviter');

export async function listInvitations(db: Executor, workspaceId: string) {
  return db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      status: invitations.status,
      expiresAt: invitations.expiresAt,
      createdAt: invitations.createdAt,
      invitedBy: inviter.name,
      teamIds: invitations.teamIds,
    })
    .from(invitations)
    .leftJoin(inviter, eq(inviter.id, invitations.invitedByUserId))
    .where(and(eq(invitations.workspaceId, workspaceId), eq(invitations.status, 'pending')))
    .orderBy(desc(invitations.createdAt));
}

export async function findInvitation(db: Executor, workspaceId: string, invitationId: string) {
  const [row] = await db
    .select()
    .from(invitations)
    .where(and(eq(invitations.workspaceId, workspaceId), eq(invitations.id, invitationId)))
    .limit(1);
  return row;
}

export async function findInvitationByTokenHash(db: Executor, tokenHash: string) {
  const [row] = await db.select().from(invitations).where(eq(invitations.tokenHash, tokenHash)).limit(1);
  return row;
}

/** Marks pending invitations past their expiry as expired; returns what changed. */
export async function expirePendingInvitations(db: Executor, now: Date) {
  return db
    .update(invitations)
    .set({ status: 'expired' })
    .where(and(eq(invitations.status, 'pending'), lt(invitations.expiresAt, now)))
    .returning({ id: invitations.id, workspaceId: invitations.workspaceId, email: invitations.email });
}
