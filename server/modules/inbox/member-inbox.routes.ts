import { and, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { Id } from '../../../contracts/common.js';
import { InboxFilters, Notification, SavedView, SavedViewInput } from '../../../contracts/inbox.js';
import type { AppContext } from '../../context.js';
import { conversations, memberships, notifications, savedViews, users } from '../../db/schema.js';
import { requireActor } from '../../http/auth.js';
import { AppError, notFound } from '../../http/errors.js';
import type { Actor } from '../../http/policy.js';
import { type Api, commonErrors, NoContent } from '../../http/route-types.js';

const membershipOf = (actor: Actor) => {
  if (actor.kind !== 'user') throw new AppError('forbidden', 'Only members have notifications and saved views');
  return actor.membershipId;
};

const presentView = (row: typeof savedViews.$inferSelect) => ({ id: row.id, name: row.name, filters: InboxFilters.parse(row.filters), createdAt: row.createdAt.toISOString() });

/** What belongs to one member: notifications and saved views. */
export function memberInboxRoutes(app: Api, ctx: AppContext) {
  app.get('/api/v1/notifications', {
    config: { access: { permission: 'notifications.read' } },
    schema: {
      tags: ['notifications'],
      summary: 'Your notifications, newest first: assigned to you, handed off to you, mentioned, new messages in your conversations, escalations',
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).default(30), before: z.coerce.number().int().optional().describe('id of the last notification seen') }),
      response: { 200: z.object({ notifications: z.array(Notification), unread: z.number().int() }), ...commonErrors },
    },
    handler: async (request) => {
      const member = membershipOf(requireActor(request));
      const rows = await ctx.db
        .select({ notification: notifications, displayNumber: conversations.displayNumber, actorName: users.name })
        .from(notifications)
        .leftJoin(conversations, eq(conversations.id, notifications.conversationId))
        .leftJoin(memberships, eq(memberships.id, notifications.actorMembershipId))
        .leftJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(notifications.membershipId, member), request.query.before ? lt(notifications.id, request.query.before) : undefined))
        .orderBy(desc(notifications.id))
        .limit(request.query.limit);
      const [unread] = await ctx.db
        .select({ count: sql<number>`count(*)::int` })
        .from(notifications)
        .where(and(eq(notifications.membershipId, member), isNull(notifications.readAt)));
      return {
        notifications: rows.map(({ notification: row, displayNumber, actorName }) => ({
          id: row.id,
          kind: row.kind,
          conversationId: row.conversationId,
          displayNumber: displayNumber ?? null,
          actor: row.actorMembershipId && actorName ? { id: row.actorMembershipId, name: actorName } : null,
          count: row.count,
          text: row.text,
          createdAt: row.createdAt.toISOString(),
          readAt: row.readAt?.toISOString() ?? null,
        })),
        unread: unread?.count ?? 0,
      };
    },
  });

  app.post('/api/v1/notifications/read', {
    config: { access: { permission: 'notifications.read' } },
    schema: {
      tags: ['notifications'],
      summary: 'Mark notifications read: the given ids, or all',
      body: z.object({ ids: z.array(z.number().int()).max(500).optional().describe('Omit to mark all read') }),
      response: { 200: z.object({ marked: z.number().int() }), ...commonErrors },
    },
    handler: async (request) => {
      const member = membershipOf(requireActor(request));
      const ids = request.body.ids;
      const marked = await ctx.db
        .update(notifications)
        .set({ readAt: new Date() })
        .where(and(eq(notifications.membershipId, member), isNull(notifications.readAt), ids ? sql`${notifications.id} = any(${`{${ids.join(',')}}`}::bigint[])` : undefined))
        .returning({ id: notifications.id });
      return { marked: marked.length };
    },
  });

  app.get('/api/v1/views', {
    config: { access: { permission: 'views.manage' } },
    schema: { tags: ['views'], summary: 'Your saved views', response: { 200: z.object({ views: z.array(SavedView) }), ...commonErrors } },
    handler: async (request) => {
      const member = membershipOf(requireActor(request));
      return { views: (await ctx.db.select().from(savedViews).where(eq(savedViews.membershipId, member)).orderBy(savedViews.createdAt)).map(presentView) };
    },
  });

  app.post('/api/v1/views', {
    config: { access: { permission: 'views.manage' } },
    schema: { tags: ['views'], summary: 'Save the current filters as a view', body: SavedViewInput, response: { 201: SavedView, ...commonErrors } },
    handler: async (request, reply) => {
      const actor = requireActor(request);
      const [row] = await ctx.db.insert(savedViews).values({ workspaceId: actor.workspaceId, membershipId: membershipOf(actor), name: request.body.name, filters: request.body.filters }).returning();
      reply.code(201);
      return presentView(row!);
    },
  });

  app.delete('/api/v1/views/:viewId', {
    config: { access: { permission: 'views.manage' } },
    schema: { tags: ['views'], summary: 'Delete one of your saved views', params: z.object({ viewId: Id }), response: { 204: NoContent, ...commonErrors } },
    handler: async (request, reply) => {
      const member = membershipOf(requireActor(request));
      const [deleted] = await ctx.db.delete(savedViews).where(and(eq(savedViews.membershipId, member), eq(savedViews.id, request.params.viewId))).returning();
      if (!deleted) throw notFound('View');
      return reply.code(204).send(null);
    },
  });
}
