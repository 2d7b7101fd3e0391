import { eq } from 'drizzle-orm';
import type { Role } from '../../../contracts/common.js';
import type { AppContext } from '../../context.js';
import { memberships } from '../../db/schema.js';
import { recordEvent } from '../../events/event-log.js';
import { AppError, notFound } from '../../http/errors.js';
import { type Actor, actorRef, canManageRole } from '../../http/policy.js';
import { deleteSessionsOfUser } from '../accounts/accounts.repository.js';
import { countActiveOwners, findMember } from './members.repository.js';

/**
 * Changes a member's role or deactivates / reactivates them. A deactivated member keeps their
 * history but loses access at once (their sessions in this workspace end). A workspace never
 * loses its last active owner.
 */
export async function updateMember(
  ctx: AppContext,
  actor: Actor,
  memberId: string,
  changes: { role?: Role; status?: 'active' | 'deactivated' },
) {
  const updated = await ctx.transaction(async (tx) => {
    const member = await findMember(tx, actor.workspaceId, memberId);
    if (!member) throw notFound('Member');
    if (!canManageRole(actor.role, member.role) || (changes.role && !canManageRole(actor.role, changes.role))) {
      throw new AppError('forbidden', 'Only an owner can change an owner or grant ownership');
    }
    const losesOwnership =
      member.role === 'owner' && member.status === 'active' && ((changes.role && changes.role !== 'owner') || changes.status === 'deactivated');
    if (losesOwnership && (await countActiveOwners(tx, actor.workspaceId)) <= 1) {
      throw new AppError('last_owner', 'The workspace needs at least one active owner: make someone else owner first');
    }
    const set: Partial<typeof memberships.$inferInsert> = {};
    if (changes.role && changes.role !== member.role) set.role = changes.role;
    if (changes.status && changes.status !== member.status) {
      set.status = changes.status;
      set.deactivatedAt = changes.status === 'deactivated' ? new Date() : null;
      // Back from deactivation: the routing timer observes their shift afresh and their next activity
      // counts as coming back, so time on shift and online (folded from those events) resume.
      if (changes.status === 'active') Object.assign(set, { onShift: null, idleSince: null, lastActivityAt: null });
    }
    if (Object.keys(set).length === 0) return member;
    await tx.update(memberships).set(set).where(eq(memberships.id, member.id));
    if (set.status === 'deactivated') await deleteSessionsOfUser(tx, member.userId, actor.workspaceId);
    const base = { workspaceId: actor.workspaceId, actor: actorRef(actor), subjectType: 'member', subjectId: member.id };
    // The name travels with the event: the audit log stays readable whatever happens to the member.
    const who = { name: member.name, email: member.email };
    if (set.role) await recordEvent(tx, { ...base, type: 'member.role_changed', payload: { ...who, from: member.role, to: set.role } });
    if (set.status) await recordEvent(tx, { ...base, type: set.status === 'deactivated' ? 'member.deactivated' : 'member.reactivated', payload: who });
    return (await findMember(tx, actor.workspaceId, member.id))!;
  });
  await ctx.authCache.invalidate();
  return updated;
}
