import multipart from '@fastify/multipart';
import { and, eq } from 'drizzle-orm';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id } from '../../../contracts/common.js';
import { storableText } from '../../../contracts/text.js';
import { checkOutboundMedia, MAX_UPLOAD_BYTES } from '../../channels/whatsapp/media-limits.js';
import { GraphError } from '../../channels/whatsapp/graph-errors.js';
import type { AppContext } from '../../context.js';
import { mediaFiles, messages } from '../../db/schema.js';
import { findVisibleConversation } from '../conversations/access.js';
import { sha256Hex } from '../../lib/file-storage.js';
import { requireActor } from '../../http/auth.js';
import { AppError, notFound } from '../../http/errors.js';
import { type Api, commonErrors } from '../../http/route-types.js';
import { cloudApiFor } from '../channels/channel-credentials.js';
import { findChannel } from '../channels/channels.repository.js';

/** A MIME type as a header may carry it (what Meta reports is the customer's, in principle anything). */
const MIME_TYPE = /^[\w.+-]{1,100}\/[\w.+-]{1,100}(\s*;\s*[\w.+-]+=[\w.+"-]+)*$/;

/**
 * `inline` with the customer's file name: an ASCII fallback for old clients and the exact name as
 * RFC 5987 `filename*` (a header may carry only Latin-1: "factura €.pdf", an emoji or the U+FFFD the
 * text rule leaves would otherwise make Node refuse the header and the download a 500).
 */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  let encoded: string;
  try {
    encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  } catch {
    return `inline; filename="${ascii}"`;
  }
  return `inline; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export async function mediaRoutes(app: Api, ctx: AppContext) {
  app.get('/api/v1/media/:mediaId', {
    config: { access: { permission: 'conversations.read' } },
    schema: { tags: ['media'], summary: 'Download a stored media file (members of its workspace only)', params: z.object({ mediaId: Id }) },
    handler: async (request, reply) => {
      const actor = requireActor(request);
      const [media] = await ctx.db
        .select()
        .from(mediaFiles)
        .where(and(eq(mediaFiles.workspaceId, actor.workspaceId), eq(mediaFiles.id, request.params.mediaId)));
      if (!media?.storageKey || media.status !== 'stored') throw notFound('Media');
      // Media belongs to a message: whoever may not see its conversation may not download it either.
      if (media.messageId) {
        const [message] = await ctx.db.select({ conversationId: messages.conversationId }).from(messages).where(eq(messages.id, media.messageId));
        if (message) await findVisibleConversation(ctx.db, actor, message.conversationId).catch(() => Promise.reject(notFound('Media')));
      }
      const bytes = await ctx.storage.get(media.storageKey);
      reply.header('content-type', media.mimeType && MIME_TYPE.test(media.mimeType) ? media.mimeType : 'application/octet-stream');
      reply.header('content-disposition', contentDisposition(media.filename ?? media.id));
      // Never let a browser run what a customer sent.
      reply.header('content-security-policy', "default-src 'none'; sandbox");
      return reply.send(bytes);
    },
  });

  await app.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    await scope.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5 } });
    scope.post('/api/v1/channels/:channelId/media', {
      config: { access: { permission: 'messages.send' } },
      bodyLimit: MAX_UPLOAD_BYTES + 1024 * 1024,
      schema: {
        tags: ['media'],
        summary: 'Upload a file to WhatsApp for this number (multipart field "file"); send it by its mediaId',
        params: z.object({ channelId: Id }),
        response: { 201: z.object({ mediaId: z.string(), kind: z.string(), mimeType: z.string(), size: z.number() }), ...commonErrors },
      },
      handler: async (request, reply) => {
        const actor = requireActor(request);
        const channel = await findChannel(ctx.db, actor.workspaceId, request.params.channelId);
        if (!channel) throw notFound('Channel');
        if (!request.isMultipart()) throw new AppError('unsupported_media_type', 'Send multipart/form-data with a "file" field');
        const file = await request.file();
        if (!file) throw new AppError('validation_failed', 'No file', { fields: [{ path: 'body.file', message: 'is required' }] });
        const bytes = await file.toBuffer();
        // Multipart is read here, after the request hook: the file's name gets the text rule here.
        const filename = storableText(file.filename);
        const kindField = (file.fields.kind as { value?: string } | undefined)?.value;
        const check = checkOutboundMedia(file.mimetype, bytes.length, kindField);
        if ('problem' in check) throw new AppError('validation_failed', `The file cannot be sent: ${check.problem}`, { fields: [{ path: 'body.file', message: check.problem }] });
        try {
          const uploaded = await cloudApiFor(ctx, channel, 60_000).uploadMedia(channel.phoneNumberId, { bytes, mimeType: file.mimetype, filename });
          // Keep a copy so the team sees what was sent; the message that sends it claims the row.
          const [media] = await ctx.db
            .insert(mediaFiles)
            .values({ workspaceId: actor.workspaceId, channelId: channel.id, externalMediaId: uploaded.id, mimeType: file.mimetype, size: bytes.length, filename, sha256: sha256Hex(bytes) })
            .returning({ id: mediaFiles.id });
          const storageKey = `media/${actor.workspaceId}/${media!.id}`;
          await ctx.storage.put(storageKey, bytes);
          await ctx.db.update(mediaFiles).set({ status: 'stored', storageKey }).where(eq(mediaFiles.id, media!.id));
          reply.code(201);
          return { mediaId: uploaded.id, kind: check.kind, mimeType: file.mimetype, size: bytes.length };
        } catch (error) {
          if (error instanceof GraphError) throw new AppError('unavailable', `WhatsApp refused the upload: ${error.message}`, { code: error.code });
          throw error;
        }
      },
    });
  });
}
