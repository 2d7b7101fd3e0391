import { and, asc, eq, inArray } from 'drizzle-orm';
import { Password } from '../../../contracts/common.js';
import type { Language } from '../../../contracts/common.js';
import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { invitations, memberships, teamMembers, teams, users, workspaces } from '../../db/schema.js';
import { recordEvent } from '../../events/event-log.js';
import { AppError } from '../../http/errors.js';
import { hashPassword, sha256, verifyPassword } from '../../lib/crypto.js';
import { clearLoginFailures, findUserByEmail } from '../accounts/accounts.repository.js';
import { assertNotLocked, registerFailure } from '../accounts/log-in.js';
import { startSession } from '../accounts/start-session.js';
import { findInvitationByTokenHash } from './members.repository.js';

async function usableInvitation(db: Executor, token: string) {
  const invitation = await findInvitationByTokenHash(db, sha256(token));
  if (!invitation || invitation.status !== 'pending' || invitation.expiresAt.getTime() <= Date.now()) {
    throw new AppError('invitation_invalid', 'This invitation is invalid, used, revoked or expired');
  }
  return invitation;
}

/** What the invitation page shows before accepting. */
export async function previewInvitation(ctx: AppContext, token: string) {
  const invitation = await usableInvitation(ctx.db, token);
  const [workspace] = await ctx.db.select().from(workspaces).where(eq(workspaces.id, invitation.workspaceId));
  const existing = await findUserByEmail(ctx.db, invitation.email);
  const joining = await invitedTeams(ctx.db, invitation.workspaceId, invitation.teamIds);
  return {
    workspaceName: workspace!.name,
    workspaceLanguage: workspace!.language,
    email: invitation.email,
    role: invitation.role,
    existingUser: Boolean(existing),
    teamNames: joining.map((team) => team.name),
  };
}

/** The invitation's teams that still exist in its workspace. */
async function invitedTeams(db: Executor, workspaceId: string, teamIds: string[]) {
  if (teamIds.length === 0) return [];
  return db.select({ id: teams.id, name: teams.name }).from(teams).where(and(eq(teams.workspaceId, workspaceId), inArray(teams.id, teamIds))).orderBy(asc(teams.name));
}

/**
 * Accepts an invitation: a new person sets name and password; someone who already has an account
 * proves it with their password. Either way they join the workspace and are signed in to it.
 */
export async function acceptInvitation(
  ctx: AppContext,
  options: { token: string; name?: string; password: string; language?: Language; timeZone?: string; ipAddress?: string; userAgent?: string },
) {
  const invitation = await usableInvitation(ctx.db, options.token);
  const existing = await findUserByEmail(ctx.db, invitation.email);
  let passwordHash: string | undefined;
  if (existing) {
    // The same lockout as sign-in: an invitation link is not a way around it (any admin can invite any email).
    await assertNotLocked(ctx, existing.email);
    if (!(await verifyPassword(options.password, existing.passwordHash))) {
      await registerFailure(ctx, existing.email, existing.id);
      throw new AppError('invalid_credentials', 'Wrong password for the existing account');
    }
    await clearLoginFailures(ctx.db, existing.email);
  } else {
    const fields = [];
    if (!options.name) fields.push({ path: 'name', message: 'is required' });
    const password = Password.safeParse(options.password);
    if (!password.success) fields.push({ path: 'password', message: password.error.issues[0]!.message });
    if (fields.length) throw new AppError('validation_failed', `Invalid ${fields.map((f) => f.path).join(', ')}`, { fields });
    passwordHash = await hashPassword(options.password);
  }

  const [workspace] = await ctx.db.select().from(workspaces).where(eq(workspaces.id, invitation.workspaceId));
  if (!workspace) throw new AppError('invitation_invalid', 'This invitation is invalid, used, revoked or expired');
  const session = await ctx.transaction(async (tx) => {
    const claimed = await tx
      .update(invitations)
      .set({ status: 'accepted', acceptedAt: new Date() })
      .where(and(eq(invitations.id, invitation.id), eq(invitations.status, 'pending')))
      .returning({ id: invitations.id });
    if (claimed.length === 0) throw new AppError('invitation_invalid', 'This invitation was already used');
    const user =
      existing ??
      (
        await tx
          .insert(users)
          .values({
            email: invitation.email,
            name: options.name!,
            passwordHash: passwordHash!,
            language: options.language ?? workspace.language,
            timeZone: options.timeZone ?? workspace.timeZone,
          })
          .returning()
      )[0]!;
    const [membership] = await tx
      .insert(memberships)
      .values({ workspaceId: invitation.workspaceId, userId: user.id, role: invitation.role })
      .onConflictDoUpdate({
        target: [memberships.workspaceId, memberships.userId],
        set: { role: invitation.role, status: 'active', deactivatedAt: null },
      })
      .returning();
    // Into the teams the invitation names, so routing reaches them from their first day.
    const joining = await invitedTeams(tx, invitation.workspaceId, invitation.teamIds);
    if (joining.length) await tx.insert(teamMembers).values(joining.map((team) => ({ teamId: team.id, membershipId: membership!.id }))).onConflictDoNothing();
    await recordEvent(tx, {
      workspaceId: invitation.workspaceId,
      actor: { type: 'user', id: user.id },
      type: 'member.joined',
      subjectType: 'member',
      subjectId: membership!.id,
      payload: { role: invitation.role, email: user.email, name: user.name, invitationId: invitation.id, teamIds: joining.map((team) => team.id) },
    });
    return startSession(tx, {
      userId: user.id,
      workspaceId: invitation.workspaceId,
      ipAddress: options.ipAddress,
      userAgent: options.userAgent,
    });
  });
  // A returning member's other sessions now resolve to this membership.
  await ctx.authCache.invalidate();
  return session;
}
