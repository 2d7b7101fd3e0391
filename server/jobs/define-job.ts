import type { z } from 'zod';
import type { AppContext } from '../context.js';

/** A job is a declaration: a name, a payload schema, an optional cron schedule and a handler. */
export type JobDefinition<Schema extends z.ZodType = z.ZodType> = {
  name: string;
  schema: Schema;
  /** Cron expression (UTC) when the job also runs on a schedule. */
  schedule?: string;
  retryLimit?: number;
  handler: (ctx: AppContext, data: z.infer<Schema>) => Promise<void>;
};

export function defineJob<Schema extends z.ZodType>(definition: JobDefinition<Schema>): JobDefinition<Schema> {
  return definition;
}
