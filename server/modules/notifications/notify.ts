import { sql } from 'drizzle-orm';
import type { Transaction } from '../../db/client.js';
import { type NotificationKind, notifications } from '../../db/schema.js';
import { type ActorRef, recordEvents } from '../../events/event-log.js';

export type NotificationInput = {
  workspaceId: string;
  membershipId: string;
  kind: NotificationKind;
  conversationId: string | null;
  messageId?: string | null;
  actorMembershipId?: string | null;
  text?: string | null;
};

/**
 * Stores in-app notifications in the caller's transaction and records a `notification.created` event
 * per row, which the realtime stream delivers to that member only. Nobody is notified of their own
 * action; new customer messages collapse into one unread notification per conversation.
 */
export async function notify(tx: Transaction, actor: ActorRef, inputs: NotificationInput[]) {
  const wanted = inputs.filter((input) => input.membershipId !== input.actorMembershipId);
  if (wanted.length === 0) return;
  const rows = await tx
    .insert(notifications)
    .values(
      wanted.map((input) => ({
        workspaceId: input.workspaceId,
        membershipId: input.membershipId,
        kind: input.kind,
        conversationId: input.conversationId,
        messageId: input.messageId ?? null,
        actorMembershipId: input.actorMembershipId ?? null,
        text: input.text?.slice(0, 280) ?? null,
      })),
    )
    .onConflictDoUpdate({
      target: [notifications.membershipId, notifications.conversationId, notifications.kind],
      targetWhere: sql`read_at is null and kind = 'new_message'`,
      set: { count: sql`${notifications.count} + 1`, createdAt: sql`now()`, text: sql`excluded.text`, messageId: sql`excluded.message_id` },
    })
    .returning();
  await recordEvents(
    tx,
    rows.map((row) => ({
      workspaceId: row.workspaceId,
      actor,
      type: 'notification.created',
      subjectType: 'member',
      subjectId: row.membershipId,
      payload: { notificationId: row.id, kind: row.kind, conversationId: row.conversationId, count: row.count },
    })),
  );
}
