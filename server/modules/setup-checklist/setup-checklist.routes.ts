import { SetupChecklist } from '../../../contracts/setup-checklist.js';
import type { AppContext } from '../../context.js';
import { recordEvent } from '../../events/event-log.js';
import { requireActor } from '../../http/auth.js';
import { forbidden } from '../../http/errors.js';
import { actorRef } from '../../http/policy.js';
import { type Api, commonErrors, NoContent } from '../../http/route-types.js';
import { markOnce, setupFacts } from './setup-checklist.repository.js';

/**
 * The inbox's getting-started checklist for admins and owners: connect a number, invite the team,
 * review the routing rules, receive a first message (from the demo's simulator when it runs one).
 * Each step is ticked from the workspace's state, never by pressing it; hiding it is for everyone.
 */
export function setupChecklistRoutes(app: Api, ctx: AppContext) {
  app.get('/api/v1/setup-checklist', {
    config: { access: { permission: 'setup_checklist.manage' } },
    schema: { tags: ['workspace'], summary: 'The getting-started checklist: which setup steps are done', response: { 200: SetupChecklist, ...commonErrors } },
    handler: async (request) => {
      const actor = requireActor(request);
      if (actor.kind !== 'user') throw forbidden('The checklist is for people');
      const demo = ctx.demo ?? null;
      const facts = await setupFacts(ctx.db, actor.workspaceId, { membershipId: actor.membershipId, demoPhoneNumberId: demo?.phoneNumberId ?? null });
      return {
        steps: [
          { id: 'connect_number' as const, done: facts.verifiedNumber },
          { id: 'invite_team' as const, done: facts.otherPeople },
          { id: 'review_rules' as const, done: facts.rulesReviewed },
          { id: 'first_message' as const, done: facts.conversationArrived },
        ],
        simulatorUrl: demo && facts.demoNumber ? demo.simulatorUrl : null,
        dismissed: facts.dismissed,
      };
    },
  });

  app.post('/api/v1/setup-checklist/dismiss', {
    config: { access: { permission: 'setup_checklist.manage' } },
    schema: { tags: ['workspace'], summary: 'Hide the getting-started checklist for the whole workspace', response: { 204: NoContent, ...commonErrors } },
    handler: async (request, reply) => {
      const actor = requireActor(request);
      await ctx.transaction(async (tx) => {
        if (await markOnce(tx, actor.workspaceId, 'setupChecklistDismissedAt')) {
          await recordEvent(tx, { workspaceId: actor.workspaceId, actor: actorRef(actor), type: 'workspace.setup_checklist_dismissed', subjectType: 'workspace', subjectId: actor.workspaceId, payload: {} });
        }
      });
      return reply.code(204).send(null);
    },
  });

  app.post('/api/v1/setup-checklist/rules-reviewed', {
    config: { access: { permission: 'setup_checklist.manage' } },
    schema: {
      tags: ['workspace'],
      summary: 'Record that an admin opened the routing rules (the checklist’s “review the rules” step); only the first time counts',
      response: { 204: NoContent, ...commonErrors },
    },
    handler: async (request, reply) => {
      const actor = requireActor(request);
      await ctx.transaction(async (tx) => {
        if (await markOnce(tx, actor.workspaceId, 'routingRulesReviewedAt')) {
          await recordEvent(tx, { workspaceId: actor.workspaceId, actor: actorRef(actor), type: 'routing.rules_reviewed', subjectType: 'workspace', subjectId: actor.workspaceId, payload: {} });
        }
      });
      return reply.code(204).send(null);
    },
  });
}
