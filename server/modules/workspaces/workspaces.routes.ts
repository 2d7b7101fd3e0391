import { eq, sql } from 'drizzle-orm';
import { Workspace, WorkspaceUpdate } from '../../../contracts/auth.js';
import type { AppContext } from '../../context.js';
import { workspaces } from '../../db/schema.js';
import { recordEvent } from '../../events/event-log.js';
import { requireActor } from '../../http/auth.js';
import { actorRef } from '../../http/policy.js';
import { type Api, commonErrors } from '../../http/route-types.js';
import { presentWorkspace } from './workspaces.presenter.js';

export function workspacesRoutes(app: Api, ctx: AppContext) {
  app.get('/api/v1/workspace', {
    config: { access: { permission: 'workspace.read' } },
    schema: { tags: ['workspace'], summary: 'The current workspace', response: { 200: Workspace, ...commonErrors } },
    handler: async (request) => {
      const [row] = await ctx.db.select().from(workspaces).where(eq(workspaces.id, requireActor(request).workspaceId));
      return presentWorkspace(row!);
    },
  });

  app.patch('/api/v1/workspace', {
    config: { access: { permission: 'workspace.update' } },
    schema: { tags: ['workspace'], summary: 'Rename the workspace, change its language and time zone, or its inbox rules', body: WorkspaceUpdate, response: { 200: Workspace, ...commonErrors } },
    handler: async (request) => {
      const actor = requireActor(request);
      const row = await ctx.transaction(async (tx) => {
        const { inboxSettings, ...fields } = request.body;
        const [updated] = await tx
          .update(workspaces)
          .set({ ...fields, ...(inboxSettings ? { inboxSettings: sql`${workspaces.inboxSettings} || ${JSON.stringify(inboxSettings)}::jsonb` } : {}) })
          .where(eq(workspaces.id, actor.workspaceId))
          .returning();
        await recordEvent(tx, {
          workspaceId: actor.workspaceId,
          actor: actorRef(actor),
          type: 'workspace.updated',
          subjectType: 'workspace',
          subjectId: actor.workspaceId,
          payload: { ...request.body },
        });
        return updated!;
      });
      return presentWorkspace(row);
    },
  });
}
