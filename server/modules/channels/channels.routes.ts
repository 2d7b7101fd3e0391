import { z } from 'zod';
import { Channel, ChannelCheck, ChannelCreate, ChannelCreated, ChannelUpdate } from '../../../contracts/channels.js';
import { Id } from '../../../contracts/common.js';
import { Template } from '../../../contracts/conversations.js';
import { eq } from 'drizzle-orm';
import { GraphError } from '../../channels/whatsapp/graph-errors.js';
import { syncTemplates } from '../../channels/whatsapp/sync-templates.js';
import { messageTemplates } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import { notFound } from '../../http/errors.js';
import { type Api, commonErrors, NoContent } from '../../http/route-types.js';
import { checkChannelCredentials } from './channel-credentials.js';
import { connectChannel, disconnectChannel, presentChannel, updateChannel } from './channels.js';
import { findChannel, listChannels } from './channels.repository.js';

const params = z.object({ channelId: Id });

export function channelsRoutes(app: Api, ctx: AppContext) {
  app.get('/api/v1/channels', {
    config: { access: { permission: 'channels.read' } },
    schema: { tags: ['channels'], summary: 'Connected WhatsApp numbers (secrets are never returned)', response: { 200: z.object({ channels: z.array(Channel) }), ...commonErrors } },
    handler: async (request) => {
      const rows = await listChannels(ctx.db, requireActor(request).workspaceId);
      // One row the schema cannot carry (a hand edit, an older release's value) must not break the page for every number.
      const presented = rows.flatMap((row) => {
        const result = Channel.safeParse(presentChannel(ctx, row));
        if (result.success) return [result.data];
        request.log.error({ channelId: row.id, issues: result.error.issues }, 'channel row left out of the list: it does not fit the API shape');
        return [];
      });
      return { channels: presented };
    },
  });

  app.post('/api/v1/channels', {
    config: { access: { permission: 'channels.manage' } },
    schema: {
      tags: ['channels'],
      summary: 'Connect a WhatsApp number; the credentials are checked against the Graph API',
      body: ChannelCreate,
      response: { 201: ChannelCreated, ...commonErrors },
    },
    handler: async (request, reply) => {
      const { channel, check } = await connectChannel(ctx, requireActor(request), request.body);
      reply.code(201);
      return { channel: presentChannel(ctx, channel), check, verifyToken: request.body.verifyToken };
    },
  });

  app.get('/api/v1/channels/:channelId', {
    config: { access: { permission: 'channels.read' } },
    schema: { tags: ['channels'], summary: 'One number with its connection health', params, response: { 200: Channel, ...commonErrors } },
    handler: async (request) => {
      const row = await findChannel(ctx.db, requireActor(request).workspaceId, request.params.channelId);
      if (!row) throw notFound('Channel');
      return presentChannel(ctx, row);
    },
  });

  app.patch('/api/v1/channels/:channelId', {
    config: { access: { permission: 'channels.manage' } },
    schema: {
      tags: ['channels'],
      summary: 'Rename, rotate secrets, change the Graph address or the reopen policy',
      params,
      body: ChannelUpdate,
      response: { 200: z.object({ channel: Channel, check: ChannelCheck.optional() }), ...commonErrors },
    },
    handler: async (request) => {
      const { channel, check } = await updateChannel(ctx, requireActor(request), request.params.channelId, request.body);
      return { channel: presentChannel(ctx, channel), ...(check ? { check } : {}) };
    },
  });

  app.post('/api/v1/channels/:channelId/check', {
    config: { access: { permission: 'channels.manage' } },
    schema: { tags: ['channels'], summary: 'Check the credentials against the Graph API again', params, response: { 200: ChannelCheck, ...commonErrors } },
    handler: async (request) => {
      const row = await findChannel(ctx.db, requireActor(request).workspaceId, request.params.channelId);
      if (!row) throw notFound('Channel');
      return checkChannelCredentials(ctx, row);
    },
  });

  app.get('/api/v1/channels/:channelId/templates', {
    config: { access: { permission: 'channels.read' } },
    schema: { tags: ['channels'], summary: 'Message templates of this number, as last synced', params, response: { 200: z.object({ templates: z.array(Template) }), ...commonErrors } },
    handler: async (request) => {
      const actor = requireActor(request);
      const row = await findChannel(ctx.db, actor.workspaceId, request.params.channelId);
      if (!row) throw notFound('Channel');
      const templates = await ctx.db.select().from(messageTemplates).where(eq(messageTemplates.channelId, row.id)).orderBy(messageTemplates.name, messageTemplates.language);
      return { templates: templates.map((t) => ({ id: t.id, name: t.name, language: t.language, status: t.status, category: t.category, components: t.components, syncedAt: t.syncedAt.toISOString() })) };
    },
  });

  app.post('/api/v1/channels/:channelId/templates/sync', {
    config: { access: { permission: 'channels.manage' } },
    schema: { tags: ['channels'], summary: 'Fetch the templates from Meta now ("Sincronizar")', params, response: { 200: z.object({ count: z.number() }), ...commonErrors } },
    handler: async (request) => {
      const row = await findChannel(ctx.db, requireActor(request).workspaceId, request.params.channelId);
      if (!row) throw notFound('Channel');
      try {
        return await syncTemplates(ctx, row);
      } catch (error) {
        if (error instanceof GraphError) throw new AppError('unavailable', `Could not fetch templates from Meta: ${error.message}`, { code: error.code });
        throw error;
      }
    },
  });

  app.delete('/api/v1/channels/:channelId', {
    config: { access: { permission: 'channels.manage' } },
    schema: { tags: ['channels'], summary: 'Disconnect a number (its conversations and messages stay)', params, response: { 204: NoContent, ...commonErrors } },
    handler: async (request, reply) => {
      await disconnectChannel(ctx, requireActor(request), request.params.channelId);
      return reply.code(204).send(null);
    },
  });
}
