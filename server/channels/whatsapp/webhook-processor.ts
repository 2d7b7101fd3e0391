import { and, asc, inArray, lt, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { webhookPayloads } from '../../db/schema.js';
import { ingestPayload } from './ingest-payload.js';

const MAX_ATTEMPTS = 25;

/**
 * Processes stored payloads right after the 200, a few at a time. A payload that fails stays
 * `failed` in the table and the retry job picks it up again: nothing is dropped.
 */
export function createWebhookProcessor(ctx: AppContext) {
  const concurrency = ctx.database.kind === 'pglite' ? 1 : 4;
  const queue: number[] = [];
  let running = 0;
  let idleWaiters: (() => void)[] = [];

  const pump = () => {
    while (running < concurrency && queue.length > 0) {
      const id = queue.shift()!;
      running++;
      ingestPayload(ctx, id)
        .catch((error) => ctx.logger.warn({ err: error, payloadId: id }, 'webhook payload failed; it will be retried'))
        .finally(() => {
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
    enqueue(id: number) {
      queue.push(id);
      pump();
    },
    /** Resolves when nothing is queued or running in this process. */
    idle(): Promise<void> {
      if (running === 0 && queue.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    /** Re-processes payloads left pending (a crash after the 200) or failed, oldest first. */
    async recover(olderThanMs = 10_000) {
      const rows = await ctx.db
        .select({ id: webhookPayloads.id })
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
      for (const row of rows) if (!queue.includes(row.id)) this.enqueue(row.id);
      return rows.length;
    },
  };
}

export type WebhookProcessor = ReturnType<typeof createWebhookProcessor>;
