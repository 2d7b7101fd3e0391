import type { AppContext } from '../../context.js';
import { insertMany } from '../../db/insert-many.js';
import { webhookPayloads } from '../../db/schema.js';

type Waiting = { body: string; channelIds: string[]; resolve: (id: number) => void; reject: (error: unknown) => void };

const MAX_ROWS_PER_INSERT = 500;

/**
 * Group commit for webhook payloads: the bodies of requests arriving together are stored with one
 * multi-row INSERT (one commit), and each request still answers 200 only after its row is durable.
 */
export function createPayloadWriter(ctx: AppContext) {
  let waiting: Waiting[] = [];
  let flushing = false;

  const flush = async () => {
    if (flushing) return;
    flushing = true;
    try {
      while (waiting.length > 0) {
        const batch = waiting.splice(0, MAX_ROWS_PER_INSERT);
        try {
          const rows = await insertMany(ctx.database.ingestDb, webhookPayloads, batch.map((item) => ({ body: item.body, channelIds: item.channelIds })), { returning: ['id'] });
          // Ids come from one sequence in VALUES order: sorting restores the request each belongs to.
          const ids = rows.map((row) => row.id).sort((a, b) => a - b);
          batch.forEach((item, index) => item.resolve(ids[index]!));
        } catch (error) {
          for (const item of batch) item.reject(error);
        }
      }
    } finally {
      flushing = false;
    }
  };

  return {
    /** Resolves with the stored row id once the body is committed. */
    write(body: string, channelIds: string[]): Promise<number> {
      return new Promise((resolve, reject) => {
        waiting.push({ body, channelIds, resolve, reject });
        if (!flushing) setImmediate(flush);
      });
    },
  };
}
