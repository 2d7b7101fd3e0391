import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Transaction } from '../../db/client.js';
import { insertMany } from '../../db/insert-many.js';
import { conversations } from '../../db/schema.js';
import { type EventInput, recordEvents, systemActor } from '../../events/event-log.js';
import type { ChannelRow } from '../channels/channels.repository.js';
import { type ConversationRow, reserveDisplayNumbers } from './conversations.repository.js';

/**
 * The conversation each contact's new messages belong to, for one number: the open one; a snoozed
 * or pending one wakes up; a resolved one is reopened or a new one starts, per the number's setting.
 * Callers hold the contacts' advisory locks, so two batches cannot open two conversations.
 */
export async function openConversationsForInbound(
  tx: Transaction,
  channel: ChannelRow,
  firstMessageAt: Map<string, Date>,
  reserveNumbers: (count: number) => Promise<number> = (count) => reserveDisplayNumbers(tx, channel.workspaceId, count),
): Promise<Map<string, ConversationRow>> {
  const result = new Map<string, ConversationRow>();
  const ids = [...firstMessageAt.keys()];
  if (ids.length === 0) return result;
  const latest = await tx
    .selectDistinctOn([conversations.contactId])
    .from(conversations)
    .where(and(eq(conversations.channelId, channel.id), inArray(conversations.contactId, ids)))
    .orderBy(conversations.contactId, desc(conversations.createdAt));
  const latestByContact = new Map(latest.map((row) => [row.contactId, row]));
  const events: EventInput[] = [];
  const base = { workspaceId: channel.workspaceId, actor: systemActor, subjectType: 'conversation' };
  const toCreate: string[] = [];
  for (const contactId of ids) {
    const at = firstMessageAt.get(contactId)!;
    const current = latestByContact.get(contactId);
    if (current?.status === 'open') {
      result.set(contactId, current);
    } else if (current && (current.status !== 'resolved' || channel.reopenPolicy === 'reopen')) {
      const [reopened] = await tx
        .update(conversations)
        .set({
          status: 'open',
          resolvedAt: null,
          snoozedUntil: null,
          lastActivityAt: new Date(),
          // A resolved conversation starts a new care cycle; a snoozed or pending one goes on with its own.
          ...(current.status === 'resolved' ? { cycleStartedAt: at, firstResponseAt: null, routedAt: null, routingStrategy: null } : {}),
        })
        .where(eq(conversations.id, current.id))
        .returning();
      result.set(contactId, reopened!);
      events.push({
        ...base,
        type: current.status === 'resolved' ? 'conversation.reopened' : 'conversation.woken',
        subjectId: current.id,
        payload: { from: current.status, reason: 'customer_message', at: at.toISOString() },
      });
    } else {
      toCreate.push(contactId);
    }
  }
  if (toCreate.length) {
    // A block of display numbers (#1042…) in one atomic step.
    const first = await reserveNumbers(toCreate.length);
    const created = await insertMany(
      tx,
      conversations,
      toCreate.map((contactId, index) => ({ id: randomUUID(), workspaceId: channel.workspaceId, channelId: channel.id, contactId, displayNumber: first + index, cycleStartedAt: firstMessageAt.get(contactId)! })),
    );
    for (const row of created) {
      result.set(row.contactId, row);
      events.push({
        ...base,
        type: 'conversation.created',
        subjectId: row.id,
        payload: { displayNumber: row.displayNumber, channelId: channel.id, contactId: row.contactId, previousConversationId: latestByContact.get(row.contactId)?.id ?? null },
      });
    }
  }
  await recordEvents(tx, events);
  return result;
}
