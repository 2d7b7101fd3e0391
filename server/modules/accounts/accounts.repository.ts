import { and, asc, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { memberships, passwordResets, sessions, users, workspaces } from '../../db/schema.js';

export async function findUserByEmail(db: Executor, email: string) {
  const [user] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.toLowerCase()}`)
    .limit(1);
  return user;
}

export async function findUserById(db: Executor, userId: string) {
  const [user] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  return user;
}

/** The workspaces a user is an active member of, oldest membership first. */
export async function listActiveWorkspacesOf(db: Executor, userId: string) {
  return db
    .select({ id: workspaces.id, name: workspaces.name, role: memberships.role })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(and(eq(memberships.userId, userId), eq(memberships.status, 'active')))
    .orderBy(asc(memberships.createdAt));
}

export async function insertSession(
  db: Executor,
  values: { tokenHash: string; userId: string; workspaceId: string | null; csrfToken: string; expiresAt: Date; ipAddress?: string; userAgent?: string },
) {
  const [row] = await db.insert(sessions).values(values).returning();
  return row!;
}

export async function deleteSessionsOfUser(db: Executor, userId: string, workspaceId?: string) {
  await db
    .delete(sessions)
    .where(workspaceId ? and(eq(sessions.userId, userId), eq(sessions.workspaceId, workspaceId)) : eq(sessions.userId, userId));
}

export async function findUsablePasswordReset(db: Executor, tokenHash: string) {
  const [row] = await db
    .select()
    .from(passwordResets)
    .where(and(eq(passwordResets.tokenHash, tokenHash), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, new Date())))
    .limit(1);
  return row;
}

/** The newest unused, unexpired reset link of each active member (shown to admins while no mailer exists). */
export async function listPendingPasswordResets(db: Executor, workspaceId: string) {
  return db
    .select({
      memberId: memberships.id,
      name: users.name,
      email: users.email,
      link: passwordResets.link,
      expiresAt: passwordResets.expiresAt,
    })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.workspaceId, workspaceId), eq(memberships.status, 'active')))
    .where(and(isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, new Date())))
    .orderBy(desc(passwordResets.createdAt))
    .then((rows) => rows.filter((row, index) => rows.findIndex((other) => other.memberId === row.memberId) === index));
}
