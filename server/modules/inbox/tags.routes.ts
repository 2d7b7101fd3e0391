import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { Id } from '../../../contracts/common.js';
import { Tag, TagInput } from '../../../contracts/inbox.js';
import type { AppContext } from '../../context.js';
import { tags } from '../../db/schema.js';
import { recordEvent } from '../../events/event-log.js';
import { requireActor } from '../../http/auth.js';
import { notFound } from '../../http/errors.js';
import { actorRef } from '../../http/policy.js';
import { type Api, commonErrors, NoContent } from '../../http/route-types.js';
import { uniqueViolation } from './unique-violation.js';

const present = (row: typeof tags.$inferSelect) => ({ id: row.id, name: row.name, color: row.color, createdAt: row.createdAt.toISOString() });
const params = z.object({ tagId: Id });
const taken = uniqueViolation('A tag with this name exists', 'body.name');

export function tagsRoutes(app: Api, ctx: AppContext) {
  app.get('/api/v1/tags', {
    config: { access: { permission: 'tags.read' } },
    schema: { tags: ['tags'], summary: 'Conversation tags with their colours', response: { 200: z.object({ tags: z.array(Tag) }), ...commonErrors } },
    handler: async (request) => ({
      tags: (await ctx.db.select().from(tags).where(eq(tags.workspaceId, requireActor(request).workspaceId)).orderBy(asc(tags.name))).map(present),
    }),
  });

  app.post('/api/v1/tags', {
    config: { access: { permission: 'tags.manage' } },
    schema: { tags: ['tags'], summary: 'Create a tag', body: TagInput, response: { 201: Tag, ...commonErrors } },
    handler: async (request, reply) => {
      const actor = requireActor(request);
      const row = await taken(() =>
        ctx.transaction(async (tx) => {
          const [created] = await tx.insert(tags).values({ ...request.body, workspaceId: actor.workspaceId }).returning();
          await recordEvent(tx, { workspaceId: actor.workspaceId, actor: actorRef(actor), type: 'tag.created', subjectType: 'tag', subjectId: created!.id, payload: request.body });
          return created!;
        }),
      );
      reply.code(201);
      return present(row);
    },
  });

  app.patch('/api/v1/tags/:tagId', {
    config: { access: { permission: 'tags.manage' } },
    schema: { tags: ['tags'], summary: 'Rename or recolour a tag', params, body: TagInput.partial(), response: { 200: Tag, ...commonErrors } },
    handler: async (request) => {
      const actor = requireActor(request);
      const row = await taken(() =>
        ctx.transaction(async (tx) => {
          const [updated] = await tx
            .update(tags)
            .set(request.body)
            .where(and(eq(tags.workspaceId, actor.workspaceId), eq(tags.id, request.params.tagId)))
            .returning();
          if (!updated) throw notFound('Tag');
          await recordEvent(tx, { workspaceId: actor.workspaceId, actor: actorRef(actor), type: 'tag.updated', subjectType: 'tag', subjectId: updated.id, payload: { ...request.body, name: updated.name } });
          return updated;
        }),
      );
      return present(row);
    },
  });

  app.delete('/api/v1/tags/:tagId', {
    config: { access: { permission: 'tags.manage' } },
    schema: { tags: ['tags'], summary: 'Delete a tag (it leaves every conversation)', params, response: { 204: NoContent, ...commonErrors } },
    handler: async (request, reply) => {
      const actor = requireActor(request);
      await ctx.transaction(async (tx) => {
        const [deleted] = await tx.delete(tags).where(and(eq(tags.workspaceId, actor.workspaceId), eq(tags.id, request.params.tagId))).returning();
        if (!deleted) throw notFound('Tag');
        await recordEvent(tx, { workspaceId: actor.workspaceId, actor: actorRef(actor), type: 'tag.deleted', subjectType: 'tag', subjectId: deleted.id, payload: { name: deleted.name } });
      });
      return reply.code(204).send(null);
    },
  });
}
