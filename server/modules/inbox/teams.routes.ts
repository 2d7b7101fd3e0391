import { and, asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { Id } from '../../../contracts/common.js';
import { Team, TeamInput } from '../../../contracts/inbox.js';
import type { AppContext } from '../../context.js';
import type { Executor, Transaction } from '../../db/client.js';
import { memberships, teamMembers, teams } from '../../db/schema.js';
import { recordEvent } from '../../events/event-log.js';
import { requireActor } from '../../http/auth.js';
import { AppError, notFound } from '../../http/errors.js';
import { actorRef } from '../../http/policy.js';
import { type Api, commonErrors, NoContent } from '../../http/route-types.js';
import { uniqueViolation } from './unique-violation.js';

const params = z.object({ teamId: Id });
const taken = uniqueViolation('A team with this name exists', 'body.name');

async function listTeams(db: Executor, workspaceId: string, teamId?: string) {
  const rows = await db.select().from(teams).where(and(eq(teams.workspaceId, workspaceId), teamId ? eq(teams.id, teamId) : undefined)).orderBy(asc(teams.name));
  const members = rows.length ? await db.select().from(teamMembers).where(inArray(teamMembers.teamId, rows.map((row) => row.id))) : [];
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    memberIds: members.filter((member) => member.teamId === row.id).map((member) => member.membershipId),
    createdAt: row.createdAt.toISOString(),
  }));
}

async function setMembers(tx: Transaction, workspaceId: string, teamId: string, memberIds: string[]) {
  const wanted = [...new Set(memberIds)];
  if (wanted.length) {
    const found = await tx.select({ id: memberships.id }).from(memberships).where(and(eq(memberships.workspaceId, workspaceId), inArray(memberships.id, wanted)));
    if (found.length !== wanted.length) throw new AppError('validation_failed', 'Unknown member', { fields: [{ path: 'body.memberIds', message: 'contains someone who is not a member of this workspace' }] });
  }
  await tx.delete(teamMembers).where(eq(teamMembers.teamId, teamId));
  if (wanted.length) await tx.insert(teamMembers).values(wanted.map((membershipId) => ({ teamId, membershipId })));
}

/** Teams: who works together. Routing (issue 5) adds hours, shifts and rules on top. */
export function teamsRoutes(app: Api, ctx: AppContext) {
  app.get('/api/v1/teams', {
    config: { access: { permission: 'teams.read' } },
    schema: { tags: ['teams'], summary: 'Teams with their members', response: { 200: z.object({ teams: z.array(Team) }), ...commonErrors } },
    handler: async (request) => ({ teams: await listTeams(ctx.db, requireActor(request).workspaceId) }),
  });

  app.post('/api/v1/teams', {
    config: { access: { permission: 'teams.manage' } },
    schema: { tags: ['teams'], summary: 'Create a team', body: TeamInput, response: { 201: Team, ...commonErrors } },
    handler: async (request, reply) => {
      const actor = requireActor(request);
      const id = await taken(() =>
        ctx.transaction(async (tx) => {
          const [created] = await tx.insert(teams).values({ workspaceId: actor.workspaceId, name: request.body.name }).returning();
          await setMembers(tx, actor.workspaceId, created!.id, request.body.memberIds);
          await recordEvent(tx, { workspaceId: actor.workspaceId, actor: actorRef(actor), type: 'team.created', subjectType: 'team', subjectId: created!.id, payload: request.body });
          return created!.id;
        }),
      );
      reply.code(201);
      return (await listTeams(ctx.db, actor.workspaceId, id))[0]!;
    },
  });

  app.patch('/api/v1/teams/:teamId', {
    config: { access: { permission: 'teams.manage' } },
    schema: { tags: ['teams'], summary: 'Rename a team or replace its members', params, body: TeamInput.partial(), response: { 200: Team, ...commonErrors } },
    handler: async (request) => {
      const actor = requireActor(request);
      await taken(() =>
        ctx.transaction(async (tx) => {
          const [team] = await tx.select().from(teams).where(and(eq(teams.workspaceId, actor.workspaceId), eq(teams.id, request.params.teamId))).for('update');
          if (!team) throw notFound('Team');
          if (request.body.name) await tx.update(teams).set({ name: request.body.name }).where(eq(teams.id, team.id));
          if (request.body.memberIds) await setMembers(tx, actor.workspaceId, team.id, request.body.memberIds);
          await recordEvent(tx, { workspaceId: actor.workspaceId, actor: actorRef(actor), type: 'team.updated', subjectType: 'team', subjectId: team.id, payload: { ...request.body, name: request.body.name ?? team.name } });
        }),
      );
      return (await listTeams(ctx.db, actor.workspaceId, request.params.teamId))[0]!;
    },
  });

  app.delete('/api/v1/teams/:teamId', {
    config: { access: { permission: 'teams.manage' } },
    schema: { tags: ['teams'], summary: 'Delete a team (its conversations keep their owner and leave the team)', params, response: { 204: NoContent, ...commonErrors } },
    handler: async (request, reply) => {
      const actor = requireActor(request);
      await ctx.transaction(async (tx) => {
        const [deleted] = await tx.delete(teams).where(and(eq(teams.workspaceId, actor.workspaceId), eq(teams.id, request.params.teamId))).returning();
        if (!deleted) throw notFound('Team');
        await recordEvent(tx, { workspaceId: actor.workspaceId, actor: actorRef(actor), type: 'team.deleted', subjectType: 'team', subjectId: deleted.id, payload: { name: deleted.name } });
      });
      return reply.code(204).send(null);
    },
  });
}
