import { z } from 'zod';
import { Id } from '../../../contracts/common.js';
import { ApiToken, ApiTokenCreate, ApiTokenCreated } from '../../../contracts/members.js';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import { type Api, commonErrors } from '../../http/route-types.js';
import { createApiToken, listApiTokens, presentApiToken, revokeApiToken } from './api-tokens.js';

export function apiTokensRoutes(app: Api, ctx: AppContext) {
  app.get('/api/v1/api-tokens', {
    config: { access: { permission: 'api_tokens.manage' } },
    schema: { tags: ['api tokens'], summary: 'API tokens of the workspace (never their secrets)', response: { 200: z.object({ apiTokens: z.array(ApiToken) }), ...commonErrors } },
    handler: async (request) => ({ apiTokens: (await listApiTokens(ctx.db, requireActor(request).workspaceId)).map(presentApiToken) }),
  });

  app.post('/api/v1/api-tokens', {
    config: { access: { permission: 'api_tokens.manage' } },
    schema: {
      tags: ['api tokens'],
      summary: 'Create an API token; the secret is in this response only',
      body: ApiTokenCreate,
      response: { 201: ApiTokenCreated, ...commonErrors },
    },
    handler: async (request, reply) => {
      const actor = requireActor(request);
      reply.code(201);
      return createApiToken(ctx, { workspaceId: actor.workspaceId, name: request.body.name, role: request.body.role, actor });
    },
  });

  app.delete('/api/v1/api-tokens/:tokenId', {
    config: { access: { permission: 'api_tokens.manage' } },
    schema: { tags: ['api tokens'], summary: 'Revoke a token: it stops working at once', params: z.object({ tokenId: Id }), response: { 200: ApiToken, ...commonErrors } },
    handler: async (request) => revokeApiToken(ctx, requireActor(request), request.params.tokenId),
  });
}
