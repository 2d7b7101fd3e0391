import { and, desc, eq, sql } from 'drizzle-orm';
import type { Executor, Transaction } from '../../db/client.js';
import { conversations, workspaceCounters } from '../../db/schema.js';

export type ConversationRow = typeof conversations.$inferSelect;

/** The next per-workspace display number (#1042), atomically, across processes. */
export async function nextDisplayNumber(tx: Executor, workspaceId: string): Promise<number> {
  const [row] = await tx
    .insert(workspaceCounters)
    .values({ workspaceId, name: 'conversation', value: 1 })
    .onConflictDoUpdate({ target: [workspaceCounters.workspaceId, workspaceCounters.name], set: { value: sql`${workspaceCounters.value} + 1` } })
    .returning({ value: workspaceCounters.value });
  return row!.value;
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
    .values({ ...values, displayNumber: await nextDisplayNumber(tx, values.workspaceId) })
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
