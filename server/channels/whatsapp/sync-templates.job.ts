import { isNull } from 'drizzle-orm';
import { z } from 'zod';
import { channels } from '../../db/schema.js';
import { defineJob } from '../../jobs/define-job.js';
import { syncTemplates } from './sync-templates.js';

/** Every six hours: templates of every connected number (approvals and rejections happen at Meta). */
export const syncAllTemplatesJob = defineJob({
  name: 'whatsapp-sync-templates',
  schema: z.object({}).passthrough(),
  schedule: '17 */6 * * *',
  handler: async (ctx) => {
    const rows = await ctx.db.select().from(channels).where(isNull(channels.deletedAt));
    for (const channel of rows) {
      if (channel.health === 'token_expired' || channel.health === 'disconnected') continue;
      await syncTemplates(ctx, channel).catch((error) => ctx.logger.warn({ err: error, channelId: channel.id }, 'template sync failed'));
    }
  },
});
