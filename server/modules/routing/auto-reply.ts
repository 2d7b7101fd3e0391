import { eq } from 'drizzle-orm';
import { sendMessageJob } from '../../channels/whatsapp/send-message.job.js';
import type { AppContext } from '../../context.js';
import type { Transaction } from '../../db/client.js';
import { conversations, messages } from '../../db/schema.js';
import { recordEvents, systemActor } from '../../events/event-log.js';
import type { ConversationRow } from '../conversations/conversations.repository.js';

/**
 * An automatic text message through the outbox (stored pending, sent by the job). It does not end
 * the customer's wait: automatic messages are not a human response.
 */
export async function autoReply(ctx: AppContext, tx: Transaction, conversation: ConversationRow, text: string, details: Record<string, unknown>) {
  const [row] = await tx
    .insert(messages)
    .values({
      workspaceId: conversation.workspaceId,
      conversationId: conversation.id,
      channelId: conversation.channelId,
      direction: 'outbound',
      type: 'text',
      text,
      content: { body: text, previewUrl: false, automatic: true, ...details },
      status: 'pending',
    })
    .returning();
  await tx.update(conversations).set({ lastMessageText: text, lastMessageDirection: 'outbound', lastActivityAt: new Date() }).where(eq(conversations.id, conversation.id));
  await ctx.jobs.send(sendMessageJob, { messageId: row!.id }, { tx, singletonKey: row!.id });
  await recordEvents(tx, [
    { workspaceId: conversation.workspaceId, actor: systemActor, type: 'message.queued', subjectType: 'conversation', subjectId: conversation.id, payload: { messageId: row!.id, type: 'text', automatic: true, ...details } },
  ]);
  return row!;
}
