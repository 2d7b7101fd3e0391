import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { Id } from '../../contracts/common.js';
import { Presence, PresenceState } from '../../contracts/inbox.js';
import type { AppContext } from '../context.js';
import { memberships, users } from '../db/schema.js';
import { requireActor } from '../http/auth.js';
import { AppError } from '../http/errors.js';
import { type Api, commonErrors, NoContent } from '../http/route-types.js';
import { findVisibleConversation, viewerOf } from '../modules/conversations/access.js';
import { TYPING_TTL_MS, VIEWING_TTL_MS } from './presence.js';
import type { RealtimeHub, StreamConnection } from './realtime-hub.js';

const HEARTBEAT_MS = 15_000;

export function streamRoutes(app: Api, ctx: AppContext, hub: RealtimeHub) {
  app.get('/api/v1/stream', {
    config: { access: { permission: 'conversations.read' } },
    schema: {
      tags: ['realtime'],
      summary: 'Server-Sent Events: every change you may see, live; reconnect with Last-Event-ID to resume without gaps or repeats',
      description:
        'Each event is an SSE message with `id:` (the event id) and JSON `data` `{ id, type, subjectType, subjectId, conversationId, actor, payload, at }`. ' +
        'Presence arrives as `event: presence` (no id). `event: reset` means too much was missed: reload your state. ' +
        'Send the last id you processed as the `Last-Event-ID` header (browsers do it) or the `lastEventId` query parameter.',
      querystring: z.object({ lastEventId: z.coerce.number().int().min(0).optional() }),
      headers: z.object({ 'last-event-id': z.coerce.number().int().min(0).optional() }),
    },
    handler: async (request, reply) => {
      const actor = requireActor(request);
      const viewer = await viewerOf(ctx.db, actor);
      const lastEventId = request.headers['last-event-id'] ?? request.query.lastEventId ?? null;
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-content-type-options': 'nosniff',
      });
      raw.write('retry: 2000\n\n');
      const heartbeat = setInterval(() => raw.write(': ping\n\n'), HEARTBEAT_MS);
      const connection: StreamConnection = {
        actor,
        viewer,
        cursor: 0,
        buffered: null,
        send: (event) => raw.write(`id: ${event.id}\ndata: ${JSON.stringify(event)}\n\n`),
        sendSignal: (name, data) => raw.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`),
        close: () => raw.end(),
      };
      const cleanup = () => {
        clearInterval(heartbeat);
        hub.disconnect(connection);
      };
      request.raw.on('close', cleanup);
      raw.on('close', cleanup);
      try {
        await hub.connect(connection, lastEventId);
      } catch (error) {
        request.log.error({ err: error }, 'stream replay failed');
        cleanup();
        raw.end();
      }
    },
  });

  app.post('/api/v1/conversations/:conversationId/presence', {
    config: { access: { permission: 'presence.write' } },
    schema: {
      tags: ['realtime'],
      summary: 'Say you are viewing or typing in a conversation (repeat every 15 s while viewing, every few seconds while typing), or that you left',
      params: z.object({ conversationId: Id }),
      body: z.object({ state: PresenceState }),
      response: { 204: NoContent, ...commonErrors },
    },
    handler: async (request, reply) => {
      const actor = requireActor(request);
      if (actor.kind !== 'user') throw new AppError('forbidden', 'Presence is for members');
      const conversation = await findVisibleConversation(ctx.db, actor, request.params.conversationId);
      const [me] = await ctx.db.select({ name: users.name }).from(memberships).innerJoin(users, eq(users.id, memberships.userId)).where(eq(memberships.id, actor.membershipId));
      const ttl = request.body.state === 'typing' ? TYPING_TTL_MS : VIEWING_TTL_MS;
      await ctx.eventBus.signal({
        kind: 'presence',
        workspaceId: actor.workspaceId,
        conversationId: conversation.id,
        memberId: actor.membershipId,
        name: me?.name ?? '',
        state: request.body.state,
        expiresAt: new Date(Date.now() + ttl).toISOString(),
      });
      return reply.code(204).send(null);
    },
  });

  app.get('/api/v1/presence', {
    config: { access: { permission: 'conversations.read' } },
    schema: { tags: ['realtime'], summary: 'Who is viewing or typing in which conversation now', response: { 200: z.object({ presence: z.array(Presence) }), ...commonErrors } },
    handler: async (request) => {
      const actor = requireActor(request);
      const viewer = await viewerOf(ctx.db, actor);
      const entries = hub.presence.list(actor.workspaceId);
      if (!viewer.restricted || entries.length === 0) return { presence: entries };
      const visible = await Promise.all(entries.map((entry) => findVisibleConversation(ctx.db, actor, entry.conversationId, viewer).then(() => true, () => false)));
      return { presence: entries.filter((_, index) => visible[index]) };
    },
  });
}
