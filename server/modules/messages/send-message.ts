import { and, eq } from 'drizzle-orm';
import type { SendMessage } from '../../../contracts/conversations.js';
import { sendMessageJob } from '../../channels/whatsapp/send-message.job.js';
import { describeOutbound } from '../../channels/whatsapp/outbound-body.js';
import type { AppContext } from '../../context.js';
import { conversations, messages, messageTemplates } from '../../db/schema.js';
import { recordEvent } from '../../events/event-log.js';
import { AppError, notFound } from '../../http/errors.js';
import { type Actor, actorRef } from '../../http/policy.js';
import { findChannel } from '../channels/channels.repository.js';
import { findConversation } from '../conversations/conversations.repository.js';

/** Whether a free-form (non-template) message may go out now. */
export function windowIsOpen(windowExpiresAt: Date | null, now = new Date()) {
  return windowExpiresAt !== null && windowExpiresAt.getTime() > now.getTime();
}

/**
 * Puts a message in the outbox: stored as `pending` and a send job enqueued in the same
 * transaction. The same Idempotency-Key returns the first message instead of sending twice.
 */
export async function sendMessage(ctx: AppContext, actor: Actor, options: { conversationId: string; request: SendMessage; idempotencyKey?: string }) {
  const conversation = await findConversation(ctx.db, actor.workspaceId, options.conversationId);
  if (!conversation) throw notFound('Conversation');
  if (options.idempotencyKey) {
    const [existing] = await ctx.db
      .select()
      .from(messages)
      .where(and(eq(messages.workspaceId, actor.workspaceId), eq(messages.idempotencyKey, options.idempotencyKey)));
    if (existing) {
      if (existing.conversationId !== conversation.id) throw new AppError('conflict', 'This Idempotency-Key was used for another conversation');
      return { message: existing, replayed: true };
    }
  }
  const channel = await findChannel(ctx.db, actor.workspaceId, conversation.channelId);
  if (!channel) throw new AppError('conflict', 'The number of this conversation is disconnected');
  if (options.request.type !== 'template' && !windowIsOpen(conversation.windowExpiresAt)) {
    throw new AppError('window_closed', 'More than 24 hours since the customer last wrote: only an approved template can be sent', {
      windowExpiresAt: conversation.windowExpiresAt?.toISOString() ?? null,
      fields: [{ path: 'body.type', message: 'must be template outside the 24-hour window' }],
    });
  }
  const request = options.request;
  const replyToId = 'replyTo' in request ? request.replyTo : request.type === 'reaction' ? request.reaction.messageId : undefined;
  let replyToExternalId: string | null = null;
  if (replyToId) {
    const [target] = await ctx.db
      .select({ externalId: messages.externalId })
      .from(messages)
      .where(and(eq(messages.conversationId, conversation.id), eq(messages.id, replyToId)));
    if (!target?.externalId) {
      throw new AppError('validation_failed', 'The message to reply or react to is not in this conversation, or was never delivered', {
        fields: [{ path: request.type === 'reaction' ? 'body.reaction.messageId' : 'body.replyTo', message: 'is not a delivered message of this conversation' }],
      });
    }
    replyToExternalId = target.externalId;
  }
  const described = describeOutbound(request);
  if (request.type === 'template') described.text = (await renderTemplateBody(ctx, channel.id, request.template)) ?? described.text;
  const message = await ctx.transaction(async (tx) => {
    const [row] = await tx
      .insert(messages)
      .values({
        workspaceId: actor.workspaceId,
        conversationId: conversation.id,
        channelId: channel.id,
        direction: 'outbound',
        type: described.type,
        text: described.text,
        content: described.content,
        status: 'pending',
        replyToExternalId,
        senderMembershipId: actor.kind === 'user' ? actor.membershipId : null,
        senderApiTokenId: actor.kind === 'api_token' ? actor.tokenId : null,
        idempotencyKey: options.idempotencyKey ?? null,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) return null;
    await tx
      .update(conversations)
      .set({ lastActivityAt: new Date(), ...(actor.kind === 'user' ? { waitingSince: null } : {}) })
      .where(eq(conversations.id, conversation.id));
    await ctx.jobs.send(sendMessageJob, { messageId: row.id }, { tx, singletonKey: row.id });
    await recordEvent(tx, {
      workspaceId: actor.workspaceId,
      actor: actorRef(actor),
      type: 'message.queued',
      subjectType: 'conversation',
      subjectId: conversation.id,
      payload: { messageId: row.id, type: described.type },
    });
    return row;
  });
  if (!message) {
    // Two requests with the same key raced: the other one stored it.
    const [existing] = await ctx.db.select().from(messages).where(and(eq(messages.workspaceId, actor.workspaceId), eq(messages.idempotencyKey, options.idempotencyKey!)));
    return { message: existing!, replayed: true };
  }
  return { message, replayed: false };
}

/** The body a customer will read for a template send, from the synced template and its parameters. */
async function renderTemplateBody(ctx: AppContext, channelId: string, template: { name: string; language: string; components?: Record<string, unknown>[] }) {
  const [synced] = await ctx.db
    .select({ components: messageTemplates.components })
    .from(messageTemplates)
    .where(and(eq(messageTemplates.channelId, channelId), eq(messageTemplates.name, template.name), eq(messageTemplates.language, template.language)));
  const body = (synced?.components as { type?: string; text?: string }[] | undefined)?.find((component) => component.type?.toUpperCase() === 'BODY');
  if (!body?.text) return null;
  const given = template.components?.find((component) => String(component.type).toLowerCase() === 'body') as { parameters?: { text?: string }[] } | undefined;
  const values = given?.parameters?.map((parameter) => parameter.text ?? '') ?? [];
  return body.text.replace(/\{\{(\d+)\}\}/g, (placeholder, index: string) => values[Number(index) - 1] ?? placeholder);
}
