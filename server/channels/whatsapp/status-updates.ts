import { and, eq, isNull } from 'drizzle-orm';
import type { Transaction } from '../../db/client.js';
import { type MessageStatus, messageStatusUpdates, messages } from '../../db/schema.js';
import { recordEvent, systemActor } from '../../events/event-log.js';
import type { ChannelRow } from '../../modules/channels/channels.repository.js';
import { graphErrorCode, remoteText } from './graph-errors.js';
import { type StatusUpdate, whatsappTime } from './webhook-payload.js';

const rank: Record<string, number> = { pending: 0, sending: 1, sent: 2, delivered: 3, read: 4, played: 5 };

/**
 * Whether `next` moves a message forward. Statuses never go backwards (sent < delivered < read <
 * played); `failed` ends a message that was not delivered yet, and a later success overrides it.
 */
export function statusAdvances(current: string, next: string): boolean {
  if (next === current) return false;
  if (next === 'failed') return (rank[current] ?? 0) <= rank.sent!;
  if (current === 'failed') return (rank[next] ?? 0) > rank.sent!;
  return (rank[next] ?? -1) > (rank[current] ?? -1);
}

type Update = { status: string; occurredAt: Date; error: { code: number | null; title: string; details?: string } | null };

/** Applies one status to a stored message, if it moves the message forward. */
export async function applyToMessage(tx: Transaction, message: { id: string; status: string; workspaceId: string; conversationId: string }, update: Update) {
  if (!statusAdvances(message.status, update.status)) return false;
  await tx
    .update(messages)
    .set({ status: update.status as MessageStatus, statusAt: update.occurredAt, error: update.status === 'failed' ? update.error : null })
    .where(eq(messages.id, message.id));
  await recordEvent(tx, {
    workspaceId: message.workspaceId,
    actor: systemActor,
    type: 'message.status_changed',
    subjectType: 'conversation',
    subjectId: message.conversationId,
    payload: { messageId: message.id, from: message.status, to: update.status, error: update.error },
  });
  return true;
}

/**
 * Records a status webhook (deduplicated on wamid + status) and applies it. A status for a message
 * we have not stored yet waits in `message_status_updates` until the send response stores the wamid.
 */
export async function applyStatusUpdate(tx: Transaction, channel: ChannelRow, status: StatusUpdate) {
  const first = status.errors?.[0];
  // Normalised where it is stored: a code that is not an integer, or a title that is not text, must not break the conversation's messages later.
  const error =
    status.status === 'failed' ? { code: graphErrorCode(first?.code), title: remoteText(first?.title) ?? remoteText(first?.message) ?? 'Failed', details: remoteText(first?.error_data?.details) } : null;
  const occurredAt = whatsappTime(status.timestamp);
  const [stored] = await tx
    .insert(messageStatusUpdates)
    .values({ channelId: channel.id, externalId: status.id, status: status.status, occurredAt, error, callbackData: status.biz_opaque_callback_data ?? null })
    .onConflictDoNothing()
    .returning({ id: messageStatusUpdates.id });
  if (!stored) return;
  let [message] = await tx.select().from(messages).where(and(eq(messages.channelId, channel.id), eq(messages.externalId, status.id)));
  if (!message && status.biz_opaque_callback_data?.startsWith('bandeja:')) {
    // The send response has not stored the wamid yet: our own id travels in the callback data.
    const ownId = status.biz_opaque_callback_data.slice('bandeja:'.length);
    [message] = await tx.select().from(messages).where(and(eq(messages.channelId, channel.id), eq(messages.id, ownId)));
    if (message && !message.externalId) await tx.update(messages).set({ externalId: status.id }).where(eq(messages.id, message.id));
  }
  if (!message) return;
  await applyToMessage(tx, message, { status: status.status, occurredAt, error });
  await tx.update(messageStatusUpdates).set({ appliedAt: new Date() }).where(eq(messageStatusUpdates.id, stored.id));
}

/** After a send stores its wamid: apply the statuses that arrived before it, in their order of rank. */
export async function applyWaitingStatuses(tx: Transaction, channelId: string, message: { id: string; status: string; workspaceId: string; conversationId: string; externalId: string }) {
  const waiting = await tx
    .select()
    .from(messageStatusUpdates)
    .where(and(eq(messageStatusUpdates.channelId, channelId), eq(messageStatusUpdates.externalId, message.externalId), isNull(messageStatusUpdates.appliedAt)));
  let current = message.status;
  for (const update of waiting.sort((a, b) => (rank[a.status] ?? 9) - (rank[b.status] ?? 9))) {
    if (await applyToMessage(tx, { ...message, status: current }, { status: update.status, occurredAt: update.occurredAt, error: update.error })) current = update.status;
    await tx.update(messageStatusUpdates).set({ appliedAt: new Date() }).where(eq(messageStatusUpdates.id, update.id));
  }
}
