import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { Id } from '../../../contracts/common.js';
import {
  AgentRouting,
  AgentRoutingPatch,
  Availability,
  QueueEntry,
  Rule,
  RuleInput,
  RuleOrder,
  RulePatch,
  RuleTestInput,
  RuleTestResult,
  RoutingSettings,
  RoutingSettingsPatch,
  StatusInput,
  TeamRouting,
  TeamRoutingPatch,
} from '../../../contracts/routing.js';
import type { AppContext } from '../../context.js';
import { rawExecutorOf, type Executor, type Transaction } from '../../db/client.js';
import { channels, conversations, memberships, routingRules, tags, teamMembers, teams, workspaces } from '../../db/schema.js';
import { recordEvent } from '../../events/event-log.js';
import { requireActor } from '../../http/auth.js';
import { AppError, forbidden, notFound } from '../../http/errors.js';
import { type Actor, actorRef } from '../../http/policy.js';
import { type Api, commonErrors, NoContent } from '../../http/route-types.js';
import { MAX_WORKSPACE_PROGRAM, patternProgramSize, patternRefusal } from '../../lib/safe-pattern.js';
import { effectiveStatus, loadAgents } from './availability.js';
import { unavailability } from './choose-agent.js';
import { addDefaultRouting } from './default-rules.js';
import { routingSettingsOf, withRoutingDefaults } from './routing-settings.js';
import { recomputeWorkspaceSla } from './sla.js';
import { testRules } from './test-rules.js';

type RuleRow = typeof routingRules.$inferSelect;

const presentRule = (row: RuleRow) => ({
  id: row.id,
  position: row.position,
  name: row.name,
  enabled: row.enabled,
  match: row.match,
  conditions: row.conditions,
  actions: row.actions,
  stop: row.stop,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

const invalid = (path: string, message: string) => new AppError('validation_failed', `Invalid rule: ${path} ${message}`, { fields: [{ path, message }] });

/**
 * Rules may only point at this workspace's teams, tags and numbers, and their patterns must be ones
 * the linear-time engine runs, within the workspace's total (`MAX_WORKSPACE_PROGRAM`, counting the
 * other rules that stay: `replacing` names a rule these take the place of, `alone` a draft set).
 */
async function validateRules(db: Executor, workspaceId: string, rules: RuleInput[], prefix: string, scope: { replacing?: string; alone?: boolean } = {}) {
  const teamIds = new Set((await db.select({ id: teams.id }).from(teams).where(eq(teams.workspaceId, workspaceId))).map((row) => row.id));
  const tagIds = new Set((await db.select({ id: tags.id }).from(tags).where(eq(tags.workspaceId, workspaceId))).map((row) => row.id));
  const channelIds = new Set((await db.select({ id: channels.id }).from(channels).where(eq(channels.workspaceId, workspaceId))).map((row) => row.id));
  const others = scope.alone
    ? []
    : (await db.select({ id: routingRules.id, conditions: routingRules.conditions }).from(routingRules).where(eq(routingRules.workspaceId, workspaceId))).filter((row) => row.id !== scope.replacing);
  let program = others.reduce((sum, row) => sum + regexValues(row.conditions).reduce((total, pattern) => total + patternProgramSize(pattern), 0), 0);
  rules.forEach((rule, index) => {
    const at = prefix.replace('#', String(index));
    if (rule.actions.teamId && !teamIds.has(rule.actions.teamId)) throw invalid(`${at}.actions.teamId`, 'is not a team of this workspace');
    rule.actions.tagIds.forEach((tagId, t) => {
      if (!tagIds.has(tagId)) throw invalid(`${at}.actions.tagIds.${t}`, 'is not a tag of this workspace');
    });
    rule.conditions.forEach((condition, c) => {
      if (condition.kind === 'channel') {
        condition.channelIds.forEach((channelId, n) => {
          if (!channelIds.has(channelId)) throw invalid(`${at}.conditions.${c}.channelIds.${n}`, 'is not a number of this workspace');
        });
      }
      if (condition.kind === 'text' && condition.mode === 'regex') {
        condition.values.forEach((pattern, v) => {
          const refusal = patternRefusal(pattern);
          if (refusal) throw invalid(`${at}.conditions.${c}.values.${v}`, refusal.message);
          program += patternProgramSize(pattern);
          if (program > MAX_WORKSPACE_PROGRAM) throw invalid(`${at}.conditions.${c}.values.${v}`, WORKSPACE_PROGRAM_EXCEEDED);
        });
      }
    });
  });
}

const WORKSPACE_PROGRAM_EXCEEDED = `makes this workspace's regular expressions too large together (${MAX_WORKSPACE_PROGRAM} compiled instructions at most): merge or remove some`;

const regexValues = (conditions: RuleInput['conditions']) => conditions.flatMap((condition) => (condition.kind === 'text' && condition.mode === 'regex' ? condition.values : []));

async function listRules(db: Executor, workspaceId: string) {
  return (await db.select().from(routingRules).where(eq(routingRules.workspaceId, workspaceId)).orderBy(asc(routingRules.position), asc(routingRules.createdAt))).map(presentRule);
}

async function agentsView(ctx: AppContext, workspaceId: string, membershipId?: string) {
  const now = ctx.now();
  const settings = await routingSettingsOf(ctx.db, workspaceId);
  const agents = await loadAgents(ctx.db, workspaceId, null, now, settings);
  return agents
    .filter((agent) => agent.active && (!membershipId || agent.id === membershipId))
    .map((agent) => ({
      membershipId: agent.id,
      name: agent.name,
      role: agent.role,
      status: agent.chosenStatus,
      effectiveStatus: agent.status,
      lastActivityAt: agent.lastActivityAt?.toISOString() ?? null,
      onShift: agent.onShift,
      capacity: agent.capacity,
      open: agent.open,
      available: unavailability(agent) === null,
      shift: agent.shift,
      capacityOverride: agent.capacityOverride,
      teamIds: agent.teamIds,
    }));
}

async function teamRoutingOf(db: Executor, workspaceId: string, teamId: string) {
  const [team] = await db.select().from(teams).where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, teamId)));
  if (!team) throw notFound('Team');
  const members = await db.select({ id: teamMembers.membershipId, capacity: teamMembers.capacity }).from(teamMembers).where(eq(teamMembers.teamId, teamId));
  return {
    businessHours: team.businessHours,
    shiftEndPolicy: team.shiftEndPolicy,
    defaultStrategy: team.defaultStrategy,
    outOfHoursReply: team.outOfHoursReply,
    capacities: Object.fromEntries(members.filter((member) => member.capacity !== null).map((member) => [member.id, member.capacity!])),
  };
}

const ruleParams = z.object({ ruleId: Id });

/**
 * After any rule change: conversations waiting without a team are classified again (a new rule may
 * give them one), and the event makes every process look at the queues.
 */
async function rulesChanged(tx: Transaction, actor: Actor, event: { subjectType: string; subjectId: string; payload: Record<string, unknown> }) {
  await tx
    .update(conversations)
    .set({ needsRouting: true, routedAt: null })
    .where(and(eq(conversations.workspaceId, actor.workspaceId), isNull(conversations.assigneeMembershipId), isNull(conversations.teamId), inArray(conversations.status, ['open', 'pending'])));
  await recordEvent(tx, { workspaceId: actor.workspaceId, actor: actorRef(actor), type: 'routing.rules_changed', ...event });
}

/** Routing: rules (ordered, testable), settings and SLA, agents' availability, teams' hours and policies, the queue. */
export function routingRoutes(app: Api, ctx: AppContext) {
  app.get('/api/v1/routing/rules', {
    config: { access: { permission: 'routing.read' } },
    schema: { tags: ['routing'], summary: 'Routing rules in evaluation order', response: { 200: z.object({ rules: z.array(Rule) }), ...commonErrors } },
    handler: async (request) => ({ rules: await listRules(ctx.db, requireActor(request).workspaceId) }),
  });

  app.post('/api/v1/routing/rules', {
    config: { access: { permission: 'routing.manage' } },
    schema: { tags: ['routing'], summary: 'Add a rule at the end (or at `position`)', body: RuleInput.extend({ position: z.number().int().min(0).optional() }), response: { 201: Rule, ...commonErrors } },
    handler: async (request, reply) => {
      const actor = requireActor(request);
      const { position, ...input } = request.body;
      await validateRules(ctx.db, actor.workspaceId, [input], 'body');
      const created = await ctx.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`rules:${actor.workspaceId}`}))`);
        // After the last rule (positions may have gaps after deletes), or before the rule now at `position`.
        const [{ end }] = (await rawExecutorOf(tx).query('select coalesce(max(position) + 1, 0)::int as end from routing_rules where workspace_id = $1', [actor.workspaceId])).rows as [{ end: number }];
        const ordered = await tx.select({ position: routingRules.position }).from(routingRules).where(eq(routingRules.workspaceId, actor.workspaceId)).orderBy(asc(routingRules.position));
        const at = position === undefined || position >= ordered.length ? end : ordered[position]!.position;
        await tx.update(routingRules).set({ position: sql`${routingRules.position} + 1` }).where(and(eq(routingRules.workspaceId, actor.workspaceId), sql`${routingRules.position} >= ${at}`));
        const [row] = await tx.insert(routingRules).values({ ...input, workspaceId: actor.workspaceId, position: at }).returning();
        await rulesChanged(tx, actor, { subjectType: 'routing_rule', subjectId: row!.id, payload: { action: 'created', name: row!.name } });
        return row!;
      });
      reply.code(201);
      return presentRule(created);
    },
  });

  app.patch('/api/v1/routing/rules/:ruleId', {
    config: { access: { permission: 'routing.manage' } },
    schema: { tags: ['routing'], summary: 'Change a rule (only the fields sent)', params: ruleParams, body: RulePatch, response: { 200: Rule, ...commonErrors } },
    handler: async (request) => {
      const actor = requireActor(request);
      return ctx.transaction(async (tx) => {
        const [current] = await tx.select().from(routingRules).where(and(eq(routingRules.workspaceId, actor.workspaceId), eq(routingRules.id, request.params.ruleId))).for('update');
        if (!current) throw notFound('Rule');
        const next = { ...presentRule(current), ...request.body };
        await validateRules(tx, actor.workspaceId, [next], 'body', { replacing: current.id });
        const [row] = await tx
          .update(routingRules)
          .set({ name: next.name, enabled: next.enabled, match: next.match, conditions: next.conditions, actions: next.actions, stop: next.stop, updatedAt: new Date() })
          .where(eq(routingRules.id, current.id))
          .returning();
        await rulesChanged(tx, actor, { subjectType: 'routing_rule', subjectId: current.id, payload: { action: 'updated', name: row!.name } });
        return presentRule(row!);
      });
    },
  });

  app.delete('/api/v1/routing/rules/:ruleId', {
    config: { access: { permission: 'routing.manage' } },
    schema: { tags: ['routing'], summary: 'Delete a rule', params: ruleParams, response: { 204: NoContent, ...commonErrors } },
    handler: async (request, reply) => {
      const actor = requireActor(request);
      await ctx.transaction(async (tx) => {
        const [deleted] = await tx.delete(routingRules).where(and(eq(routingRules.workspaceId, actor.workspaceId), eq(routingRules.id, request.params.ruleId))).returning();
        if (!deleted) throw notFound('Rule');
        await rulesChanged(tx, actor, { subjectType: 'routing_rule', subjectId: deleted.id, payload: { action: 'deleted', name: deleted.name } });
      });
      return reply.code(204).send(null);
    },
  });

  app.put('/api/v1/routing/rules/order', {
    config: { access: { permission: 'routing.manage' } },
    schema: { tags: ['routing'], summary: 'Reorder the rules (every rule id, in the new order)', body: RuleOrder, response: { 200: z.object({ rules: z.array(Rule) }), ...commonErrors } },
    handler: async (request) => {
      const actor = requireActor(request);
      await ctx.transaction(async (tx) => {
        const rows = await tx.select({ id: routingRules.id }).from(routingRules).where(eq(routingRules.workspaceId, actor.workspaceId)).for('update');
        const ids = request.body.ids;
        if (new Set(ids).size !== ids.length || ids.length !== rows.length || !rows.every((row) => ids.includes(row.id))) {
          throw new AppError('validation_failed', 'Send every rule id exactly once', { fields: [{ path: 'body.ids', message: 'must list every rule of this workspace exactly once' }] });
        }
        for (const [position, id] of ids.entries()) await tx.update(routingRules).set({ position }).where(eq(routingRules.id, id));
        await rulesChanged(tx, actor, { subjectType: 'workspace', subjectId: actor.workspaceId, payload: { action: 'reordered' } });
      });
      return { rules: await listRules(ctx.db, actor.workspaceId) };
    },
  });

  app.post('/api/v1/routing/rules/defaults', {
    config: { access: { permission: 'routing.manage' } },
    schema: { tags: ['routing'], summary: 'Add the suggested rules (and the Ventas, Soporte, Supervisores teams when missing)', response: { 200: z.object({ rules: z.array(Rule) }), ...commonErrors } },
    handler: async (request) => {
      const actor = requireActor(request);
      await ctx.transaction(async (tx) => {
        const [workspace] = await tx.select({ language: workspaces.language }).from(workspaces).where(eq(workspaces.id, actor.workspaceId));
        await addDefaultRouting(tx, actor.workspaceId, workspace!.language);
        await rulesChanged(tx, actor, { subjectType: 'workspace', subjectId: actor.workspaceId, payload: { action: 'defaults_added' } });
      });
      return { rules: await listRules(ctx.db, actor.workspaceId) };
    },
  });

  app.post('/api/v1/routing/rules/test', {
    config: { access: { permission: 'routing.manage' } },
    schema: {
      tags: ['routing'],
      summary: 'What-if: run a draft rule set over the last N days of conversations; nothing is changed',
      body: RuleTestInput,
      response: { 200: RuleTestResult, ...commonErrors },
    },
    handler: async (request) => {
      const actor = requireActor(request);
      const rules = request.body.rules ?? (await listRules(ctx.db, actor.workspaceId));
      if (request.body.rules) await validateRules(ctx.db, actor.workspaceId, request.body.rules, 'body.rules.#', { alone: true });
      return testRules(ctx, actor.workspaceId, rules, { days: request.body.days, limit: request.body.limit });
    },
  });

  app.get('/api/v1/routing/settings', {
    config: { access: { permission: 'routing.read' } },
    schema: { tags: ['routing'], summary: 'Away timeout, default capacity, SLA targets, business hours without a team', response: { 200: RoutingSettings, ...commonErrors } },
    handler: async (request) => {
      const { language: _language, timeZone: _timeZone, ...settings } = await routingSettingsOf(ctx.db, requireActor(request).workspaceId);
      return settings;
    },
  });

  app.patch('/api/v1/routing/settings', {
    config: { access: { permission: 'routing.manage' } },
    schema: { tags: ['routing'], summary: 'Change routing settings (fields sent replace the stored ones)', body: RoutingSettingsPatch, response: { 200: RoutingSettings, ...commonErrors } },
    handler: async (request) => {
      const actor = requireActor(request);
      return ctx.transaction(async (tx) => {
        const [row] = await tx.select({ settings: workspaces.routingSettings }).from(workspaces).where(eq(workspaces.id, actor.workspaceId)).for('update');
        const next = withRoutingDefaults({ ...withRoutingDefaults(row?.settings), ...request.body });
        await tx.update(workspaces).set({ routingSettings: next }).where(eq(workspaces.id, actor.workspaceId));
        if (request.body.sla || request.body.businessHours !== undefined) await recomputeWorkspaceSla(tx, actor.workspaceId);
        await recordEvent(tx, { workspaceId: actor.workspaceId, actor: actorRef(actor), type: 'routing.settings_updated', subjectType: 'workspace', subjectId: actor.workspaceId, payload: { fields: Object.keys(request.body) } });
        return next;
      });
    },
  });

  app.get('/api/v1/routing/agents', {
    config: { access: { permission: 'routing.read' } },
    schema: { tags: ['routing'], summary: 'Every active member: presence, shift, load against capacity, available now', response: { 200: z.object({ agents: z.array(AgentRouting) }), ...commonErrors } },
    handler: async (request) => ({ agents: await agentsView(ctx, requireActor(request).workspaceId) }),
  });

  app.patch('/api/v1/routing/agents/:memberId', {
    config: { access: { permission: 'routing.manage' } },
    schema: { tags: ['routing'], summary: "Set a member's capacity, shift or presence", params: z.object({ memberId: Id }), body: AgentRoutingPatch, response: { 200: AgentRouting, ...commonErrors } },
    handler: async (request) => {
      const actor = requireActor(request);
      const { capacity, shift, status } = request.body;
      await ctx.transaction(async (tx) => {
        const [target] = await tx.select({ role: memberships.role }).from(memberships).where(and(eq(memberships.workspaceId, actor.workspaceId), eq(memberships.id, request.params.memberId)));
        // As in member management: only owners change owners.
        if (target?.role === 'owner' && actor.role !== 'owner') throw forbidden("Only an owner can change an owner's routing");
        const [updated] = await tx
          .update(memberships)
          .set({
            ...(capacity !== undefined ? { capacity } : {}),
            ...(shift !== undefined ? { shift, onShift: null } : {}),
            ...(status !== undefined ? { availability: status, idleSince: null } : {}),
          })
          .where(and(eq(memberships.workspaceId, actor.workspaceId), eq(memberships.id, request.params.memberId), eq(memberships.status, 'active')))
          .returning({ id: memberships.id, lastActivityAt: memberships.lastActivityAt });
        if (!updated) throw notFound('Member');
        await recordEvent(tx, { workspaceId: actor.workspaceId, actor: actorRef(actor), type: 'member.routing_updated', subjectType: 'member', subjectId: updated.id, payload: { fields: Object.keys(request.body) } });
        if (status !== undefined) {
          // Time online is folded from these events: a status set by someone else is one too (as routing sees it).
          const settings = await routingSettingsOf(tx, actor.workspaceId);
          const effective = effectiveStatus(status, updated.lastActivityAt, ctx.now(), settings.awayAfterMinutes);
          await recordEvent(tx, { workspaceId: actor.workspaceId, actor: actorRef(actor), type: 'member.availability_changed', subjectType: 'member', subjectId: updated.id, payload: { status: effective, reason: 'set_by_admin' } });
        }
      });
      return (await agentsView(ctx, actor.workspaceId, request.params.memberId))[0]!;
    },
  });

  app.get('/api/v1/routing/queue', {
    config: { access: { permission: 'conversations.read' } },
    schema: { tags: ['routing'], summary: 'Unassigned open conversations per team, the oldest wait, and who is available', response: { 200: z.object({ queues: z.array(QueueEntry) }), ...commonErrors } },
    handler: async (request) => {
      const actor = requireActor(request);
      const rows = (
        await rawExecutorOf(ctx.db).query(
          `select c.team_id, t.name as team_name, count(*)::int as waiting, min(coalesce(c.waiting_since, c.created_at)) as oldest
             from conversations c left join teams t on t.id = c.team_id
            where c.workspace_id = $1 and c.assignee_membership_id is null and c.status in ('open', 'pending')
            group by c.team_id, t.name order by t.name nulls last`,
          [actor.workspaceId],
        )
      ).rows as { team_id: string | null; team_name: string | null; waiting: number; oldest: Date | string | null }[];
      const agents = await loadAgents(ctx.db, actor.workspaceId, null, ctx.now(), await routingSettingsOf(ctx.db, actor.workspaceId));
      return {
        queues: rows.map((row) => ({
          teamId: row.team_id,
          teamName: row.team_name,
          waiting: row.waiting,
          oldestWaitingSince: row.oldest ? new Date(row.oldest).toISOString() : null,
          available: agents.filter((agent) => (row.team_id ? agent.teamIds.includes(row.team_id) : true) && unavailability(agent) === null).length,
        })),
      };
    },
  });

  app.get('/api/v1/teams/:teamId/routing', {
    config: { access: { permission: 'teams.read' } },
    schema: { tags: ['teams'], summary: "A team's business hours, shift-end policy, default strategy, out-of-hours reply and capacities", params: z.object({ teamId: Id }), response: { 200: TeamRouting, ...commonErrors } },
    handler: async (request) => teamRoutingOf(ctx.db, requireActor(request).workspaceId, request.params.teamId),
  });

  app.patch('/api/v1/teams/:teamId/routing', {
    config: { access: { permission: 'teams.manage' } },
    schema: { tags: ['teams'], summary: "Change a team's routing settings", params: z.object({ teamId: Id }), body: TeamRoutingPatch, response: { 200: TeamRouting, ...commonErrors } },
    handler: async (request) => {
      const actor = requireActor(request);
      const { capacities, ...fields } = request.body;
      await ctx.transaction(async (tx) => {
        const [team] = await tx.select({ id: teams.id, name: teams.name }).from(teams).where(and(eq(teams.workspaceId, actor.workspaceId), eq(teams.id, request.params.teamId))).for('update');
        if (!team) throw notFound('Team');
        if (Object.keys(fields).length) await tx.update(teams).set(fields).where(eq(teams.id, team.id));
        if (fields.businessHours !== undefined) await recomputeWorkspaceSla(tx, actor.workspaceId);
        if (capacities) {
          const members = await tx.select({ id: teamMembers.membershipId }).from(teamMembers).where(eq(teamMembers.teamId, team.id));
          for (const id of Object.keys(capacities)) {
            if (!members.some((member) => member.id === id)) throw new AppError('validation_failed', 'Capacity for someone outside the team', { fields: [{ path: `body.capacities.${id}`, message: 'is not a member of this team' }] });
          }
          for (const member of members) await tx.update(teamMembers).set({ capacity: capacities[member.id] ?? null }).where(and(eq(teamMembers.teamId, team.id), eq(teamMembers.membershipId, member.id)));
        }
        await recordEvent(tx, { workspaceId: actor.workspaceId, actor: actorRef(actor), type: 'team.updated', subjectType: 'team', subjectId: team.id, payload: { fields: Object.keys(request.body), name: team.name } });
      });
      return teamRoutingOf(ctx.db, actor.workspaceId, request.params.teamId);
    },
  });

  app.get('/api/v1/me/status', {
    config: { access: { permission: 'presence.write' } },
    schema: { tags: ['routing'], summary: 'My presence, shift and load as routing sees them', response: { 200: AgentRouting, ...commonErrors } },
    handler: async (request) => {
      const actor = requireActor(request);
      if (actor.kind !== 'user') throw notFound('Member');
      return (await agentsView(ctx, actor.workspaceId, actor.membershipId))[0]!;
    },
  });

  app.put('/api/v1/me/status', {
    config: { access: { permission: 'presence.write' } },
    schema: { tags: ['routing'], summary: 'Set my presence: online, away or offline', body: StatusInput, response: { 200: AgentRouting, ...commonErrors } },
    handler: async (request) => {
      const actor = requireActor(request);
      if (actor.kind !== 'user') throw notFound('Member');
      await ctx.transaction(async (tx) => {
        await tx.update(memberships).set({ availability: request.body.status, lastActivityAt: ctx.now(), idleSince: null }).where(eq(memberships.id, actor.membershipId));
        await recordEvent(tx, { workspaceId: actor.workspaceId, actor: actorRef(actor), type: 'member.availability_changed', subjectType: 'member', subjectId: actor.membershipId, payload: { status: request.body.status } });
      });
      return (await agentsView(ctx, actor.workspaceId, actor.membershipId))[0]!;
    },
  });

  app.post('/api/v1/me/activity', {
    config: { access: { permission: 'presence.write' } },
    schema: { tags: ['routing'], summary: 'I am here (the web app calls this on input, at most once a minute); an idle agent counts as away', response: { 200: z.object({ status: Availability, effectiveStatus: Availability }), ...commonErrors } },
    handler: async (request) => {
      const actor = requireActor(request);
      if (actor.kind !== 'user') throw notFound('Member');
      const now = ctx.now();
      const settings = await routingSettingsOf(ctx.db, actor.workspaceId);
      return ctx.transaction(async (tx) => {
        const [before] = await tx.select({ availability: memberships.availability, lastActivityAt: memberships.lastActivityAt }).from(memberships).where(eq(memberships.id, actor.membershipId)).for('update');
        const was = effectiveStatus(before!.availability, before!.lastActivityAt, now, settings.awayAfterMinutes);
        await tx.update(memberships).set({ lastActivityAt: now, idleSince: null }).where(eq(memberships.id, actor.membershipId));
        const is = effectiveStatus(before!.availability, now, now, settings.awayAfterMinutes);
        // Back from idle: routing looks again (queued work may now have someone).
        if (was !== is) await recordEvent(tx, { workspaceId: actor.workspaceId, actor: actorRef(actor), type: 'member.availability_changed', subjectType: 'member', subjectId: actor.membershipId, payload: { status: is, reason: 'activity' } });
        return { status: before!.availability, effectiveStatus: is };
      });
    },
  });

  app.get('/api/v1/channels/:channelId/routing', {
    config: { access: { permission: 'channels.read' } },
    schema: { tags: ['channels'], summary: "A number's default team and out-of-hours reply", params: z.object({ channelId: Id }), response: { 200: ChannelRouting, ...commonErrors } },
    handler: async (request) => channelRoutingOf(ctx.db, requireActor(request).workspaceId, request.params.channelId),
  });

  app.patch('/api/v1/channels/:channelId/routing', {
    config: { access: { permission: 'channels.manage' } },
    schema: { tags: ['channels'], summary: "Set a number's default team and out-of-hours reply", params: z.object({ channelId: Id }), body: ChannelRouting.partial().refine((value) => Object.keys(value).length > 0, 'send defaultTeamId, outOfHoursReply or both'), response: { 200: ChannelRouting, ...commonErrors } },
    handler: async (request) => {
      const actor = requireActor(request);
      await ctx.transaction(async (tx) => {
        if (request.body.defaultTeamId) {
          const [team] = await tx.select({ id: teams.id }).from(teams).where(and(eq(teams.workspaceId, actor.workspaceId), eq(teams.id, request.body.defaultTeamId)));
          if (!team) throw new AppError('validation_failed', 'Unknown team', { fields: [{ path: 'body.defaultTeamId', message: 'is not a team of this workspace' }] });
        }
        const [updated] = await tx
          .update(channels)
          .set(request.body)
          .where(and(eq(channels.workspaceId, actor.workspaceId), eq(channels.id, request.params.channelId), sql`${channels.deletedAt} is null`))
          .returning({ id: channels.id });
        if (!updated) throw notFound('Channel');
        await recordEvent(tx, { workspaceId: actor.workspaceId, actor: actorRef(actor), type: 'channel.routing_updated', subjectType: 'channel', subjectId: updated.id, payload: request.body });
      });
      return channelRoutingOf(ctx.db, actor.workspaceId, request.params.channelId);
    },
  });
}

const ChannelRouting = z.object({ defaultTeamId: Id.nullable(), outOfHoursReply: z.string().trim().max(1000).nullable() });

async function channelRoutingOf(db: Executor, workspaceId: string, channelId: string) {
  const [row] = await db
    .select({ defaultTeamId: channels.defaultTeamId, outOfHoursReply: channels.outOfHoursReply })
    .from(channels)
    .where(and(eq(channels.workspaceId, workspaceId), eq(channels.id, channelId), sql`${channels.deletedAt} is null`));
  if (!row) throw notFound('Channel');
  return row;
}
