import { and, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Transaction } from '../../db/client.js';
import { conversations, mediaFiles, messages, webhookPayloads } from '../../db/schema.js';
import { recordEvent, systemActor } from '../../events/event-log.js';
import { findChannelByPhoneNumberId, type ChannelRow } from '../../modules/channels/channels.repository.js';
import { healthAfter, setChannelHealth } from '../../modules/channels/channel-credentials.js';
import { moveContactToNumber, resolveContact } from '../../modules/contacts/contacts.repository.js';
import { openConversationForInbound } from '../../modules/conversations/open-conversation.js';
import { downloadMediaJob } from './download-media.job.js';
import { GraphError } from './graph-errors.js';
import { describeInbound } from './inbound-content.js';
import { applyStatusUpdate } from './status-updates.js';
import { type InboundMessage, type WebhookContact, type WebhookEnvelope, type WebhookValue, whatsappTime } from './webhook-payload.js';

const WINDOW_MS = 24 * 3600 * 1000;

/**
 * Processes one stored webhook payload. Idempotent: messages are unique on (number, wamid) and
 * statuses on (number, wamid, status), so a payload processed once or ten times, or interleaved
 * with others, leaves the same state.
 */
export async function ingestPayload(ctx: AppContext, payloadId: number): Promise<void> {
  const [payload] = await ctx.db.select().from(webhookPayloads).where(eq(webhookPayloads.id, payloadId));
  if (!payload || payload.status === 'processed' || payload.status === 'ignored') return;
  try {
    const envelope = JSON.parse(payload.body) as WebhookEnvelope;
    for (const entry of envelope.entry ?? []) {
      for (const change of entry.changes ?? []) {
        // Groups, echoes, account updates…: accepted and kept raw, but Bandeja does not model them.
        if (change.field !== 'messages' || !change.value) continue;
        const phoneNumberId = change.value.metadata?.phone_number_id;
        const channel = phoneNumberId ? await findChannelByPhoneNumberId(ctx.db, String(phoneNumberId)) : undefined;
        if (!channel) continue;
        await ingestValue(ctx, channel, change.value);
      }
    }
    await ctx.db
      .update(webhookPayloads)
      .set({ status: 'processed', processedAt: new Date(), attempts: sql`${webhookPayloads.attempts} + 1`, lastError: null })
      .where(eq(webhookPayloads.id, payloadId));
  } catch (error) {
    await ctx.db
      .update(webhookPayloads)
      .set({ status: 'failed', attempts: sql`${webhookPayloads.attempts} + 1`, lastError: String((error as Error).stack ?? error).slice(0, 2000) })
      .where(eq(webhookPayloads.id, payloadId));
    throw error;
  }
}

async function ingestValue(ctx: AppContext, channel: ChannelRow, value: WebhookValue) {
  for (const message of value.messages ?? []) {
    await ctx.transaction((tx) => ingestMessage(ctx, tx, channel, message, value.contacts ?? []));
  }
  for (const status of value.statuses ?? []) {
    await ctx.transaction((tx) => applyStatusUpdate(tx, channel, status));
  }
  for (const error of value.errors ?? []) {
    const graphError = new GraphError(null, error.code ?? null, error.message ?? error.title ?? 'WhatsApp error', error.error_data?.details);
    const health = healthAfter(graphError);
    if (health) await setChannelHealth(ctx, channel, health, graphError);
    await ctx.transaction((tx) =>
      recordEvent(tx, {
        workspaceId: channel.workspaceId,
        actor: systemActor,
        type: 'channel.webhook_error',
        subjectType: 'channel',
        subjectId: channel.id,
        payload: { code: error.code ?? null, title: error.title ?? null, details: error.error_data?.details ?? null },
      }),
    );
  }
}

function contactFor(message: InboundMessage, contacts: WebhookContact[]): WebhookContact | undefined {
  return (
    contacts.find((c) => (message.from && c.wa_id === message.from) || (message.from_user_id && c.user_id === message.from_user_id)) ??
    (contacts.length === 1 ? contacts[0] : undefined)
  );
}

async function ingestMessage(ctx: AppContext, tx: Transaction, channel: ChannelRow, message: InboundMessage, contacts: WebhookContact[]) {
  const [already] = await tx
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.channelId, channel.id), eq(messages.externalId, message.id)));
  if (already) return;

  const profile = contactFor(message, contacts);
  const contact = await resolveContact(tx, channel.workspaceId, {
    waId: profile?.wa_id ?? message.from ?? null,
    userId: profile?.user_id ?? message.from_user_id ?? null,
    name: profile?.profile?.name ?? null,
    username: profile?.profile?.username ?? null,
  });
  if (!contact) return;
  const described = describeInbound(message);
  const occurredAt = whatsappTime(message.timestamp);
  const isCustomerMessage = described.type !== 'system';
  const conversation = await openConversationForInbound(tx, channel, contact.id, occurredAt);

  const [inserted] = await tx
    .insert(messages)
    .values({
      workspaceId: channel.workspaceId,
      conversationId: conversation.id,
      channelId: channel.id,
      direction: 'inbound',
      type: described.type,
      text: described.text,
      content: described.content,
      externalId: message.id,
      status: 'received',
      replyToExternalId: message.context?.id ?? null,
      occurredAt,
      raw: message as Record<string, unknown>,
    })
    .onConflictDoNothing()
    .returning();
  if (!inserted) return;

  if (described.type === 'system' && described.content.kind === 'user_changed_number' && described.content.newWaId) {
    await moveContactToNumber(tx, channel.workspaceId, contact.id, String(described.content.newWaId));
  }
  if ((described.type === 'revoke' || described.type === 'edit') && described.content.originalExternalId) {
    await markOriginal(tx, channel.id, String(described.content.originalExternalId), described.type, inserted.id);
  }
  if (described.media) {
    const [media] = await tx
      .insert(mediaFiles)
      .values({
        workspaceId: channel.workspaceId,
        channelId: channel.id,
        messageId: inserted.id,
        externalMediaId: described.media.mediaId,
        mimeType: described.media.mimeType,
        sha256: described.media.sha256,
        filename: described.media.filename,
      })
      .returning({ id: mediaFiles.id });
    await ctx.jobs.send(downloadMediaJob, { mediaFileId: media!.id }, { tx });
  }
  if (isCustomerMessage) {
    const windowExpiresAt = new Date(occurredAt.getTime() + WINDOW_MS);
    await tx
      .update(conversations)
      .set({
        windowExpiresAt: sql`greatest(coalesce(${conversations.windowExpiresAt}, ${windowExpiresAt}), ${windowExpiresAt})`,
        waitingSince: sql`coalesce(${conversations.waitingSince}, ${occurredAt})`,
        lastMessageAt: sql`greatest(coalesce(${conversations.lastMessageAt}, ${occurredAt}), ${occurredAt})`,
        lastActivityAt: new Date(),
      })
      .where(eq(conversations.id, conversation.id));
  }
  await recordEvent(tx, {
    workspaceId: channel.workspaceId,
    actor: systemActor,
    type: 'message.received',
    subjectType: 'conversation',
    subjectId: conversation.id,
    payload: { messageId: inserted.id, type: described.type, contactId: contact.id },
  });
}

/** Edits and deletions by the customer change how the original shows; the original text stays in history. */
async function markOriginal(tx: Transaction, channelId: string, originalExternalId: string, kind: 'revoke' | 'edit', byMessageId: string) {
  const patch = kind === 'revoke' ? { deleted: true, deletedBy: byMessageId } : { edited: true, editedBy: byMessageId };
  await tx
    .update(messages)
    .set({ content: sql`${messages.content} || ${JSON.stringify(patch)}::jsonb` })
    .where(and(eq(messages.channelId, channelId), eq(messages.externalId, originalExternalId)));
}
