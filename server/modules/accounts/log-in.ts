import { eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { users } from '../../db/schema.js';
import { recordEvent } from '../../events/event-log.js';
import { AppError } from '../../http/errors.js';
import { DUMMY_PASSWORD_HASH, verifyPassword } from '../../lib/crypto.js';
import { findUserByEmail, listActiveWorkspacesOf } from './accounts.repository.js';
import { startSession } from './start-session.js';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

/** Checks email and password; five wrong passwords in a row lock the account for 15 minutes. */
export async function logIn(
  ctx: AppContext,
  options: { email: string; password: string; ipAddress?: string; userAgent?: string },
) {
  const user = await findUserByEmail(ctx.db, options.email);
  const now = Date.now();
  if (user?.lockedUntil && user.lockedUntil.getTime() > now) {
    const retryAfterSeconds = Math.ceil((user.lockedUntil.getTime() - now) / 1000);
    throw new AppError('account_locked', 'Too many failed attempts: try again later', { retryAfterSeconds });
  }
  const valid = await verifyPassword(options.password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
  if (!user || !valid) {
    if (user) await registerFailure(ctx, user.id, user.failedLoginCount + 1);
    throw new AppError('invalid_credentials', 'Wrong email or password');
  }
  return ctx.transaction(async (tx) => {
    await tx.update(users).set({ failedLoginCount: 0, lockedUntil: null }).where(eq(users.id, user.id));
    const [workspace] = await listActiveWorkspacesOf(tx, user.id);
    const session = await startSession(tx, {
      userId: user.id,
      workspaceId: workspace?.id ?? null,
      ipAddress: options.ipAddress,
      userAgent: options.userAgent,
    });
    await recordEvent(tx, {
      workspaceId: workspace?.id ?? null,
      actor: { type: 'user', id: user.id },
      type: 'session.started',
      subjectType: 'user',
      subjectId: user.id,
      payload: { ipAddress: options.ipAddress ?? null },
    });
    return session;
  });
}

async function registerFailure(ctx: AppContext, userId: string, failures: number) {
  await ctx.transaction(async (tx) => {
    const locked = failures >= MAX_FAILED_LOGINS;
    await tx
      .update(users)
      .set(locked ? { failedLoginCount: 0, lockedUntil: new Date(Date.now() + LOCKOUT_MS) } : { failedLoginCount: failures })
      .where(eq(users.id, userId));
    if (locked) {
      await recordEvent(tx, {
        workspaceId: null,
        actor: { type: 'system', id: null },
        type: 'user.locked',
        subjectType: 'user',
        subjectId: userId,
        payload: { minutes: LOCKOUT_MS / 60000 },
      });
    }
  });
}
