import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { channels, mediaFiles } from '../../db/schema.js';
import { defineJob } from '../../jobs/define-job.js';
import { sha256Base64, sha256Hex } from '../../lib/file-storage.js';
import { cloudApiFor } from '../../modules/channels/channel-credentials.js';

/**
 * Fetches an inbound media file: look up the id (a URL valid 5 minutes), download it with the
 * number's token, check the sha256 WhatsApp announced, and keep it under the data folder.
 * Failures throw, so the queue retries with backoff.
 */
export const downloadMediaJob = defineJob({
  name: 'whatsapp-download-media',
  schema: z.object({ mediaFileId: z.uuid() }),
  retryLimit: 8,
  handler: async (ctx, { mediaFileId }) => {
    const [media] = await ctx.db.select().from(mediaFiles).where(eq(mediaFiles.id, mediaFileId));
    if (!media || media.status === 'stored' || !media.externalMediaId) return;
    const [channel] = await ctx.db.select().from(channels).where(eq(channels.id, media.channelId));
    if (!channel) return;
    try {
      const client = cloudApiFor(ctx, channel, 30_000);
      const lookup = await client.getMedia(media.externalMediaId);
      const bytes = await client.downloadMedia(lookup.url);
      const expected = media.sha256 ?? lookup.sha256;
      if (expected && expected !== sha256Base64(bytes) && expected.toLowerCase() !== sha256Hex(bytes)) {
        throw new Error(`sha256 mismatch for media ${media.externalMediaId}`);
      }
      const storageKey = `media/${media.workspaceId}/${media.id}`;
      await ctx.storage.put(storageKey, bytes);
      await ctx.db
        .update(mediaFiles)
        .set({ status: 'stored', storageKey, size: bytes.length, mimeType: media.mimeType ?? lookup.mime_type, lastError: null })
        .where(eq(mediaFiles.id, media.id));
    } catch (error) {
      await ctx.db.update(mediaFiles).set({ lastError: String((error as Error).message).slice(0, 500) }).where(eq(mediaFiles.id, media.id));
      throw error;
    }
  },
});
