import { and, eq, isNull } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { passwordResets, users } from '../../db/schema.js';
import { recordEvent, systemActor } from '../../events/event-log.js';
import { AppError } from '../../http/errors.js';
import { hashPassword, randomToken, sha256 } from '../../lib/crypto.js';
import { clearLoginFailures, deleteSessionsOfUser, findUserByEmail, findUsablePasswordReset } from './accounts.repository.js';

const RESET_TTL_MS = 60 * 60 * 1000;

/**
 * Issues a one-time reset link. With no mailer configured, the link is logged to the server console
 * and kept (encrypted) so the workspace's admins can hand it over; it is never returned to the requester.
 */
export async function requestPasswordReset(ctx: AppContext, options: { email: string; requestedBy?: string }) {
  const user = await findUserByEmail(ctx.db, options.email);
  if (!user) return null;
  const token = randomToken();
  const link = `${ctx.publicUrl()}/reset-password/${token}`;
  await ctx.transaction(async (tx) => {
    await tx.insert(passwordResets).values({
      userId: user.id,
      tokenHash: sha256(token),
      link: ctx.secrets.encrypt(link),
      expiresAt: new Date(Date.now() + RESET_TTL_MS),
    });
    await recordEvent(tx, {
      workspaceId: null,
      actor: options.requestedBy ? { type: 'user', id: options.requestedBy } : systemActor,
      type: 'user.password_reset_requested',
      subjectType: 'user',
      subjectId: user.id,
    });
  });
  ctx.logger.warn(`Password reset link for ${user.email} (no mailer configured, valid 1 hour): ${link}`);
  return { userId: user.id, link };
}

/** Uses a reset link once: sets the password, lifts any lockout and ends every session of the user. */
export async function resetPassword(ctx: AppContext, options: { token: string; password: string }) {
  const reset = await findUsablePasswordReset(ctx.db, sha256(options.token));
  if (!reset) throw new AppError('reset_link_invalid', 'This reset link is invalid, used or expired');
  const passwordHash = await hashPassword(options.password);
  await ctx.transaction(async (tx) => {
    const used = await tx
      .update(passwordResets)
      .set({ usedAt: new Date(), link: null })
      .where(and(eq(passwordResets.id, reset.id), isNull(passwordResets.usedAt)))
      .returning({ usedAt: passwordResets.usedAt });
    if (used.length === 0) throw new AppError('reset_link_invalid', 'This reset link is invalid, used or expired');
    const [user] = await tx.update(users).set({ passwordHash }).where(eq(users.id, reset.userId)).returning({ email: users.email });
    if (user) await clearLoginFailures(tx, user.email);
    await deleteSessionsOfUser(tx, reset.userId);
    await recordEvent(tx, {
      workspaceId: null,
      actor: { type: 'user', id: reset.userId },
      type: 'user.password_reset',
      subjectType: 'user',
      subjectId: reset.userId,
    });
  });
  await ctx.authCache.invalidate();
}
