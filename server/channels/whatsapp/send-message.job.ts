import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { channels, contacts, conversations, messages } from '../../db/schema.js';
import { recordEvent, systemActor } from '../../events/event-log.js';
import { defineJob } from '../../jobs/define-job.js';
import { cloudApiFor, healthAfter, setChannelHealth } from '../../modules/channels/channel-credentials.js';
import { GraphError } from './graph-errors.js';
import { graphBodyFor } from './outbound-body.js';
import { applyToMessage, applyWaitingStatuses } from './status-updates.js';

export const MAX_SEND_ATTEMPTS = 8;
/** After a crash or timeout mid-call we cannot know if Meta accepted the message; its status webhook tells us. */
export const UNKNOWN_OUTCOME_GRACE_MS = 30_000;

type Outcome = 'sent' | 'failed' | 'requeued';

/**
 * The outbox worker: at most one Graph call per attempt. A send whose outcome is unknown is not
 * repeated until the grace period shows no status webhook for it, so a retry never duplicates.
 */
export const sendMessageJob = defineJob({
  name: 'whatsapp-send-message',
  schema: z.object({ messageId: z.uuid() }),
  retryLimit: MAX_SEND_ATTEMPTS + 2,
  handler: async (ctx, { messageId }) => {
    await sendOutboundMessage(ctx, messageId);
  },
});

export async function sendOutboundMessage(ctx: AppContext, messageId: string): Promise<Outcome | 'skipped'> {
  const [message] = await ctx.db.select().from(messages).where(eq(messages.id, messageId));
  if (!message || (message.status !== 'pending' && message.status !== 'sending')) return 'skipped';
  if (message.status === 'sending') {
    if (message.externalId) return 'skipped';
    const since = Date.now() - (message.statusAt?.getTime() ?? 0);
    if (since < UNKNOWN_OUTCOME_GRACE_MS) throw new Error(`previous attempt of ${messageId} has no known outcome yet; waiting for its status webhook`);
  }
  const [context] = await ctx.db
    .select({ channel: channels, contact: contacts })
    .from(conversations)
    .innerJoin(channels, eq(channels.id, conversations.channelId))
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .where(eq(conversations.id, message.conversationId));
  if (!context) return 'skipped';
  const { channel, contact } = context;
  const recipient = contact.waId ?? contact.phone?.replace(/^\+/, '');
  if (channel.deletedAt || !recipient) {
    await markFailed(ctx, message, { code: null, title: channel.deletedAt ? 'The number was disconnected' : 'The contact has no phone number to write to' });
    return 'failed';
  }

  const claimed = await ctx.db
    .update(messages)
    .set({ status: 'sending', attempts: sql`${messages.attempts} + 1`, statusAt: new Date() })
    .where(and(eq(messages.id, message.id), inArray(messages.status, ['pending', 'sending'])))
    .returning({ attempts: messages.attempts });
  if (claimed.length === 0) return 'skipped';
  const attempt = claimed[0]!.attempts;

  let reactionTarget: string | null = null;
  if (message.type === 'reaction') reactionTarget = message.replyToExternalId;
  const body = graphBodyFor(message, recipient, {
    contextExternalId: message.type === 'reaction' ? null : message.replyToExternalId,
    reactionTargetExternalId: reactionTarget,
    callbackData: `bandeja:${message.id}`,
  });

  let externalId: string;
  try {
    const response = await cloudApiFor(ctx, channel).sendMessage(channel.phoneNumberId, body);
    externalId = response.messages[0]!.id;
  } catch (error) {
    if (!(error instanceof GraphError)) throw error;
    return handleSendError(ctx, message, channel, error, attempt);
  }

  await ctx.transaction(async (tx) => {
    await tx.update(messages).set({ externalId, occurredAt: new Date() }).where(eq(messages.id, message.id));
    await applyToMessage(tx, { ...message, status: 'sending' }, { status: 'sent', occurredAt: new Date(), error: null });
    await applyWaitingStatuses(tx, channel.id, { ...message, status: 'sent', externalId });
  });
  if (channel.health !== 'connected') await setChannelHealth(ctx, channel, 'connected', null);
  return 'sent';
}

async function handleSendError(
  ctx: AppContext,
  message: typeof messages.$inferSelect,
  channel: typeof channels.$inferSelect,
  error: GraphError,
  attempt: number,
): Promise<Outcome> {
  const health = healthAfter(error);
  if (health) {
    // Credentials problem: the number is marked and admins alerted; the message stays queued.
    await setChannelHealth(ctx, channel, health, error);
    await ctx.db.update(messages).set({ status: 'pending', attempts: sql`${messages.attempts} - 1` }).where(eq(messages.id, message.id));
    await ctx.jobs.send(sendMessageJob, { messageId: message.id }, { startAfter: new Date(Date.now() + 60_000) });
    return 'requeued';
  }
  if (error.kind === 'retry' && attempt < MAX_SEND_ATTEMPTS) {
    // An HTTP answer means Meta did not take it: safe to send again. No answer (timeout) stays unknown.
    if (error.httpStatus !== null) await ctx.db.update(messages).set({ status: 'pending' }).where(eq(messages.id, message.id));
    throw error;
  }
  await markFailed(ctx, message, { code: error.code, title: error.message, details: error.details });
  return 'failed';
}

async function markFailed(ctx: AppContext, message: typeof messages.$inferSelect, error: { code: number | null; title: string; details?: string }) {
  await ctx.transaction(async (tx) => {
    await tx.update(messages).set({ status: 'failed', error, statusAt: new Date() }).where(eq(messages.id, message.id));
    await recordEvent(tx, {
      workspaceId: message.workspaceId,
      actor: systemActor,
      type: 'message.status_changed',
      subjectType: 'conversation',
      subjectId: message.conversationId,
      payload: { messageId: message.id, from: message.status, to: 'failed', error },
    });
  });
}
