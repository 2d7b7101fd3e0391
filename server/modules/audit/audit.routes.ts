import { z } from 'zod';
import { AuditPage } from '../../../contracts/members.js';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import { type Api, commonErrors } from '../../http/route-types.js';
import { readAuditLog } from './audit.js';

export function auditRoutes(app: Api, ctx: AppContext) {
  app.get('/api/v1/audit-log', {
    config: { access: { permission: 'audit.read' } },
    schema: {
      tags: ['audit'],
      summary: 'The workspace event log, newest first',
      querystring: z.object({
        before: z.coerce.number().int().positive().optional().describe('Cursor: nextCursor of the previous page'),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
      response: { 200: AuditPage, ...commonErrors },
    },
    handler: async (request) =>
      readAuditLog(ctx.db, { workspaceId: requireActor(request).workspaceId, before: request.query.before, limit: request.query.limit }),
  });
}
