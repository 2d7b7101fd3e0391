import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { Id } from '../../../contracts/common.js';
import { CannedResponse, CannedResponseInput } from '../../../contracts/inbox.js';
import type { AppContext } from '../../context.js';
import { cannedResponses } from '../../db/schema.js';
import { recordEvent } from '../../events/event-log.js';
import { requireActor } from '../../http/auth.js';
import { notFound } from '../../http/errors.js';
import { actorRef } from '../../http/policy.js';
import { type Api, commonErrors, NoContent } from '../../http/route-types.js';
import { uniqueViolation } from './unique-violation.js';

const present = (row: typeof cannedResponses.$inferSelect) => ({
  id: row.id,
  shortcut: row.shortcut,
  title: row.title,
  body: row.body,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});
const params = z.object({ cannedResponseId: Id });
const taken = uniqueViolation('A canned response with this shortcut exists', 'body.shortcut');

/** Canned responses: typed as "/shortcut" in the composer; {{contact.first_name}} and friends are filled in there. */
export function cannedResponsesRoutes(app: Api, ctx: AppContext) {
  app.get('/api/v1/canned-responses', {
    config: { access: { permission: 'canned_responses.read' } },
    schema: { tags: ['canned responses'], summary: 'Canned responses, by shortcut', response: { 200: z.object({ cannedResponses: z.array(CannedResponse) }), ...commonErrors } },
    handler: async (request) => ({
      cannedResponses: (await ctx.db.select().from(cannedResponses).where(eq(cannedResponses.workspaceId, requireActor(request).workspaceId)).orderBy(asc(cannedResponses.shortcut))).map(present),
    }),
  });

  app.post('/api/v1/canned-responses', {
    config: { access: { permission: 'canned_responses.manage' } },
    schema: { tags: ['canned responses'], summary: 'Create a canned response', body: CannedResponseInput, response: { 201: CannedResponse, ...commonErrors } },
    handler: async (request, reply) => {
      const actor = requireActor(request);
      const row = await taken(() =>
        ctx.transaction(async (tx) => {
          const [created] = await tx.insert(cannedResponses).values({ ...request.body, workspaceId: actor.workspaceId }).returning();
          await recordEvent(tx, { workspaceId: actor.workspaceId, actor: actorRef(actor), type: 'canned_response.created', subjectType: 'canned_response', subjectId: created!.id, payload: { shortcut: created!.shortcut } });
          return created!;
        }),
      );
      reply.code(201);
      return present(row);
    },
  });

  app.patch('/api/v1/canned-responses/:cannedResponseId', {
    config: { access: { permission: 'canned_responses.manage' } },
    schema: { tags: ['canned responses'], summary: 'Change a canned response', params, body: CannedResponseInput.partial(), response: { 200: CannedResponse, ...commonErrors } },
    handler: async (request) => {
      const actor = requireActor(request);
      const row = await taken(() =>
        ctx.transaction(async (tx) => {
          const [updated] = await tx
            .update(cannedResponses)
            .set({ ...request.body, updatedAt: new Date() })
            .where(and(eq(cannedResponses.workspaceId, actor.workspaceId), eq(cannedResponses.id, request.params.cannedResponseId)))
            .returning();
          if (!updated) throw notFound('Canned response');
          await recordEvent(tx, { workspaceId: actor.workspaceId, actor: actorRef(actor), type: 'canned_response.updated', subjectType: 'canned_response', subjectId: updated.id, payload: { shortcut: updated.shortcut } });
          return updated;
        }),
      );
      return present(row);
    },
  });

  app.delete('/api/v1/canned-responses/:cannedResponseId', {
    config: { access: { permission: 'canned_responses.manage' } },
    schema: { tags: ['canned responses'], summary: 'Delete a canned response', params, response: { 204: NoContent, ...commonErrors } },
    handler: async (request, reply) => {
      const actor = requireActor(request);
      await ctx.transaction(async (tx) => {
        const [deleted] = await tx
          .delete(cannedResponses)
          .where(and(eq(cannedResponses.workspaceId, actor.workspaceId), eq(cannedResponses.id, request.params.cannedResponseId)))
          .returning();
        if (!deleted) throw notFound('Canned response');
        await recordEvent(tx, { workspaceId: actor.workspaceId, actor: actorRef(actor), type: 'canned_response.deleted', subjectType: 'canned_response', subjectId: deleted.id, payload: { shortcut: deleted.shortcut } });
      });
      return reply.code(204).send(null);
    },
  });
}
