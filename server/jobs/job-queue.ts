import PgBoss from 'pg-boss';
import type { DatabaseHandle, Executor } from '../db/client.js';
import { rawExecutorOf } from '../db/client.js';
import type { AppContext } from '../context.js';
import type { JobDefinition } from './define-job.js';

export type JobQueue = {
  /** Enqueues a job; pass the open transaction so the job exists only if the change commits. */
  send<Schema extends JobDefinition['schema']>(
    job: JobDefinition<Schema>,
    data: import('zod').infer<Schema>,
    options?: { tx?: Executor; startAfter?: Date; singletonKey?: string },
  ): Promise<string | null>;
  /** Starts workers and schedules for the declared jobs (the server does this; the CLI does not). */
  startWorkers(ctx: AppContext, definitions: JobDefinition[]): Promise<void>;
  /** Runs one job now, in this process, with the payload validated (tests and the CLI use it). */
  runNow<Schema extends JobDefinition['schema']>(
    ctx: AppContext,
    job: JobDefinition<Schema>,
    data: import('zod').infer<Schema>,
  ): Promise<void>;
  stop(): Promise<void>;
};

function adapterFor(executor: { query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> }, handle?: DatabaseHandle) {
  return {
    async executeSql(text: string, values?: unknown[]) {
      // pg-boss sends multi-statement scripts without parameters; PGlite runs those only through exec().
      if (!values?.length && handle) {
        const results = await handle.exec(text);
        return (results.length > 1 ? results.at(-1) : results[0]) ?? { rows: [] };
      }
      return executor.query(text, values) as Promise<{ rows: unknown[] }>;
    },
  };
}

/** pg-boss on the same database as the data: PostgreSQL, or PGlite through its single connection. */
export async function createJobQueue(
  handle: DatabaseHandle,
  logger: { error(o: unknown, m: string): void },
  definitions: JobDefinition[],
): Promise<JobQueue> {
  const boss = new PgBoss({
    db: adapterFor(handle.raw, handle),
    schema: 'pgboss',
    // The embedded database has one connection: keep polling light.
    ...(handle.kind === 'pglite' ? { monitorStateIntervalSeconds: 60, maintenanceIntervalSeconds: 120 } : {}),
  });
  boss.on('error', (error) => logger.error({ err: error }, 'job queue error'));
  await boss.start();
  const created = new Set<string>();
  const ensureQueue = async (name: string) => {
    if (created.has(name)) return;
    // Processes booting at once on one database can deadlock inside pg-boss's create_queue: retry.
    for (let attempt = 1; ; attempt++) {
      try {
        await boss.createQueue(name);
        break;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (attempt >= 5 || (code !== '40P01' && code !== '23505')) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 100));
      }
    }
    created.add(name);
  };
  for (const definition of definitions) await ensureQueue(definition.name);

  return {
    async send(job, data, options = {}) {
      // Queues are created at boot: creating one here could wait on the connection the caller's
      // transaction holds (PGlite has only one).
      if (!created.has(job.name)) throw new Error(`Job ${job.name} is not declared in server/jobs/registry.ts`);
      const payload = job.schema.parse(data) as object;
      return boss.send(job.name, payload, {
        retryLimit: job.retryLimit ?? 5,
        retryBackoff: true,
        retryDelay: 2,
        startAfter: options.startAfter,
        singletonKey: options.singletonKey,
        ...(options.tx ? { db: adapterFor(rawExecutorOf(options.tx)) } : {}),
      });
    },
    async startWorkers(ctx, definitions) {
      for (const definition of definitions) {
        await ensureQueue(definition.name);
        await boss.work(definition.name, { pollingIntervalSeconds: 2 }, async (jobs) => {
          for (const job of jobs) await definition.handler(ctx, definition.schema.parse(job.data));
        });
        if (definition.schedule) await boss.schedule(definition.name, definition.schedule, {});
      }
    },
    async runNow(ctx, job, data) {
      await job.handler(ctx, job.schema.parse(data));
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}

/** For one-shot commands that must not enqueue work: any use is a programming error, said loudly. */
export function jobQueueUnavailable(): JobQueue {
  const refuse = async () => {
    throw new Error('The job queue is not started in this command');
  };
  return { send: refuse, startWorkers: refuse, runNow: refuse, stop: async () => {} };
}
