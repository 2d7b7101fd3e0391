import { and, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { invitations, teams } from '../../db/schema.js';
import { recordEvent } from '../../events/event-log.js';
import { AppError, notFound } from '../../http/errors.js';
import { type Actor, actorRef } from '../../http/policy.js';
import { randomToken, sha256 } from '../../lib/crypto.js';
import { findInvitation, findMembershipByEmail } from './members.repository.js';

export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;

/** Invites a person by link. A newer invitation for the same email replaces the pending one. */
export async function inviteMember(ctx: AppContext, actor: Actor, options: { email: string; role: 'admin' | 'supervisor' | 'agent'; teamIds?: string[] }) {
  const existing = await findMembershipByEmail(ctx.db, actor.workspaceId, options.email);
  if (existing?.status === 'active') {
    throw new AppError('already_member', `${options.email} is already a member of this workspace`, {
      fields: [{ path: 'email', message: 'is already a member' }],
    });
  }
  const teamIds = [...new Set(options.teamIds ?? [])];
  if (teamIds.length) {
    const found = await ctx.db.select({ id: teams.id }).from(teams).where(and(eq(teams.workspaceId, actor.workspaceId), inArray(teams.id, teamIds)));
    const unknown = teamIds.findIndex((id) => !found.some((team) => team.id === id));
    if (unknown >= 0) throw new AppError('validation_failed', 'Unknown team', { fields: [{ path: `body.teamIds.${unknown}`, message: 'is not a team of this workspace' }] });
  }
  const token = randomToken();
  const invitation = await ctx.transaction(async (tx) => {
    await tx
      .update(invitations)
      .set({ status: 'revoked' })
      .where(
        and(
          eq(invitations.workspaceId, actor.workspaceId),
          eq(invitations.email, options.email),
          eq(invitations.status, 'pending'),
        ),
      );
    const [row] = await tx
      .insert(invitations)
      .values({
        workspaceId: actor.workspaceId,
        email: options.email,
        role: options.role,
        teamIds,
        tokenHash: sha256(token),
        invitedByUserId: actor.kind === 'user' ? actor.userId : null,
        expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
      })
      .returning();
    await recordEvent(tx, {
      workspaceId: actor.workspaceId,
      actor: actorRef(actor),
      type: 'invitation.created',
      subjectType: 'invitation',
      subjectId: row!.id,
      payload: { email: options.email, role: options.role, teamIds },
    });
    return row!;
  });
  return { invitation, link: `${ctx.publicUrl()}/invite/${token}` };
}

export async function revokeInvitation(ctx: AppContext, actor: Actor, invitationId: string) {
  const invitation = await findInvitation(ctx.db, actor.workspaceId, invitationId);
  if (!invitation) throw notFound('Invitation');
  if (invitation.status !== 'pending') {
    throw new AppError('conflict', `This invitation is already ${invitation.status}`);
  }
  await ctx.transaction(async (tx) => {
    await tx.update(invitations).set({ status: 'revoked' }).where(eq(invitations.id, invitation.id));
    await recordEvent(tx, {
      workspaceId: actor.workspaceId,
      actor: actorRef(actor),
      type: 'invitation.revoked',
      subjectType: 'invitation',
      subjectId: invitation.id,
      payload: { email: invitation.email },
    });
  });
}
