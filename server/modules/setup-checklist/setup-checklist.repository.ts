import { and, eq, gt, isNotNull, isNull, ne, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { channels, conversations, events, invitations, memberships, workspaces } from '../../db/schema.js';

const exists = async (query: Promise<unknown[]>) => (await query).length > 0;

/** The facts the checklist is ticked from, for one workspace. */
export async function setupFacts(db: Executor, workspaceId: string, options: { membershipId: string; demoPhoneNumberId: string | null }) {
  const [workspace] = await db
    .select({ dismissedAt: workspaces.setupChecklistDismissedAt, rulesReviewedAt: workspaces.routingRulesReviewedAt })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  const [verifiedNumber, otherMember, pendingInvitation, rulesChanged, conversation, demoNumber] = await Promise.all([
    exists(db.select({ id: channels.id }).from(channels).where(and(eq(channels.workspaceId, workspaceId), isNull(channels.deletedAt), isNotNull(channels.verifiedAt))).limit(1)),
    exists(db.select({ id: memberships.id }).from(memberships).where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.status, 'active'), ne(memberships.id, options.membershipId))).limit(1)),
    exists(db.select({ id: invitations.id }).from(invitations).where(and(eq(invitations.workspaceId, workspaceId), eq(invitations.status, 'pending'), gt(invitations.expiresAt, sql`now()`))).limit(1)),
    exists(db.select({ id: events.id }).from(events).where(and(eq(events.workspaceId, workspaceId), eq(events.type, 'routing.rules_changed'))).limit(1)),
    exists(db.select({ id: conversations.id }).from(conversations).where(eq(conversations.workspaceId, workspaceId)).limit(1)),
    options.demoPhoneNumberId
      ? exists(db.select({ id: channels.id }).from(channels).where(and(eq(channels.workspaceId, workspaceId), eq(channels.phoneNumberId, options.demoPhoneNumberId), isNull(channels.deletedAt))).limit(1))
      : Promise.resolve(false),
  ]);
  return {
    dismissed: Boolean(workspace?.dismissedAt),
    verifiedNumber,
    otherPeople: otherMember || pendingInvitation,
    rulesReviewed: Boolean(workspace?.rulesReviewedAt) || rulesChanged,
    conversationArrived: conversation,
    demoNumber,
  };
}

/** Sets a workspace timestamp once; true when this call set it. */
export async function markOnce(db: Executor, workspaceId: string, column: 'setupChecklistDismissedAt' | 'routingRulesReviewedAt'): Promise<boolean> {
  const rows = await db
    .update(workspaces)
    .set({ [column]: new Date() })
    .where(and(eq(workspaces.id, workspaceId), isNull(workspaces[column])))
    .returning({ id: workspaces.id });
  return rows.length > 0;
}
