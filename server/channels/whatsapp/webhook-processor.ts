import { and, asc, inArray, lt, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { webhookPayloads } from '../../db/schema.js';
import { isTransientDatabaseError } from '../../db/transient-errors.js';
import { ingestItemsOneByOne, ingestPayloads, type StoredPayload } from './ingest-payload.js';
import { MAX_ATTEMPTS, parkExhaustedPayloads, recordPayloadFailure } from './payload-failures.js';

const BATCH_SIZE = 100;

/**
 * Processes a batch of stored payloads in one transaction. If it fails, each payload is tried on its
 * own, so a bad payload cannot hold the others back; one that fails on its own has its messages and
 * statuses stored one by one (only the item that fails is missing) and stays `failed` for the retry
 * job, `dead` after MAX_ATTEMPTS (payload-failures.ts).
 */
export async function processPayloads(ctx: AppContext, batch: StoredPayload[]): Promise<void> {
  try {
    await ingestPayloads(ctx, batch);
  } catch (error) {
    for (const payload of batch) await processAlone(ctx, payload, batch.length === 1 ? error : undefined);
  }
}

async function processAlone(ctx: AppContext, payload: StoredPayload, knownError: unknown) {
  let error = knownError;
  if (error === undefined) {
    try {
      await ingestPayloads(ctx, [payload]);
      return;
    } catch (alone) {
      error = alone;
    }
  }
  // With the database away nothing item by item would fare better.
  if (!isTransientDatabaseError(error)) await ingestItemsOneByOne(ctx, payload).catch(() => undefined);
  await recordPayloadFailure(ctx, payload.id, error);
}

/**
 * Processes stored payloads right after the 200: whatever has queued up meanwhile goes in one
 * batch (`processPayloads`).
 */
export function createWebhookProcessor(ctx: AppContext) {
  const concurrency = ctx.database.kind === 'pglite' ? 1 : 3;
  const queue: StoredPayload[] = [];
  const queued = new Set<number>();
  let running = 0;
  let idleWaiters: (() => void)[] = [];

  const pump = () => {
    while (running < concurrency && queue.length > 0) {
      const batch = queue.splice(0, BATCH_SIZE);
      running++;
      processPayloads(ctx, batch)
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
      await parkExhaustedPayloads(ctx);
      const rows = await ctx.db
        .select({ id: webhookPayloads.id, body: webhookPayloads.body, channelIds: webhookPayloads.channelIds })
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
