import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import { storableText } from '../../../contracts/text.js';
import type { AppContext } from '../../context.js';
import { webhookPayloads } from '../../db/schema.js';
import { isTransientDatabaseError } from '../../db/transient-errors.js';

/**
 * Attempts before a payload is parked as `dead`. Processing reads nothing but our own database, so
 * a payload that fails this often for a reason other than the database being unreachable (those do
 * not count) fails the same way every time; about eight minutes of retries (one a minute) is plenty,
 * and an operator replays it after the fix (docs/operations.md).
 */
export const MAX_ATTEMPTS = 8;

/**
 * Marks a payload that failed on its own: one more attempt, and `dead` at the last one, with an
 * error-level log line naming it (never its body: it holds customer data). A database that cannot
 * be reached, restarts or deadlocks does not count as an attempt: the retry job tries it again.
 */
export async function recordPayloadFailure(ctx: AppContext, payloadId: number, error: unknown): Promise<void> {
  const transient = isTransientDatabaseError(error);
  // The cause's words first (what the list shows), then the stack of what our code saw.
  const lastError = storableText(`${firstLine(error)}\n${String((error as Error | undefined)?.stack ?? '')}`.slice(0, 2000));
  try {
    const [row] = await ctx.db
      .update(webhookPayloads)
      .set(
        transient
          ? { status: 'failed', lastError }
          : {
              status: sql`case when ${webhookPayloads.attempts} + 1 >= ${MAX_ATTEMPTS} then 'dead' else 'failed' end`,
              attempts: sql`${webhookPayloads.attempts} + 1`,
              lastError,
            },
      )
      // A payload another process has processed meanwhile stays processed.
      .where(and(eq(webhookPayloads.id, payloadId), inArray(webhookPayloads.status, ['pending', 'failed'])))
      .returning({ status: webhookPayloads.status, attempts: webhookPayloads.attempts });
    if (row?.status === 'dead') {
      ctx.logger.error({ payloadId, attempts: row.attempts, error: firstLine(error) }, 'webhook payload dead-lettered: see `bandeja webhooks dead-letters`, replay with `bandeja webhooks replay`');
    } else if (row) {
      ctx.logger.warn({ payloadId, attempts: row.attempts, transient, error: firstLine(error) }, 'webhook payload failed; it will be retried');
    }
  } catch (markError) {
    ctx.logger.warn({ payloadId, err: markError }, 'webhook payload failed and could not be marked; it will be retried');
  }
}

/** Parks failed payloads that already used every attempt (left by an earlier limit). */
export async function parkExhaustedPayloads(ctx: AppContext): Promise<void> {
  const parked = await ctx.db
    .update(webhookPayloads)
    .set({ status: 'dead' })
    .where(and(eq(webhookPayloads.status, 'failed'), gte(webhookPayloads.attempts, MAX_ATTEMPTS)))
    .returning({ id: webhookPayloads.id });
  if (parked.length > 0) ctx.logger.error({ payloadIds: parked.slice(0, 50).map((row) => row.id), count: parked.length }, 'webhook payloads dead-lettered after every attempt');
}

/**
 * The first line of the innermost error's message (the driver's words, not Drizzle's wrapper, whose
 * message carries the query's parameters): what lists and logs show.
 */
export function firstLine(error: unknown): string {
  let innermost = error;
  for (let depth = 0; depth < 5 && (innermost as { cause?: unknown } | undefined)?.cause; depth++) innermost = (innermost as { cause: unknown }).cause;
  const message = innermost instanceof Error ? innermost.message : String(innermost);
  return storableText(message.split('\n', 1)[0]!.slice(0, 300));
}
