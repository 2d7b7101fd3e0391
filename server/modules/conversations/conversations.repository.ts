import { and, desc, eq, sql } from 'drizzle-orm';
import type { Executor, Transaction } from '../../db/client.js';
import { conversations, workspaceCounters } from '../../db/schema.js';

export type ConversationRow = typeof conversations.$inferSelect;

/**
 * Reserves `count` consecutive per-workspace display numbers (#1042…) atomically, across processes;
 * returns the first. Given the database rather than the caller's transaction, the counter's row lock
 * lasts one statement instead of a whole ingest batch (a batch that then fails leaves a gap).
 */
export async function reserveDisplayNumbers(db: Executor, workspaceId: string, count = 1): Promise<number> {
  const [row] = await db
    .insert(workspaceCounters)
    .values({ workspaceId, name: 'conversation', value: count })
    .onConflictDoUpdate({ target: [workspaceCounters.workspaceId, workspaceCounters.name], set: { value: sql`${workspaceCounters.value} + ${count}` } })
    .returning({ value: workspaceCounters.value });
  return row!.value - count + 1;
}

export async function latestConversation(tx: Executor, channelId: string, contactId: string) {
  const [row] = await tx
    .select()
    .from(conversations)
    .where(and(eq(conversations.channelId, channelId), eq(conversations.contactId, contactId)))
    .orderBy(desc(conversations.createdAt))
    .limit(1);
  return row;
}

export async function insertConversation(tx: Transaction, values: { workspaceId: string; channelId: string; contactId: string }) {
  const [row] = await tx
    .insert(conversations)
    .values({ ...values, displayNumber: await reserveDisplayNumbers(tx, values.workspaceId) })
    .returning();
  return row!;
}

export async function findConversation(db: Executor, workspaceId: string, conversationId: string) {
  const [row] = await db
    .select()
    .from(conversations)
    .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, conversationId)))
    .limit(1);
  return row;
}
