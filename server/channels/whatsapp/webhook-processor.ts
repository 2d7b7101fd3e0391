import { and, asc, inArray, lt, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { webhookPayloads } from '../../db/schema.js';
import { ingestPayloads, type StoredPayload } from './ingest-payload.js';

const MAX_ATTEMPTS = 25;
const BATCH_SIZE = 100;

/**
 * Processes stored payloads right after the 200: whatever has queued up meanwhile goes in one
 * batch (one transaction). If a batch fails, its payloads are retried one by one so a single bad
 * payload cannot hold the others back; one that still fails stays `failed` for the retry job.
 */
export function createWebhookProcessor(ctx: AppContext) {
  const concurrency = ctx.database.kind === 'pglite' ? 1 : 3;
  const queue: StoredPayload[] = [];
  const queued = new Set<number>();
  let running = 0;
  let idleWaiters: (() => void)[] = [];

  const runBatch = async (batch: StoredPayload[]) => {
    try {
      await ingestPayloads(ctx, batch);
    } catch (error) {
      if (batch.length === 1) throw error;
      for (const payload of batch) {
        await ingestPayloads(ctx, [payload]).catch((single) => ctx.logger.warn({ err: single, payloadId: payload.id }, 'webhook payload failed; it will be retried'));
      }
    }
  };

  const pump = () => {
    while (running < concurrency && queue.length > 0) {
      const batch = queue.splice(0, BATCH_SIZE);
      running++;
      runBatch(batch)
        .catch((error) => ctx.logger.warn({ err: error }, 'webhook payload failed; it will be retried'))
        .finally(() => {
          for (const payload of batch) queued.delete(payload.id);
          running--;
          pump();
          if (running === 0 && queue.length === 0) {
            for (const resolve of idleWaiters) resolve();
            idleWaiters = [];
          }
        });
    }
  };

  return {
    enqueue(payload: StoredPayload) {
      if (queued.has(payload.id)) return;
      queued.add(payload.id);
      queue.push(payload);
      // Let concurrent requests add theirs before a batch starts.
      setImmediate(pump);
    },
    /** Resolves when nothing is queued or running in this process. */
    idle(): Promise<void> {
      if (running === 0 && queue.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    /** Re-processes payloads left pending (a crash after the 200) or failed, oldest first. */
    async recover(olderThanMs = 10_000) {
      const rows = await ctx.db
        .select({ id: webhookPayloads.id, body: webhookPayloads.body })
        .from(webhookPayloads)
        .where(
          and(
            inArray(webhookPayloads.status, ['pending', 'failed']),
            lt(webhookPayloads.attempts, MAX_ATTEMPTS),
            lt(webhookPayloads.receivedAt, sql`now() - make_interval(secs => ${olderThanMs / 1000})`),
          ),
        )
        .orderBy(asc(webhookPayloads.id))
        .limit(1000);
      for (const row of rows) this.enqueue(row);
      return rows.length;
    },
  };
}

export type WebhookProcessor = ReturnType<typeof createWebhookProcessor>;
