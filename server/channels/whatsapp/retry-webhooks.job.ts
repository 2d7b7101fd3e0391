import { z } from 'zod';
import { defineJob } from '../../jobs/define-job.js';

/** Every minute: payloads left pending by a crash, or failed, are processed again. */
export const retryWebhookPayloadsJob = defineJob({
  name: 'whatsapp-retry-webhook-payloads',
  schema: z.object({}).passthrough(),
  schedule: '* * * * *',
  handler: async (ctx) => {
    await ctx.webhooks.recover();
  },
});
