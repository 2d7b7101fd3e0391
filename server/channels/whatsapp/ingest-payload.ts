import { and, eq, inArray, sql } from 'drizzle-orm';
import { parseStorableJson } from '../../../contracts/text.js';
import type { AppContext } from '../../context.js';
import { rawExecutorOf, type Transaction } from '../../db/client.js';
import { mediaFiles, messages, webhookPayloads } from '../../db/schema.js';
import { groupBy } from '../../lib/group-by.js';
import { type NotificationInput, notify } from '../../modules/notifications/notify.js';
import { type EventInput, recordEvents, systemActor } from '../../events/event-log.js';
import { healthAfter, setChannelHealth } from '../../modules/channels/channel-credentials.js';
import { type ChannelRow, findChannelByPhoneNumberId, findChannelsByIds } from '../../modules/channels/channels.repository.js';
import { moveContactToNumber } from '../../modules/contacts/contacts.repository.js';
import { resolveContacts } from '../../modules/contacts/resolve-contacts.js';
import { insertMany } from '../../db/insert-many.js';
import { reserveDisplayNumbers } from '../../modules/conversations/conversations.repository.js';
import { openConversationsForInbound } from '../../modules/conversations/open-conversation.js';
import { downloadMediaJob } from './download-media.job.js';
import { GraphError, graphErrorCode, remoteText } from './graph-errors.js';
import { type DescribedMessage, describeInbound } from './inbound-content.js';
import { applyStatusUpdate } from './status-updates.js';
import { type InboundMessage, type StatusUpdate, type WebhookContact, type WebhookEnvelope, whatsappTime } from './webhook-payload.js';

/** `channelIds`: the numbers that verified its signature (null for rows stored before they were kept). */
export type StoredPayload = { id: number; body: string; channelIds: string[] | null };

type Incoming = { channel: ChannelRow; message: InboundMessage; profile: WebhookContact | undefined };
type ValueError = { channel: ChannelRow; error: NonNullable<import('./webhook-payload.js').WebhookValue['errors']>[number] };
type Contents = { incoming: Incoming[]; statuses: { channel: ChannelRow; status: StatusUpdate }[]; valueErrors: ValueError[] };

/**
 * Processes stored webhook payloads, many in one transaction with set-based SQL. Idempotent:
 * messages are unique on (number, wamid) and statuses on (number, wamid, status), so a payload
 * processed once or ten times, or interleaved with others, leaves the same state. On failure it
 * throws and marks nothing: the caller decides what is retried (webhook-processor.ts).
 */
export async function ingestPayloads(ctx: AppContext, payloads: StoredPayload[]): Promise<void> {
  if (payloads.length === 0) return;
  const ids = payloads.map((payload) => payload.id);
  const { incoming, statuses, valueErrors } = await readPayloads(ctx, payloads);
  await ctx.transaction(async (tx) => {
    await storeMessages(ctx, tx, incoming);
    for (const { channel, status } of statuses) await applyStatusUpdate(tx, channel, status);
    await recordEvents(
      tx,
      valueErrors.map(({ channel, error }) => ({
        workspaceId: channel.workspaceId,
        actor: systemActor,
        type: 'channel.webhook_error',
        subjectType: 'channel',
        subjectId: channel.id,
        payload: { code: graphErrorCode(error.code), title: remoteText(error.title) ?? null, details: remoteText(error.error_data?.details) ?? null },
      })),
    );
    await tx
      .update(webhookPayloads)
      .set({ status: 'processed', processedAt: new Date(), attempts: sql`${webhookPayloads.attempts} + 1`, lastError: null })
      .where(inArray(webhookPayloads.id, ids));
  });
  for (const { channel, error } of valueErrors) {
    const graphError = new GraphError(null, graphErrorCode(error.code), remoteText(error.message) ?? remoteText(error.title) ?? 'WhatsApp error');
    const health = healthAfter(graphError);
    if (health) await setChannelHealth(ctx, channel, health, graphError);
  }
}

/**
 * Stores each message and each status of one payload in a transaction of its own, so that an item
 * that cannot be stored does not hold back the rest of its payload. The payload's state and its
 * error events are left to an `ingestPayloads` that succeeds (the next retry, or a replay).
 * Returns the first item's error, if one failed.
 */
export async function ingestItemsOneByOne(ctx: AppContext, payload: StoredPayload): Promise<unknown> {
  const { incoming, statuses } = await readPayloads(ctx, [payload]);
  let failure: unknown;
  const keepFirst = (error: unknown) => {
    failure ??= error;
  };
  for (const item of incoming) await ctx.transaction((tx) => storeMessages(ctx, tx, [item])).catch(keepFirst);
  for (const { channel, status } of statuses) await ctx.transaction((tx) => applyStatusUpdate(tx, channel, status)).catch(keepFirst);
  return failure;
}

/** What the payloads say, per connected number; text already under the rule of contracts/text.ts. */
async function readPayloads(ctx: AppContext, payloads: StoredPayload[]): Promise<Contents> {
  const channelCache = new Map<string, ChannelRow | undefined>();
  const contents: Contents = { incoming: [], statuses: [], valueErrors: [] };
  const { incoming, statuses, valueErrors } = contents;
  for (const payload of payloads) {
    const envelope = parseStorableJson(payload.body) as WebhookEnvelope;
    for (const entry of envelope.entry ?? []) {
      for (const change of entry.changes ?? []) {
        // Groups, echoes, account updates…: accepted and kept raw, but Bandeja does not model them.
        if (change.field !== 'messages' || !change.value) continue;
        const phoneNumberId = String(change.value.metadata?.phone_number_id ?? '');
        const key = `${payload.channelIds?.join(',') ?? '*'}|${phoneNumberId}`;
        if (!channelCache.has(key)) channelCache.set(key, phoneNumberId ? await channelForChange(ctx, payload, phoneNumberId) : undefined);
        const channel = channelCache.get(key);
        if (!channel) continue;
        const contacts = change.value.contacts ?? [];
        for (const message of change.value.messages ?? []) incoming.push({ channel, message, profile: profileFor(message, contacts) });
        for (const status of change.value.statuses ?? []) statuses.push({ channel, status });
        for (const error of change.value.errors ?? []) valueErrors.push({ channel, error });
      }
    }
  }
  return contents;
}

/**
 * The number a change belongs to: one of those that verified the payload's signature when it
 * arrived (still connected), so a payload signed with one workspace's app secret is never processed
 * into another's, even if the phone number id changed hands meanwhile. Older rows route as before.
 */
async function channelForChange(ctx: AppContext, payload: StoredPayload, phoneNumberId: string): Promise<ChannelRow | undefined> {
  if (!payload.channelIds) return findChannelByPhoneNumberId(ctx.db, phoneNumberId);
  const verifiedBy = await findChannelsByIds(ctx.db, payload.channelIds);
  return verifiedBy.find((channel) => channel.phoneNumberId === phoneNumberId);
}

function profileFor(message: InboundMessage, contacts: WebhookContact[]): WebhookContact | undefined {
  return (
    contacts.find((c) => (message.from && c.wa_id === message.from) || (message.from_user_id && c.user_id === message.from_user_id)) ??
    (contacts.length === 1 ? contacts[0] : undefined)
  );
}

async function storeMessages(ctx: AppContext, tx: Transaction, incoming: Incoming[]) {
  if (incoming.length === 0) return;
  // Drop what is already stored, and repeats inside this batch.
  const existing = (
    await rawExecutorOf(tx).query('select channel_id, external_id from messages where external_id = any($1::text[])', [incoming.map((item) => item.message.id)])
  ).rows as { channel_id: string; external_id: string }[];
  const seen = new Set(existing.map((row) => `${row.channel_id}|${row.external_id}`));
  const fresh = incoming.filter((item) => {
    const key = `${item.channel.id}|${item.message.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const byWorkspace = groupBy(fresh, (item) => item.channel.workspaceId);
  for (const [workspaceId, items] of byWorkspace) {
    const contacts = await resolveContacts(
      tx,
      workspaceId,
      items.map(({ message, profile }) => ({
        waId: profile?.wa_id ?? message.from ?? null,
        userId: profile?.user_id ?? message.from_user_id ?? null,
        name: profile?.profile?.name ?? null,
        username: profile?.profile?.username ?? null,
      })),
    );
    const located = items.flatMap((item, index) => (contacts[index] ? [{ ...item, contact: contacts[index]!, described: describeInbound(item.message), occurredAt: whatsappTime(item.message.timestamp) }] : []));
    for (const [, group] of groupBy(located, (item) => item.channel.id)) {
      const channel = group[0]!.channel;
      // Each contact's earliest message in the batch starts its cycle (a retried old payload may ride along with new ones).
      const firstAt = new Map<string, Date>();
      for (const item of group) if (!firstAt.has(item.contact.id) || item.occurredAt < firstAt.get(item.contact.id)!) firstAt.set(item.contact.id, item.occurredAt);
      // On PostgreSQL display numbers come from outside the batch's transaction (through the small
      // ingest pool, not the pool this transaction holds a connection of): concurrent batches would
      // otherwise queue on the counter's row until each commits. PGlite has one connection.
      const reserve = ctx.database.kind === 'postgres' ? (count: number) => reserveDisplayNumbers(ctx.database.ingestDb, channel.workspaceId, count) : undefined;
      const conversationsByContact = await openConversationsForInbound(tx, channel, firstAt, reserve);
      await insertMessages(
        ctx,
        tx,
        channel,
        group.map((item) => {
          const conversation = conversationsByContact.get(item.contact.id)!;
          return { ...item, conversationId: conversation.id, assigneeId: conversation.assigneeMembershipId };
        }),
      );
    }
  }
}

type Located = Incoming & { contact: { id: string }; described: DescribedMessage; occurredAt: Date; conversationId: string; assigneeId: string | null };

async function insertMessages(ctx: AppContext, tx: Transaction, channel: ChannelRow, items: Located[]) {
  const inserted = await insertMany(
    tx,
    messages,
    items.map((item) => ({
      workspaceId: channel.workspaceId,
      conversationId: item.conversationId,
      channelId: channel.id,
      direction: 'inbound' as const,
      type: item.described.type,
      text: item.described.text,
      content: item.described.content,
      externalId: item.message.id,
      status: 'received' as const,
      replyToExternalId: item.message.context?.id ?? null,
      occurredAt: item.occurredAt,
      raw: item.message as Record<string, unknown>,
    })),
    { onConflictDoNothing: true, returning: ['id', 'externalId'] },
  );
  const idByExternal = new Map(inserted.map((row) => [row.externalId, row.id]));
  const stored = items.filter((item) => idByExternal.has(item.message.id));
  const events: EventInput[] = [];
  const window = new Map<string, { first: Date; last: Date; text: string | null }>();
  const toNotify = new Map<string, NotificationInput>();
  for (const item of stored) {
    const messageId = idByExternal.get(item.message.id)!;
    const { described } = item;
    if (described.type === 'system' && described.content.kind === 'user_changed_number' && described.content.newWaId) {
      await moveContactToNumber(tx, channel.workspaceId, item.contact.id, String(described.content.newWaId));
    }
    if ((described.type === 'revoke' || described.type === 'edit') && described.content.originalExternalId) {
      const patch = described.type === 'revoke' ? { deleted: true, deletedBy: messageId } : { edited: true, editedBy: messageId };
      await tx
        .update(messages)
        .set({ content: sql`${messages.content} || ${JSON.stringify(patch)}::jsonb` })
        .where(and(eq(messages.channelId, channel.id), eq(messages.externalId, String(described.content.originalExternalId))));
    }
    if (described.media) {
      const [media] = await tx
        .insert(mediaFiles)
        .values({ workspaceId: channel.workspaceId, channelId: channel.id, messageId, externalMediaId: described.media.mediaId, mimeType: described.media.mimeType, sha256: described.media.sha256, filename: described.media.filename })
        .returning({ id: mediaFiles.id });
      await ctx.jobs.send(downloadMediaJob, { mediaFileId: media!.id }, { tx });
    }
    if (described.type !== 'system') {
      const span = window.get(item.conversationId);
      const latest = !span || span.last <= item.occurredAt;
      window.set(item.conversationId, {
        first: span && span.first < item.occurredAt ? span.first : item.occurredAt,
        last: latest ? item.occurredAt : span.last,
        text: latest ? described.text : span.text,
      });
      // The owner hears about new messages in their conversations (one unread notification per conversation).
      if (item.assigneeId) {
        toNotify.set(item.conversationId, { workspaceId: channel.workspaceId, membershipId: item.assigneeId, kind: 'new_message', conversationId: item.conversationId, messageId, text: described.text });
      }
    }
    events.push({
      workspaceId: channel.workspaceId,
      actor: systemActor,
      type: 'message.received',
      subjectType: 'conversation',
      subjectId: item.conversationId,
      // `at`: when the customer sent it (WhatsApp's timestamp), where their wait starts for the metrics.
      payload: { messageId, type: described.type, contactId: item.contact.id, at: item.occurredAt.toISOString() },
    });
  }
  if (window.size) {
    // Every customer message restarts the 24-hour window; the oldest unanswered one starts the wait;
    // the router looks at the conversation after this commits (routing-service.ts).
    const spans = [...window.entries()];
    await rawExecutorOf(tx).query(
      `update conversations c set
         window_expires_at = greatest(coalesce(c.window_expires_at, v.last_at + interval '24 hours'), v.last_at + interval '24 hours'),
         waiting_since = coalesce(c.waiting_since, v.first_at),
         last_message_at = greatest(coalesce(c.last_message_at, v.last_at), v.last_at),
         last_message_text = case when c.last_message_at is null or v.last_at >= c.last_message_at then v.last_text else c.last_message_text end,
         last_message_direction = case when c.last_message_at is null or v.last_at >= c.last_message_at then 'inbound' else c.last_message_direction end,
         last_inbound_at = clock_timestamp(),
         last_activity_at = now(),
         needs_routing = true
       from unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::text[]) as v(id, first_at, last_at, last_text)
       where c.id = v.id`,
      [spans.map(([id]) => id), spans.map(([, span]) => span.first.toISOString()), spans.map(([, span]) => span.last.toISOString()), spans.map(([, span]) => span.text?.slice(0, 500) ?? null)],
    );
  }
  if (toNotify.size) await notify(tx, systemActor, [...toNotify.values()]);
  await recordEvents(tx, events);
}
