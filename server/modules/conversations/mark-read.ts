import { and, desc, eq, isNull } from 'drizzle-orm';
import { GraphError } from '../../channels/whatsapp/graph-errors.js';
import type { AppContext } from '../../context.js';
import { conversationReads, messages, notifications } from '../../db/schema.js';
import type { Actor } from '../../http/policy.js';
import { cloudApiFor, healthAfter, setChannelHealth } from '../channels/channel-credentials.js';
import { findChannel } from '../channels/channels.repository.js';
import { findVisibleConversation } from './access.js';

/**
 * Marks the conversation read for the member, and tells WhatsApp the customer's latest message was read (blue ticks) and, when the agent is typing,
 * shows the typing indicator. Best effort: a failure here never blocks the agent.
 */
export async function markConversationRead(ctx: AppContext, actor: Actor, conversationId: string, typing: boolean) {
  const conversation = await findVisibleConversation(ctx.db, actor, conversationId);
  if (actor.kind === 'user') {
    // The member's own read state: the conversation stops being unread and its notifications are read.
    const now = new Date();
    await ctx.db
      .insert(conversationReads)
      .values({ conversationId: conversation.id, membershipId: actor.membershipId, lastReadAt: now })
      .onConflictDoUpdate({ target: [conversationReads.membershipId, conversationReads.conversationId], set: { lastReadAt: now } });
    await ctx.db
      .update(notifications)
      .set({ readAt: now })
      .where(and(eq(notifications.membershipId, actor.membershipId), eq(notifications.conversationId, conversation.id), isNull(notifications.readAt)));
  }
  const [latest] = await ctx.db
    .select({ externalId: messages.externalId })
    .from(messages)
    .where(and(eq(messages.conversationId, conversation.id), eq(messages.direction, 'inbound')))
    .orderBy(desc(messages.occurredAt))
    .limit(1);
  const channel = await findChannel(ctx.db, actor.workspaceId, conversation.channelId);
  if (!latest?.externalId || !channel) return { markedMessageId: null };
  try {
    await cloudApiFor(ctx, channel, 5_000).markRead(channel.phoneNumberId, latest.externalId, typing);
    return { markedMessageId: latest.externalId };
  } catch (error) {
    if (!(error instanceof GraphError)) throw error;
    const health = healthAfter(error);
    if (health) await setChannelHealth(ctx, channel, health, error);
    ctx.logger.warn({ err: error, conversationId }, 'mark as read failed');
    return { markedMessageId: null };
  }
}
