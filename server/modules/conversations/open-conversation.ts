import { eq } from 'drizzle-orm';
import type { Transaction } from '../../db/client.js';
import { conversations } from '../../db/schema.js';
import { recordEvent, systemActor } from '../../events/event-log.js';
import type { ChannelRow } from '../channels/channels.repository.js';
import { type ConversationRow, insertConversation, latestConversation } from './conversations.repository.js';

/**
 * The conversation a customer message belongs to: the open one for (number, contact); a snoozed or
 * pending one wakes up; a resolved one is reopened or a new one starts, per the number's setting.
 * The caller holds the contact's advisory lock, so two messages cannot open two conversations.
 */
export async function openConversationForInbound(tx: Transaction, channel: ChannelRow, contactId: string, at: Date): Promise<ConversationRow> {
  const latest = await latestConversation(tx, channel.id, contactId);
  const base = { workspaceId: channel.workspaceId, actor: systemActor, subjectType: 'conversation' as const };
  if (latest && latest.status === 'open') return latest;
  if (latest && (latest.status === 'snoozed' || latest.status === 'pending' || (latest.status === 'resolved' && channel.reopenPolicy === 'reopen'))) {
    const [reopened] = await tx
      .update(conversations)
      .set({ status: 'open', resolvedAt: null, lastActivityAt: new Date() })
      .where(eq(conversations.id, latest.id))
      .returning();
    await recordEvent(tx, {
      ...base,
      type: latest.status === 'resolved' ? 'conversation.reopened' : 'conversation.woken',
      subjectId: latest.id,
      payload: { from: latest.status, reason: 'customer_message', at: at.toISOString() },
    });
    return reopened!;
  }
  const created = await insertConversation(tx, { workspaceId: channel.workspaceId, channelId: channel.id, contactId });
  await recordEvent(tx, {
    ...base,
    type: 'conversation.created',
    subjectId: created.id,
    payload: { displayNumber: created.displayNumber, channelId: channel.id, contactId, previousConversationId: latest?.id ?? null },
  });
  return created;
}
