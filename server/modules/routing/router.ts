import { and, asc, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { EventType } from '../../../contracts/events.js';
import type { RoutingReason, RoutingSettings, Strategy } from '../../../contracts/routing.js';
import type { AppContext } from '../../context.js';
import { rawExecutorOf, type Transaction } from '../../db/client.js';
import { channels, contacts, conversations, conversationTags, memberships, messages, routingRules, tags, teams } from '../../db/schema.js';
import { type EventInput, recordEvents, systemActor } from '../../events/event-log.js';
import { applyEscalation, insertNote } from '../conversations/conversation-commands.js';
import type { ConversationRow } from '../conversations/conversations.repository.js';
import { windowIsOpen } from '../messages/send-message.js';
import { type NotificationInput, notify } from '../notifications/notify.js';
import { type AgentState, loadAgents } from './availability.js';
import { autoReply } from './auto-reply.js';
import { chooseAgent, unavailability } from './choose-agent.js';
import { routingSettingsOf } from './routing-settings.js';
import { type Facts, evaluateRules, priorityRank, type RuleLike } from './rules.js';
import { describeOpening, isOpenAt, nextOpening } from './schedule.js';
import { computeSla } from './sla.js';

type TeamRow = typeof teams.$inferSelect;
type ChannelRow = Pick<typeof channels.$inferSelect, 'id' | 'defaultTeamId' | 'outOfHoursReply'>;

/**
 * Everything one routing transaction needs, loaded once under the workspace's routing lock. Agent
 * loads are cached and counted in memory as this transaction assigns, so capacity holds in a batch.
 */
type Environment = {
  workspaceId: string;
  now: Date;
  settings: RoutingSettings & { language: 'es' | 'en'; timeZone: string };
  rules: (RuleLike & { id: string })[];
  teams: Map<string, TeamRow>;
  channels: Map<string, ChannelRow>;
  agents: Map<string, AgentState[]>;
  /** Assignments decided in this transaction but not yet written, per agent. */
  pending: Map<string, number>;
};

/** Serialises routing per workspace across transactions and server processes. */
async function lockWorkspace(tx: Transaction, workspaceId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`routing:${workspaceId}`}))`);
}

async function loadEnvironment(tx: Transaction, workspaceId: string, now: Date): Promise<Environment> {
  const settings = await routingSettingsOf(tx, workspaceId);
  const rules = await tx.select().from(routingRules).where(and(eq(routingRules.workspaceId, workspaceId), eq(routingRules.enabled, true))).orderBy(asc(routingRules.position));
  const teamRows = await tx.select().from(teams).where(eq(teams.workspaceId, workspaceId));
  const channelRows = await tx.select({ id: channels.id, defaultTeamId: channels.defaultTeamId, outOfHoursReply: channels.outOfHoursReply }).from(channels).where(eq(channels.workspaceId, workspaceId));
  return {
    workspaceId,
    now,
    settings,
    rules,
    teams: new Map(teamRows.map((team) => [team.id, team])),
    channels: new Map(channelRows.map((channel) => [channel.id, channel])),
    agents: new Map(),
    pending: new Map(),
  };
}

async function agentsOf(tx: Transaction, env: Environment, teamId: string): Promise<AgentState[]> {
  let list = env.agents.get(teamId);
  if (!list) {
    list = await loadAgents(tx, env.workspaceId, teamId, env.now, env.settings);
    for (const agent of list) agent.open += env.pending.get(agent.id) ?? 0;
    env.agents.set(teamId, list);
  }
  return list;
}

/** Every member (for the previous owner's availability), loaded once per transaction. */
async function everyone(tx: Transaction, env: Environment): Promise<AgentState[]> {
  let list = env.agents.get('*');
  if (!list) {
    list = await loadAgents(tx, env.workspaceId, null, env.now, env.settings);
    for (const agent of list) agent.open += env.pending.get(agent.id) ?? 0;
    env.agents.set('*', list);
  }
  return list;
}

/**
 * Who can take a team's conversations: its active members; a team with none (a shop that never set
 * up teams, the seeded teams before anyone joined) falls back to every active member of the
 * workspace, so no conversation waits for a team that has nobody in it.
 */
async function candidatesFor(tx: Transaction, env: Environment, teamId: string): Promise<{ agents: AgentState[]; fallback: boolean }> {
  const members = await agentsOf(tx, env, teamId);
  if (members.some((agent) => agent.active)) return { agents: members, fallback: false };
  return { agents: (await everyone(tx, env)).filter((agent) => agent.active), fallback: true };
}

/** A conversation taken away from an agent in this transaction (not yet written). */
function uncount(env: Environment, agentId: string) {
  env.pending.set(agentId, (env.pending.get(agentId) ?? 0) - 1);
  for (const list of env.agents.values()) for (const agent of list) if (agent.id === agentId) agent.open -= 1;
}

/** Keeps every cached team list in step after an assignment (an agent can be in several teams). */
function countAssignment(env: Environment, agentId: string) {
  env.pending.set(agentId, (env.pending.get(agentId) ?? 0) + 1);
  for (const list of env.agents.values()) {
    for (const agent of list) {
      if (agent.id !== agentId) continue;
      agent.open += 1;
      agent.lastAssignedAt = env.now.getTime();
    }
  }
}

const scheduleOf = (env: Environment, teamId: string | null) => (teamId ? env.teams.get(teamId)?.businessHours : null) ?? env.settings.businessHours;

/**
 * Whether a person took or assigned the conversation since its cycle began, before routing looked at
 * it: then that owner stays, whatever their presence (routing only replaces an owner carried over
 * from an earlier cycle).
 */
async function assignedByPersonThisCycle(tx: Transaction, workspaceId: string, conversation: ConversationRow): Promise<boolean> {
  const { rows } = await rawExecutorOf(tx).query(
    `select type, payload->>'via' as via from events
      where workspace_id = $1 and subject_type = 'conversation' and subject_id = $2
        and type in ('conversation.created', 'conversation.reopened', 'conversation.assigned')
      order by id desc limit 20`,
    [workspaceId, conversation.id],
  );
  // Newest first, back to the event that began this cycle.
  for (const row of rows as { type: string; via: string | null }[]) {
    if (row.type !== 'conversation.assigned') return false;
    if (row.via !== 'routing' && row.via !== 'shift_end') return true;
  }
  return false;
}

/** Facts for a batch of conversations in three queries: the cycle's customer texts (the latest 50, oldest first), the contacts, returning customers. */
async function factsFor(tx: Transaction, env: Environment, batch: ConversationRow[]): Promise<Map<string, Facts>> {
  const ids = batch.map((row) => row.id);
  const contactIds = [...new Set(batch.map((row) => row.contactId))];
  const texts = (
    await rawExecutorOf(tx).query(
      `select m.conversation_id, m.text from conversations c
         cross join lateral (select conversation_id, text, occurred_at, created_at from messages m
                              where m.conversation_id = c.id and m.direction = 'inbound' and m.text is not null
                                and m.occurred_at >= coalesce(c.cycle_started_at, c.created_at)
                              order by m.occurred_at desc, m.created_at desc limit 50) m
        where c.id = any($1::uuid[])
        order by m.occurred_at, m.created_at`,
      [ids],
    )
  ).rows as { conversation_id: string; text: string }[];
  const contactRows = await tx.select({ id: contacts.id, vip: contacts.vip, tags: contacts.tags, customFields: contacts.customFields }).from(contacts).where(inArray(contacts.id, contactIds));
  const earlier = (
    await rawExecutorOf(tx).query(`select contact_id, min(created_at) as first from conversations where contact_id = any($1::uuid[]) group by contact_id`, [contactIds])
  ).rows as { contact_id: string; first: Date | string }[];
  const firstOf = new Map(earlier.map((row) => [row.contact_id, new Date(row.first).getTime()]));
  const contactOf = new Map(contactRows.map((row) => [row.id, row]));
  const result = new Map<string, Facts>();
  for (const conversation of batch) {
    const contact = contactOf.get(conversation.contactId);
    const provisionalTeam = conversation.teamId ?? env.channels.get(conversation.channelId)?.defaultTeamId ?? null;
    const cycleStart = conversation.cycleStartedAt ?? conversation.createdAt;
    result.set(conversation.id, {
      channelId: conversation.channelId,
      texts: texts.filter((row) => row.conversation_id === conversation.id).map((row) => row.text),
      intent: conversation.intent,
      priority: conversation.priority,
      contact: { vip: contact?.vip ?? false, tags: contact?.tags ?? [], customFields: contact?.customFields ?? {} },
      businessOpen: isOpenAt(scheduleOf(env, provisionalTeam), env.now),
      // A returning customer has an earlier conversation, or an earlier cycle of this one.
      firstContact: (firstOf.get(conversation.contactId) ?? Infinity) >= conversation.createdAt.getTime() && cycleStart.getTime() - conversation.createdAt.getTime() < 1000,
    });
  }
  return result;
}

/**
 * The rules that already acted on each conversation in its current cycle (by id, and by name for
 * events written before ids were recorded): a rule raises the priority, tags or escalates once per
 * trigger, however many later messages still match it.
 */
async function rulesActedThisCycle(tx: Transaction, workspaceId: string, ids: string[]): Promise<Map<string, Set<string>>> {
  const acted = new Map<string, Set<string>>();
  if (ids.length === 0) return acted;
  const rows = (
    await rawExecutorOf(tx).query(
      `select c.id, e.payload from conversations c
         join events e on e.workspace_id = $1 and e.subject_type = 'conversation' and e.subject_id = c.id::text
                      and e.created_at >= coalesce(c.cycle_started_at, c.created_at)
        where c.id = any($2::uuid[])
          and e.type in ('conversation.queued', 'conversation.assigned', 'conversation.priority_changed', 'conversation.intent_changed', 'conversation.tagged', 'conversation.escalated')`,
      [workspaceId, ids],
    )
  ).rows as { id: string; payload: Record<string, unknown> | null }[];
  const strings = (value: unknown) => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
  for (const { id, payload } of rows) {
    if (!payload) continue;
    const routing = (payload.routing ?? {}) as Record<string, unknown>;
    const keys = [...strings(payload.ruleIds), ...strings(payload.ruleNames), ...strings(routing.ruleIds), ...strings(routing.ruleNames)];
    if (keys.length === 0) continue;
    let set = acted.get(id);
    if (!set) acted.set(id, (set = new Set()));
    for (const key of keys) set.add(key);
  }
  return acted;
}

const hasActed = (acted: Set<string>, rule: RuleLike) => (rule.id !== undefined && acted.has(rule.id)) || acted.has(rule.name);

/** What a later customer message can change: only rules that raise the priority or escalate (the team stays a person's decision). */
const raisesOrEscalates = (rule: RuleLike) => Boolean(rule.actions.priority || rule.actions.escalate);

const event = (conversation: ConversationRow, type: EventType, payload: Record<string, unknown>): EventInput => ({
  workspaceId: conversation.workspaceId,
  actor: systemActor,
  type,
  subjectType: 'conversation',
  subjectId: conversation.id,
  payload,
});

/**
 * What routing decided for one conversation, written for the whole batch at once (one UPDATE for
 * all rows, one INSERT for events, one for notifications): routing runs on the ingest path.
 */
type Plan = { row: ConversationRow; events: EventInput[]; notifications: NotificationInput[]; tagIds: string[] };

/**
 * Picks a member of the conversation's team by the strategy (anyone available when the team has
 * nobody in it, or when there is no team and the workspace assigns those to anyone), or leaves it
 * queued, and records the decision with its reason (who got it, the load, who was skipped and why)
 * in the plan.
 */
async function decideAssignee(
  tx: Transaction,
  env: Environment,
  plan: Plan,
  strategy: Strategy,
  context: { ruleIds: string[]; ruleNames: string[]; trigger: string; recordQueued: boolean },
): Promise<string | null> {
  const conversation = plan.row;
  const team = conversation.teamId ? env.teams.get(conversation.teamId) : undefined;
  // No team: to anyone available (least loaded: there is no team pointer to take turns by), unless the workspace has it wait.
  const anyone = !team && env.settings.unmatched === 'anyone';
  if (anyone) strategy = 'least_loaded';
  const reason: RoutingReason = { ruleIds: context.ruleIds, ruleNames: context.ruleNames, teamId: team?.id ?? null, teamName: team?.name ?? null, strategy, assignee: null, skipped: [], trigger: context.trigger };
  if (!team && !anyone) {
    if (context.recordQueued) plan.events.push(event(conversation, 'conversation.queued', { routing: reason }));
    return null;
  }
  const { agents, fallback } = team ? await candidatesFor(tx, env, team.id) : { agents: (await everyone(tx, env)).filter((agent) => agent.active), fallback: true };
  if (fallback) reason.fallback = team ? 'team_empty' : 'no_team';
  let stickyId: string | null = null;
  if (strategy === 'sticky') {
    const [last] = await tx
      .select({ id: conversations.assigneeMembershipId })
      .from(conversations)
      .where(and(eq(conversations.contactId, conversation.contactId), isNotNull(conversations.assigneeMembershipId)))
      .orderBy(desc(conversations.lastActivityAt))
      .limit(1);
    stickyId = last?.id ?? null;
  }
  const choice = chooseAgent(strategy, agents, { pointer: team?.roundRobinLastId ?? null, stickyId });
  reason.skipped = choice.skipped.filter((skip) => skip.reason !== 'inactive');
  const chosen = choice.chosen;
  if (!chosen) {
    if (context.recordQueued) plan.events.push(event(conversation, 'conversation.queued', { routing: reason }));
    return null;
  }
  reason.assignee = { id: chosen.id, name: chosen.name, open: chosen.open + 1, capacity: chosen.capacity };
  if (team && strategy !== 'least_loaded' && chosen.id !== stickyId) team.roundRobinLastId = chosen.id;
  countAssignment(env, chosen.id);
  plan.row = { ...plan.row, assigneeMembershipId: chosen.id, lastActivityAt: new Date() };
  plan.events.push(event(conversation, 'conversation.assigned', { from: null, to: chosen.id, fromTeamId: team?.id ?? null, toTeamId: team?.id ?? null, handoff: false, via: 'routing', routing: reason }));
  plan.notifications.push({ workspaceId: env.workspaceId, membershipId: chosen.id, kind: 'assigned', conversationId: conversation.id, text: conversation.lastMessageText });
  return chosen.id;
}

/** Writes a batch of plans: the conversations (with their SLA), tags, events, notifications, pointers. */
async function writePlans(tx: Transaction, env: Environment, plans: Plan[], options: { final: boolean } = { final: true }) {
  if (plans.length === 0) return;
  for (const plan of plans) Object.assign(plan.row, computeSla(plan.row, env.settings, scheduleOf(env, plan.row.teamId)));
  const iso = (value: Date | null) => value?.toISOString() ?? null;
  await rawExecutorOf(tx).query(
    `update conversations c set
       team_id = v.team_id, priority = v.priority, intent = v.intent, routing_strategy = v.routing_strategy, routed_at = v.routed_at,
       assignee_membership_id = v.assignee_membership_id, last_activity_at = v.last_activity_at, needs_routing = false,
       sla_target = v.sla_target, sla_due_at = v.sla_due_at, sla_warn_at = v.sla_warn_at, sla_state = v.sla_state
     from jsonb_to_recordset($1::jsonb) as v(id uuid, team_id uuid, priority text, intent text, routing_strategy text, routed_at timestamptz,
       assignee_membership_id uuid, last_activity_at timestamptz, sla_target text, sla_due_at timestamptz, sla_warn_at timestamptz, sla_state text)
     where c.id = v.id`,
    [
      JSON.stringify(
        plans.map(({ row }) => ({
          id: row.id,
          team_id: row.teamId,
          priority: row.priority,
          intent: row.intent,
          routing_strategy: row.routingStrategy,
          routed_at: iso(row.routedAt),
          assignee_membership_id: row.assigneeMembershipId,
          last_activity_at: iso(row.lastActivityAt),
          sla_target: row.slaTarget,
          sla_due_at: iso(row.slaDueAt),
          sla_warn_at: iso(row.slaWarnAt),
          sla_state: row.slaState,
        })),
      ),
    ],
  );
  const tagRows = plans.flatMap((plan) => plan.tagIds.map((tagId) => ({ conversationId: plan.row.id, tagId })));
  if (tagRows.length) await tx.insert(conversationTags).values(tagRows).onConflictDoNothing();
  await recordEvents(tx, plans.flatMap((plan) => plan.events));
  await notify(tx, systemActor, plans.flatMap((plan) => plan.notifications));
  // Mid-batch (before an escalation) the batch's other assignments are still unwritten: keep counting them.
  if (!options.final) return;
  const assigned = [...env.pending.entries()].filter(([, count]) => count > 0).map(([id]) => id);
  if (assigned.length) await tx.update(memberships).set({ lastAssignedAt: env.now }).where(inArray(memberships.id, assigned));
  env.pending.clear();
  for (const team of env.teams.values()) {
    await tx.update(teams).set({ roundRobinLastId: team.roundRobinLastId }).where(and(eq(teams.id, team.id), sql`${teams.roundRobinLastId} is distinct from ${team.roundRobinLastId}`));
  }
}

/**
 * One conversation the ingest flagged: classify it by the rules once per cycle (team, priority,
 * tags, intent, strategy); on every later customer message, let the rules that raise the priority or
 * escalate act, each once per cycle (the team of an owned conversation stays its owner's or a
 * supervisor's hand-off decision); send the out-of-hours reply once per closed period; and pick its
 * owner. Returns the plan to write.
 */
async function planFlagged(ctx: AppContext, tx: Transaction, env: Environment, conversation: ConversationRow, facts: Facts, acted: Set<string>): Promise<Plan> {
  const plan: Plan = { row: { ...conversation }, events: [], notifications: [], tagIds: [] };
  // The rules classify once per care cycle (a reopen clears routedAt).
  const classified = conversation.routedAt !== null;
  const outcome = evaluateRules(env.rules, facts);
  if (outcome.patternsSkipped) {
    ctx.logger.warn({ workspaceId: conversation.workspaceId, conversationId: conversation.id }, 'routing rules: regular expressions ran out of their time budget; the ones not run counted as not matching');
  }
  // The rules that act now: all that matched when classifying; later, the fresh ones that raise the priority or escalate.
  const acting = classified ? outcome.matched.filter((rule) => raisesOrEscalates(rule) && !hasActed(acted, rule)) : outcome.matched;
  // The rule that chose the team comes first in the explanation.
  const credited = !classified && outcome.decisive ? [outcome.decisive, ...acting.filter((rule) => rule !== outcome.decisive)] : acting;
  const ruleIds = credited.map((rule) => rule.id!).filter(Boolean);
  const ruleNames = credited.map((rule) => rule.name);
  const trigger = classified ? 'customer_message' : 'new_cycle';
  // Later changes quote the message that set them off, so the timeline says why now.
  const quote = classified ? (facts.texts.at(-1)?.slice(0, 120) ?? null) : null;
  const via = (rules: RuleLike[]) => ({ via: 'routing', ruleNames: rules.map((rule) => rule.name), ruleIds: rules.map((rule) => rule.id).filter(Boolean), trigger, ...(quote ? { text: quote } : {}) });
  const named = (...names: (string | null)[]) => acting.filter((rule) => names.includes(rule.name));
  let strategy: Strategy | null = conversation.routingStrategy ?? (conversation.teamId ? (env.teams.get(conversation.teamId)?.defaultStrategy ?? null) : null);
  // Priority and tags: the highest priority of the acting rules, never lower than now; their tags add up.
  let priority = conversation.priority;
  let priorityRule: RuleLike | null = null;
  for (const rule of acting) {
    if (rule.actions.priority && priorityRank[rule.actions.priority] > priorityRank[priority]) {
      priority = rule.actions.priority;
      priorityRule = rule;
    }
  }
  if (priorityRule) {
    plan.events.push(event(conversation, 'conversation.priority_changed', { from: conversation.priority, to: priority, ...via([priorityRule]) }));
    // Mid-conversation, the owner hears that what they are handling became pressing.
    if (classified && conversation.assigneeMembershipId && priorityRank[priority] >= priorityRank.high) {
      plan.notifications.push({ workspaceId: env.workspaceId, membershipId: conversation.assigneeMembershipId, kind: 'priority_raised', conversationId: conversation.id, text: quote });
    }
  }
  const tagIds = [...new Set(acting.flatMap((rule) => rule.actions.tagIds))];
  if (tagIds.length) {
    const known = await tx.select({ id: tags.id, name: tags.name }).from(tags).where(and(eq(tags.workspaceId, env.workspaceId), inArray(tags.id, tagIds)));
    const present = new Set((await tx.select({ tagId: conversationTags.tagId }).from(conversationTags).where(eq(conversationTags.conversationId, conversation.id))).map((row) => row.tagId));
    const added = known.filter((tag) => !present.has(tag.id));
    plan.tagIds = added.map((tag) => tag.id);
    const taggers = acting.filter((rule) => rule.actions.tagIds.some((tagId) => plan.tagIds.includes(tagId)));
    if (added.length) plan.events.push(event(conversation, 'conversation.tagged', { added, removed: [], ...via(taggers) }));
  }
  plan.row = { ...plan.row, priority };
  if (!classified) {
    const provisionalTeam = conversation.teamId ?? env.channels.get(conversation.channelId)?.defaultTeamId ?? null;
    const teamId = outcome.teamId && env.teams.has(outcome.teamId) ? outcome.teamId : provisionalTeam;
    strategy = outcome.strategy ?? (teamId ? env.teams.get(teamId)!.defaultStrategy : 'queue');
    const intent = conversation.intent ?? outcome.intent;
    if (intent !== conversation.intent) plan.events.push(event(conversation, 'conversation.intent_changed', { from: conversation.intent, to: intent, ...via(named(outcome.by.intent)) }));
    plan.row = { ...plan.row, teamId: teamId ?? null, intent, routingStrategy: strategy, routedAt: env.now };
  }
  const escalating = acting.filter((rule) => rule.actions.escalate && !hasActed(acted, rule));
  if (escalating.length) {
    // Rare: write what is decided so far, then escalate with the shared command (tag, priority, notify;
    // an unowned conversation also goes to the supervisors, an owned one stays with its owner and team).
    await writePlans(tx, env, [plan], { final: false });
    // (A new cycle escalates as before: to the supervisors, the previous owner kept only if available.)
    const owned = classified && plan.row.assigneeMembershipId !== null;
    const escalatedRow = await applyEscalation(tx, null, plan.row, { priority: 'high', note: null, toSupervisors: !owned, reason: 'rule', details: via(escalating) });
    plan.row = escalatedRow;
    plan.events = [];
    plan.notifications = [];
    plan.tagIds = [];
    strategy = escalatedRow.teamId !== conversation.teamId && escalatedRow.teamId ? (env.teams.get(escalatedRow.teamId)?.defaultStrategy ?? strategy) : strategy;
  }
  if (!classified && plan.row.assigneeMembershipId) {
    // A new cycle (the customer came back): the previous owner keeps it only if they can take it now.
    const owner = (await everyone(tx, env)).find((agent) => agent.id === plan.row.assigneeMembershipId);
    const reason = owner ? unavailability(owner) : 'inactive';
    if (reason && !(await assignedByPersonThisCycle(tx, env.workspaceId, conversation))) {
      plan.events.push(
        event(conversation, 'conversation.assigned', { from: plan.row.assigneeMembershipId, to: null, fromTeamId: conversation.teamId, toTeamId: plan.row.teamId, handoff: false, via: 'routing', reason: 'owner_unavailable', ownerStatus: reason }),
      );
      uncount(env, plan.row.assigneeMembershipId);
      plan.row = { ...plan.row, assigneeMembershipId: null };
    }
  }
  const autoRepliedUntil = await sendOutOfHoursReply(ctx, tx, env, plan.row);
  if (autoRepliedUntil) plan.row = { ...plan.row, autoRepliedUntil };
  if (!plan.row.assigneeMembershipId && (plan.row.status === 'open' || plan.row.status === 'pending')) {
    await decideAssignee(tx, env, plan, strategy ?? 'queue', { ruleIds, ruleNames, trigger, recordQueued: conversation.routingStrategy === null || plan.row.teamId !== conversation.teamId });
  }
  return plan;
}

/** "Te respondemos mañana a las 9:00": once per conversation per closed period, inside the 24-hour window. */
async function sendOutOfHoursReply(ctx: AppContext, tx: Transaction, env: Environment, conversation: ConversationRow): Promise<Date | null> {
  const team = conversation.teamId ? env.teams.get(conversation.teamId) : undefined;
  const schedule = scheduleOf(env, conversation.teamId);
  const text = team?.outOfHoursReply ?? env.channels.get(conversation.channelId)?.outOfHoursReply ?? null;
  if (!schedule || !text || isOpenAt(schedule, env.now) || !windowIsOpen(conversation.windowExpiresAt, env.now)) return null;
  // Only for a customer who wrote while closed (not, say, one reclassified at night after a rule edit).
  if (!conversation.lastInboundAt || isOpenAt(schedule, conversation.lastInboundAt)) return null;
  const opening = nextOpening(schedule, env.now);
  if (!opening || conversation.autoRepliedUntil?.getTime() === opening.getTime()) return null;
  const body = text.replaceAll('{{next_open}}', describeOpening(opening, env.now, schedule.timeZone, env.settings.language));
  await autoReply(ctx, tx, conversation, body, { reason: 'out_of_hours', opensAt: opening.toISOString() });
  await tx.update(conversations).set({ autoRepliedUntil: opening }).where(eq(conversations.id, conversation.id));
  return opening;
}

const BATCH = 50;

/** Routes every flagged conversation of a workspace, then fills free capacity from the queues. */
export async function routeWorkspace(ctx: AppContext, workspaceId: string, now = ctx.now()): Promise<void> {
  for (;;) {
    const count = await ctx.transaction(async (tx) => {
      await lockWorkspace(tx, workspaceId);
      const flagged = await tx
        .select()
        .from(conversations)
        .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.needsRouting, true)))
        .orderBy(asc(conversations.createdAt))
        .limit(BATCH)
        .for('update');
      if (flagged.length === 0) return 0;
      const env = await loadEnvironment(tx, workspaceId, now);
      const facts = await factsFor(tx, env, flagged);
      const acted = env.rules.some(raisesOrEscalates) ? await rulesActedThisCycle(tx, workspaceId, flagged.filter((row) => row.routedAt !== null).map((row) => row.id)) : new Map<string, Set<string>>();
      const plans: Plan[] = [];
      for (const conversation of flagged) plans.push(await planFlagged(ctx, tx, env, conversation, facts.get(conversation.id)!, acted.get(conversation.id) ?? new Set()));
      await writePlans(tx, env, plans);
      return flagged.length;
    });
    if (count < BATCH) break;
  }
  // A drain takes at most 1,000 per team; a bigger backlog continues right away.
  while ((await drainQueues(ctx, workspaceId, now)) >= 1000);
}

const priorityOrder = sql`case ${conversations.priority} when 'urgent' then 0 when 'high' then 1 when 'normal' then 2 else 3 end`;

/**
 * Assigns queued conversations (priority first, then longest waiting) while their team has an
 * available member. Runs when availability changes: an agent comes online or starts a shift, a
 * conversation is resolved or handed back, capacity or rules change.
 */
export async function drainQueues(ctx: AppContext, workspaceId: string, now = ctx.now()): Promise<number> {
  return ctx.transaction(async (tx) => {
    await lockWorkspace(tx, workspaceId);
    // Teams with conversations waiting that their strategy assigns (not "queue only"), and those
    // without a team when the workspace assigns them to anyone (team_id null).
    const waiting = (
      await rawExecutorOf(tx).query(
        `select c.team_id from conversations c left join teams t on t.id = c.team_id
          where c.workspace_id = $1 and c.assignee_membership_id is null and c.status in ('open', 'pending') and not c.needs_routing
            and (case when c.team_id is null
                      then coalesce((select w.routing_settings->>'unmatched' from workspaces w where w.id = $1), 'anyone') = 'anyone'
                      else coalesce(c.routing_strategy, t.default_strategy) <> 'queue' end)
          group by c.team_id`,
        [workspaceId],
      )
    ).rows as { team_id: string | null }[];
    if (waiting.length === 0) return 0;
    const env = await loadEnvironment(tx, workspaceId, now);
    const plans: Plan[] = [];
    for (const { team_id: teamId } of waiting) {
      const team = teamId ? env.teams.get(teamId) : undefined;
      if (teamId && !team) continue;
      // Only as many as the team's available members can take now; rows others hold are left for the next pass.
      const candidates = team ? (await candidatesFor(tx, env, team.id)).agents : (await everyone(tx, env)).filter((agent) => agent.active);
      const free = candidates.filter((agent) => unavailability(agent) === null).reduce((sum, agent) => sum + (agent.capacity - agent.open), 0);
      if (free <= 0) continue;
      const queued = await tx
        .select()
        .from(conversations)
        .where(
          and(
            eq(conversations.workspaceId, workspaceId),
            team ? eq(conversations.teamId, team.id) : isNull(conversations.teamId),
            isNull(conversations.assigneeMembershipId),
            inArray(conversations.status, ['open', 'pending']),
            eq(conversations.needsRouting, false),
            team ? sql`coalesce(${conversations.routingStrategy}, ${team.defaultStrategy}) <> 'queue'` : undefined,
          ),
        )
        // WhatsApp timestamps are whole seconds: arrival order breaks ties.
        .orderBy(priorityOrder, sql`coalesce(${conversations.waitingSince}, ${conversations.createdAt})`, asc(conversations.createdAt), asc(conversations.id))
        .limit(Math.min(free, 1000))
        .for('update', { skipLocked: true });
      for (const conversation of queued) {
        const plan: Plan = { row: { ...conversation }, events: [], notifications: [], tagIds: [] };
        if (!(await decideAssignee(tx, env, plan, conversation.routingStrategy ?? team?.defaultStrategy ?? 'least_loaded', { ruleIds: [], ruleNames: [], trigger: 'queue', recordQueued: false }))) break;
        plans.push(plan);
      }
    }
    await writePlans(tx, env, plans);
    return plans.length;
  });
}

/** Assigns one conversation now and writes it (shift-end reassignment). */
async function assignFromTeam(tx: Transaction, env: Environment, conversation: ConversationRow, strategy: Strategy, context: { ruleIds: string[]; ruleNames: string[]; trigger: string; recordQueued: boolean }) {
  const plan: Plan = { row: { ...conversation }, events: [], notifications: [], tagIds: [] };
  await decideAssignee(tx, env, plan, strategy, context);
  await writePlans(tx, env, [plan]);
}

/**
 * When an agent's shift ends, each of their open conversations follows its team's policy: keep it,
 * return it to the queue, or reassign it now with an automatic hand-off note pinned for the new owner.
 */
async function applyShiftEnd(tx: Transaction, workspaceId: string, membershipId: string, now: Date): Promise<void> {
  await lockWorkspace(tx, workspaceId);
  const env = await loadEnvironment(tx, workspaceId, now);
  const owned = await tx
    .select()
    .from(conversations)
    .where(and(eq(conversations.assigneeMembershipId, membershipId), inArray(conversations.status, ['open', 'pending'])))
    .for('update');
  const [member] = await loadAgents(tx, workspaceId, null, now, env.settings).then((all) => all.filter((agent) => agent.id === membershipId));
  for (const conversation of owned) {
    const team = conversation.teamId ? env.teams.get(conversation.teamId) : undefined;
    const policy = team?.shiftEndPolicy ?? 'keep';
    if (policy === 'keep') continue;
    let current = conversation;
    if (policy === 'reassign') {
      const [lastCustomer] = await tx
        .select({ text: messages.text })
        .from(messages)
        .where(and(eq(messages.conversationId, current.id), eq(messages.direction, 'inbound'), isNotNull(messages.text)))
        .orderBy(desc(messages.occurredAt), desc(messages.createdAt))
        .limit(1);
      const note = await insertNote(tx, null, current, handoffSummary(env, current, member?.name ?? '?', lastCustomer?.text ?? null), { kind: 'handoff', automatic: true, reason: 'shift_end' });
      const [updated] = await tx.update(conversations).set({ pinnedNoteId: note.id }).where(eq(conversations.id, current.id)).returning();
      current = updated!;
    }
    const [released] = await tx.update(conversations).set({ assigneeMembershipId: null, lastActivityAt: new Date() }).where(eq(conversations.id, current.id)).returning();
    current = released!;
    await recordEvents(tx, [event(current, 'conversation.assigned', { from: membershipId, to: null, fromTeamId: current.teamId, toTeamId: current.teamId, handoff: policy === 'reassign', via: 'shift_end', policy })]);
    for (const list of env.agents.values()) for (const agent of list) if (agent.id === membershipId) agent.open -= 1;
    if (policy === 'reassign') {
      const strategy = current.routingStrategy && current.routingStrategy !== 'queue' ? current.routingStrategy : (team!.defaultStrategy === 'queue' ? 'round_robin' : team!.defaultStrategy);
      await assignFromTeam(tx, env, current, strategy, { ruleIds: [], ruleNames: [], trigger: 'shift_end', recordQueued: true });
    }
  }
}

function handoffSummary(env: Environment, conversation: ConversationRow, previousOwner: string, lastCustomerText: string | null): string {
  const es = env.settings.language === 'es';
  const lines = [
    es ? `Traspaso automático: terminó el turno de ${previousOwner}.` : `Automatic hand-off: ${previousOwner}'s shift ended.`,
    lastCustomerText ? (es ? `Último mensaje del cliente: «${lastCustomerText.slice(0, 200)}»` : `Customer's last message: “${lastCustomerText.slice(0, 200)}”`) : null,
    conversation.intent ? (es ? `Intención: ${conversation.intent}` : `Intent: ${conversation.intent}`) : null,
    conversation.waitingSince ? (es ? 'El cliente espera respuesta.' : 'The customer is waiting for a reply.') : null,
  ];
  return lines.filter(Boolean).join('\n');
}

/** Shift starts and ends since the last check. Each transition is claimed by one process (guarded update). */
export async function shiftTransitions(ctx: AppContext, workspaceId: string, now = ctx.now()): Promise<{ started: string[]; ended: string[] }> {
  const rows = await ctx.db
    .select({ id: memberships.id, shift: memberships.shift, onShift: memberships.onShift })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.status, 'active')));
  const started: string[] = [];
  const ended: string[] = [];
  for (const row of rows) {
    const on = isOpenAt(row.shift, now);
    if (row.onShift === on) continue;
    // The claim and the shift-end policy commit together: a crash in between cannot lose the transition.
    const outcome = await ctx.transaction(async (tx) => {
      const [claimed] = await tx
        .update(memberships)
        .set({ onShift: on })
        .where(and(eq(memberships.id, row.id), row.onShift === null ? isNull(memberships.onShift) : eq(memberships.onShift, row.onShift)))
        .returning({ id: memberships.id });
      if (!claimed) return null;
      // Shift starts and ends are events too, the first observation included (a new member, a changed
      // schedule): time on shift is folded from them.
      await recordEvents(tx, [{ workspaceId, actor: systemActor, type: on ? 'member.shift_started' : 'member.shift_ended', subjectType: 'member', subjectId: row.id, payload: { at: now.toISOString() } }]);
      if (row.onShift === null) return null;
      if (!on) await applyShiftEnd(tx, workspaceId, row.id, now);
      return on ? 'started' : 'ended';
    });
    if (outcome === 'started') started.push(row.id);
    if (outcome === 'ended') ended.push(row.id);
  }
  return { started, ended };
}
