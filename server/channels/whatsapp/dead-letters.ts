import { and, asc, count, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { webhookPayloads } from '../../db/schema.js';
import { processPayloads } from './webhook-processor.js';

export type DeadLetter = { id: number; receivedAt: Date; attempts: number; lastError: string };

const REPLAY_BATCH = 100;

/** Payloads parked after every attempt failed, oldest first, with the first line of their last error. */
export async function listDeadLetters(db: Executor, limit = 1000): Promise<DeadLetter[]> {
  const rows = await db
    .select({ id: webhookPayloads.id, receivedAt: webhookPayloads.receivedAt, attempts: webhookPayloads.attempts, lastError: webhookPayloads.lastError })
    .from(webhookPayloads)
    .where(eq(webhookPayloads.status, 'dead'))
    .orderBy(asc(webhookPayloads.id))
    .limit(limit);
  return rows.map((row) => ({ ...row, lastError: (row.lastError ?? '').split('\n', 1)[0]! }));
}

/** How many payloads are parked (shown by /readyz). */
export async function countDeadLetters(db: Executor): Promise<number> {
  const [row] = await db.select({ n: count() }).from(webhookPayloads).where(eq(webhookPayloads.status, 'dead'));
  return Number(row?.n ?? 0);
}

/**
 * Gives parked payloads their attempts back and processes them now (after a fix, say). Those that
 * fail again are `failed` with a fresh count, retried by the job and parked again if they keep failing.
 */
export async function replayDeadLetters(ctx: AppContext, which: { ids: number[] } | { all: true }) {
  const revived = await ctx.db
    .update(webhookPayloads)
    .set({ status: 'pending', attempts: 0, lastError: null })
    .where('ids' in which ? and(eq(webhookPayloads.status, 'dead'), inArray(webhookPayloads.id, which.ids)) : eq(webhookPayloads.status, 'dead'))
    .returning({ id: webhookPayloads.id, body: webhookPayloads.body, channelIds: webhookPayloads.channelIds });
  revived.sort((a, b) => a.id - b.id);
  const processed: number[] = [];
  const stillFailing: number[] = [];
  for (let start = 0; start < revived.length; start += REPLAY_BATCH) {
    const batch = revived.slice(start, start + REPLAY_BATCH);
    await processPayloads(ctx, batch);
    const after = await ctx.db.select({ id: webhookPayloads.id, status: webhookPayloads.status }).from(webhookPayloads).where(inArray(webhookPayloads.id, batch.map((row) => row.id)));
    for (const row of after.sort((a, b) => a.id - b.id)) (row.status === 'processed' ? processed : stillFailing).push(row.id);
  }
  return { replayed: revived.map((row) => row.id), processed, stillFailing };
}
