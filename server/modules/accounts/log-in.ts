import type { AppContext } from '../../context.js';
import { recordEvent } from '../../events/event-log.js';
import { AppError } from '../../http/errors.js';
import { DUMMY_PASSWORD_HASH, verifyPassword } from '../../lib/crypto.js';
import { clearLoginFailures, countLoginFailure, findLoginLock, findUserByEmail, listActiveWorkspacesOf } from './accounts.repository.js';
import { startSession } from './start-session.js';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;
/** Failures this far apart no longer add up (and their rows are deleted). */
export const FORGET_FAILURES_AFTER_MS = LOCKOUT_MS;

/**
 * Checks email and password; five wrong passwords in a row lock the email for 15 minutes.
 * An email with no account is counted, locked and verified (against a dummy hash) exactly like one
 * with an account, so neither the answers nor their timing tell which emails have accounts.
 */
export async function logIn(
  ctx: AppContext,
  options: { email: string; password: string; ipAddress?: string; userAgent?: string },
) {
  await assertNotLocked(ctx, options.email);
  const user = await findUserByEmail(ctx.db, options.email);
  const valid = await verifyPassword(options.password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
  if (!user || !valid) {
    await registerFailure(ctx, options.email, user?.id);
    throw new AppError('invalid_credentials', 'Wrong email or password');
  }
  return ctx.transaction(async (tx) => {
    await clearLoginFailures(tx, options.email);
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

/** Refuses an email while it is locked: every path that takes a password for it (sign-in, an invitation) asks first. */
export async function assertNotLocked(ctx: AppContext, email: string) {
  const now = new Date();
  const lockedUntil = await findLoginLock(ctx.db, email, now);
  if (lockedUntil) {
    const retryAfterSeconds = Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000);
    throw new AppError('account_locked', 'Too many failed attempts: try again later', { retryAfterSeconds });
  }
}

/** Counts a wrong password for an email, wherever it was typed; the fifth in a row locks it. */
export async function registerFailure(ctx: AppContext, email: string, userId: string | undefined) {
  await ctx.transaction(async (tx) => {
    const { locked } = await countLoginFailure(tx, {
      email,
      now: new Date(),
      maxFailures: MAX_FAILED_LOGINS,
      lockMs: LOCKOUT_MS,
      forgetAfterMs: FORGET_FAILURES_AFTER_MS,
    });
    if (locked && userId) {
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
