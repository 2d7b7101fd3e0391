import { and, asc, desc, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { loginFailures, memberships, passwordResets, sessions, users, workspaces } from '../../db/schema.js';

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

/** The lock on an email (known or not) while it is in force, or undefined. */
export async function findLoginLock(db: Executor, email: string, now: Date) {
  const [row] = await db
    .select({ lockedUntil: loginFailures.lockedUntil })
    .from(loginFailures)
    .where(and(eq(loginFailures.email, email.toLowerCase()), gt(loginFailures.lockedUntil, now)))
    .limit(1);
  return row?.lockedUntil ?? undefined;
}

/**
 * Counts one failed sign-in in a single statement, so failures from several processes add up.
 * The count restarts after `forgetAfterMs` without failures; reaching `maxFailures` sets the lock
 * and restarts it. Returns whether this failure set the lock.
 */
export async function countLoginFailure(
  db: Executor,
  options: { email: string; now: Date; maxFailures: number; lockMs: number; forgetAfterMs: number },
) {
  const at = (date: Date) => sql`${date.toISOString()}::timestamptz`;
  const lockedUntil = new Date(options.now.getTime() + options.lockMs);
  const stillLocked = sql`${loginFailures.lockedUntil} > ${at(options.now)}`;
  const next = sql`(CASE WHEN ${loginFailures.lastFailedAt} < ${at(new Date(options.now.getTime() - options.forgetAfterMs))} THEN 1 ELSE ${loginFailures.failures} + 1 END)`;
  const [row] = await db
    .insert(loginFailures)
    .values({ email: options.email.toLowerCase(), failures: 1, lastFailedAt: options.now })
    .onConflictDoUpdate({
      target: loginFailures.email,
      set: {
        failures: sql`CASE WHEN ${stillLocked} THEN ${loginFailures.failures} WHEN ${next} >= ${options.maxFailures} THEN 0 ELSE ${next} END`,
        lockedUntil: sql`CASE WHEN ${stillLocked} THEN ${loginFailures.lockedUntil} WHEN ${next} >= ${options.maxFailures} THEN ${at(lockedUntil)} ELSE NULL END`,
        lastFailedAt: options.now,
      },
    })
    .returning({ lockedUntil: loginFailures.lockedUntil });
  return { locked: row?.lockedUntil?.getTime() === lockedUntil.getTime() };
}

/** Forgets an email's failures and lock (a successful sign-in, a password reset). */
export async function clearLoginFailures(db: Executor, email: string) {
  await db.delete(loginFailures).where(eq(loginFailures.email, email.toLowerCase()));
}

/** Deletes counts nobody added to for `forgetAfterMs` and locks that have run out. */
export async function deleteStaleLoginFailures(db: Executor, now: Date, forgetAfterMs: number) {
  await db
    .delete(loginFailures)
    .where(
      and(
        lt(loginFailures.lastFailedAt, new Date(now.getTime() - forgetAfterMs)),
        or(isNull(loginFailures.lockedUntil), lt(loginFailures.lockedUntil, now)),
      ),
    );
}
