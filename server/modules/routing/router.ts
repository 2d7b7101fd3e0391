import { and, asc, desc, eq, inArray, isNotNull, isNull, ne, sql } from 'drizzle-orm';
import type { RoutingReason, RoutingSettings, Strategy } from '../../../contracts/routing.js';
import type { AppContext } from '../../context.js';
import type { Transaction } from '../../db/client.js';
import { channels, contacts, conversations, conversationTags, memberships, messages, routingRules, tags, teams } from '../../db/schema.js';
import { type EventInput, recordEvents, systemActor } from '../../events/event-log.js';
import { applyEscalation, ESCALATION_TAG, insertNote } from '../conversations/conversation-commands.js';
import type { ConversationRow } from '../conversations/conversations.repository.js';
import { windowIsOpen } from '../messages/send-message.js';
import { notify } from '../notifications/notify.js';
import { type AgentState, loadAgents } from './availability.js';
import { autoReply } from './auto-reply.js';
import { chooseAgent } from './choose-agent.js';
import { routingSettingsOf } from './routing-settings.js';
import { type Facts, evaluateRules, priorityRank, type RuleLike } from './rules.js';
import { describeOpening, isOpenAt, nextOpening } from './schedule.js';
import { refreshSla } from './sla.js';

type TeamRow = typeof teams.$inferSelect;
type ChannelRow = Pick<typeof channels.$inferSelect, 'id' | 'defaultTeamId' | 'outOfHoursReply'>;

/**
 * Everything one routing transaction needs, loaded once under the workspace's routing lock. Agent
 * loads are cached and updated in memory as this transaction assigns, so capacity holds inside a batch.
 */
type Environment = {
  workspaceId: string;
  now: Date;
  settings: RoutingSettings & { language: 'es' | 'en'; timeZone: string };
  rules: (RuleLike & { id: string })[];
  teams: Map<string, TeamRow>;
  channels: Map<string, ChannelRow>;
  agents: Map<string, AgentState[]>;
};

/** Serialises routing per workspace across transactions and server processes. */
async function lockWorkspace(tx: Transaction, workspaceId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`routing:${workspaceId}`}))`);
}

async function loadEnvironment(tx: Transaction, workspaceId: string, now: Date): Promise<Environment> {
  const [settings, rules, teamRows, channelRows] = [
    await routingSettingsOf(tx, workspaceId),
    await tx.select().from(routingRules).where(and(eq(routingRules.workspaceId, workspaceId), eq(routingRules.enabled, true))).orderBy(asc(routingRules.position)),
    await tx.select().from(teams).where(eq(teams.workspaceId, workspaceId)),
    await tx.select({ id: channels.id, defaultTeamId: channels.defaultTeamId, outOfHoursReply: channels.outOfHoursReply }).from(channels).where(eq(channels.workspaceId, workspaceId)),
  ];
  return {
    workspaceId,
    now,
    settings,
    rules: rules.map((rule) => ({ ...rule, id: rule.id })),
    teams: new Map(teamRows.map((team) => [team.id, team])),
    channels: new Map(channelRows.map((channel) => [channel.id, channel])),
    agents: new Map(),
  };
}

async function agentsOf(tx: Transaction, env: Environment, teamId: string): Promise<AgentState[]> {
  let list = env.agents.get(teamId);
  if (!list) {
    // Loaded inside this transaction, so the counts include what it has assigned so far.
    list = await loadAgents(tx, env.workspaceId, teamId, env.now, env.settings);
    env.agents.set(teamId, list);
  }
  return list;
}

/** Keeps every cached team list in step after an assignment (an agent can be in several teams). */
function countAssignment(env: Environment, agentId: string) {
  for (const list of env.agents.values()) {
    for (const agent of list) {
      if (agent.id !== agentId) continue;
      agent.open += 1;
      agent.lastAssignedAt = env.now.getTime();
    }
  }
}

async function factsFor(tx: Transaction, env: Environment, conversation: ConversationRow, teamId: string | null): Promise<Facts> {
  const cycleStart = conversation.cycleStartedAt ?? conversation.createdAt;
  const texts = await tx
    .select({ text: messages.text })
    .from(messages)
    .where(and(eq(messages.conversationId, conversation.id), eq(messages.direction, 'inbound'), sql`${messages.occurredAt} >= ${cycleStart.toISOString()}`, isNotNull(messages.text)))
    .orderBy(asc(messages.id))
    .limit(50);
  const [contact] = await tx.select({ vip: contacts.vip, tags: contacts.tags, customFields: contacts.customFields }).from(contacts).where(eq(contacts.id, conversation.contactId));
  const [earlier] = await tx
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.contactId, conversation.contactId), ne(conversations.id, conversation.id), sql`${conversations.createdAt} < ${conversation.createdAt.toISOString()}`))
    .limit(1);
  const schedule = (teamId ? env.teams.get(teamId)?.businessHours : null) ?? env.settings.businessHours;
  return {
    channelId: conversation.channelId,
    texts: texts.map((row) => row.text!),
    intent: conversation.intent,
    priority: conversation.priority,
    contact: { vip: contact?.vip ?? false, tags: contact?.tags ?? [], customFields: contact?.customFields ?? {} },
    businessOpen: isOpenAt(schedule, env.now),
    // A returning customer has an earlier conversation, or an earlier cycle of this one.
    firstContact: !earlier && (conversation.cycleStartedAt ?? conversation.createdAt).getTime() - conversation.createdAt.getTime() < 1000,
  };
}

async function hasEscalationTag(tx: Transaction, conversationId: string) {
  const [row] = await tx
    .select({ id: tags.id })
    .from(conversationTags)
    .innerJoin(tags, eq(tags.id, conversationTags.tagId))
    .where(and(eq(conversationTags.conversationId, conversationId), sql`lower(${tags.name}) = lower(${ESCALATION_TAG})`));
  return Boolean(row);
}

const event = (conversation: ConversationRow, type: string, payload: Record<string, unknown>): EventInput => ({
  workspaceId: conversation.workspaceId,
  actor: systemActor,
  type,
  subjectType: 'conversation',
  subjectId: conversation.id,
  payload,
});

/**
 * Picks a member of the conversation's team by the strategy and assigns, or leaves it queued.
 * Records the decision with its reason (who got it, the load, who was skipped and why).
 */
async function assignFromTeam(
  tx: Transaction,
  env: Environment,
  conversation: ConversationRow,
  strategy: Strategy,
  context: { ruleIds: string[]; ruleNames: string[]; trigger: string; recordQueued: boolean },
): Promise<string | null> {
  const team = conversation.teamId ? env.teams.get(conversation.teamId) : undefined;
  const reason: RoutingReason = { ruleIds: context.ruleIds, ruleNames: context.ruleNames, teamId: team?.id ?? null, teamName: team?.name ?? null, strategy, assignee: null, skipped: [], trigger: context.trigger };
  if (!team) {
    if (context.recordQueued) await recordEvents(tx, [event(conversation, 'conversation.queued', { routing: reason })]);
    return null;
  }
  const agents = await agentsOf(tx, env, team.id);
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
  const choice = chooseAgent(strategy, agents, { pointer: team.roundRobinLastId, stickyId });
  reason.skipped = choice.skipped.filter((skip) => skip.reason !== 'inactive');
  const chosen = choice.chosen;
  if (!chosen) {
    if (context.recordQueued) await recordEvents(tx, [event(conversation, 'conversation.queued', { routing: reason })]);
    return null;
  }
  const [assigned] = await tx
    .update(conversations)
    .set({ assigneeMembershipId: chosen.id, lastActivityAt: new Date() })
    .where(and(eq(conversations.id, conversation.id), isNull(conversations.assigneeMembershipId)))
    .returning({ id: conversations.id });
  if (!assigned) return null;
  reason.assignee = { id: chosen.id, name: chosen.name, open: chosen.open + 1, capacity: chosen.capacity };
  if (strategy !== 'least_loaded' && chosen.id !== stickyId) {
    await tx.update(teams).set({ roundRobinLastId: chosen.id }).where(eq(teams.id, team.id));
    team.roundRobinLastId = chosen.id;
  }
  await tx.update(memberships).set({ lastAssignedAt: env.now }).where(eq(memberships.id, chosen.id));
  countAssignment(env, chosen.id);
  await recordEvents(tx, [
    event(conversation, 'conversation.assigned', { from: null, to: chosen.id, fromTeamId: team.id, toTeamId: team.id, handoff: false, via: 'routing', routing: reason }),
  ]);
  await notify(tx, systemActor, [{ workspaceId: env.workspaceId, membershipId: chosen.id, kind: 'assigned', conversationId: conversation.id, text: conversation.lastMessageText }]);
  return chosen.id;
}

/**
 * One conversation the ingest flagged: classify it by the rules once per cycle (team, priority,
 * tags, intent, strategy), run escalation rules on every new customer message, send the
 * out-of-hours reply once per closed period, assign it, and refresh its SLA.
 */
async function routeFlagged(ctx: AppContext, tx: Transaction, env: Environment, conversation: ConversationRow): Promise<void> {
  let current = conversation;
  // The rules classify once per care cycle (a reopen clears routedAt).
  const classified = current.routedAt !== null;
  const channel = env.channels.get(current.channelId);
  const provisionalTeam = current.teamId ?? channel?.defaultTeamId ?? null;
  const facts = await factsFor(tx, env, current, provisionalTeam);
  const outcome = evaluateRules(classified ? env.rules.filter((rule) => rule.actions.escalate) : env.rules, facts);
  const ruleIds = outcome.matched.map((rule) => rule.id!).filter(Boolean);
  const ruleNames = outcome.matched.map((rule) => rule.name);
  const events: EventInput[] = [];
  let strategy: Strategy | null = current.routingStrategy;
  if (!classified) {
    const teamId = outcome.teamId && env.teams.has(outcome.teamId) ? outcome.teamId : provisionalTeam;
    const team = teamId ? env.teams.get(teamId) : undefined;
    strategy = outcome.strategy ?? team?.defaultStrategy ?? 'queue';
    const priority = outcome.priority && priorityRank[outcome.priority] > priorityRank[current.priority] ? outcome.priority : current.priority;
    const intent = current.intent ?? outcome.intent;
    const via = { via: 'routing', ruleNames };
    if (priority !== current.priority) events.push(event(current, 'conversation.priority_changed', { from: current.priority, to: priority, ...via }));
    if (intent !== current.intent) events.push(event(current, 'conversation.intent_changed', { from: current.intent, to: intent, ...via }));
    if (outcome.tagIds.length) {
      const known = await tx.select({ id: tags.id, name: tags.name }).from(tags).where(and(eq(tags.workspaceId, env.workspaceId), inArray(tags.id, outcome.tagIds)));
      const added = known.length
        ? await tx.insert(conversationTags).values(known.map((tag) => ({ conversationId: current.id, tagId: tag.id }))).onConflictDoNothing().returning({ tagId: conversationTags.tagId })
        : [];
      if (added.length) events.push(event(current, 'conversation.tagged', { added: known.filter((tag) => added.some((row) => row.tagId === tag.id)), removed: [], ...via }));
    }
    const [updated] = await tx
      .update(conversations)
      .set({ teamId: teamId ?? null, priority, intent, routingStrategy: strategy, routedAt: env.now })
      .where(eq(conversations.id, current.id))
      .returning();
    current = updated!;
  }
  if (outcome.escalate && !(await hasEscalationTag(tx, current.id))) {
    current = await applyEscalation(tx, null, current, { priority: 'high', note: null, toSupervisors: true, reason: 'rule', details: { ruleNames: outcome.matched.filter((rule) => rule.actions.escalate).map((rule) => rule.name) } });
    strategy = current.teamId ? (env.teams.get(current.teamId)?.defaultStrategy ?? strategy) : strategy;
  }
  await recordEvents(tx, events);
  await tx.update(conversations).set({ needsRouting: false }).where(eq(conversations.id, current.id));
  await sendOutOfHoursReply(ctx, tx, env, current);
  if (!current.assigneeMembershipId && (current.status === 'open' || current.status === 'pending')) {
    await assignFromTeam(tx, env, current, strategy ?? 'queue', { ruleIds, ruleNames, trigger: classified ? 'customer_message' : 'new_cycle', recordQueued: !classified || current.teamId !== conversation.teamId });
  }
  await refreshSla(tx, current.id, env.settings);
}

/** "Te respondemos mañana a las 9:00": once per conversation per closed period, inside the 24-hour window. */
async function sendOutOfHoursReply(ctx: AppContext, tx: Transaction, env: Environment, conversation: ConversationRow) {
  const team = conversation.teamId ? env.teams.get(conversation.teamId) : undefined;
  const schedule = team?.businessHours ?? env.settings.businessHours;
  const text = team?.outOfHoursReply ?? env.channels.get(conversation.channelId)?.outOfHoursReply ?? null;
  if (!schedule || !text || isOpenAt(schedule, env.now) || !windowIsOpen(conversation.windowExpiresAt, env.now)) return;
  const opening = nextOpening(schedule, env.now);
  if (!opening || conversation.autoRepliedUntil?.getTime() === opening.getTime()) return;
  const body = text.replaceAll('{{next_open}}', describeOpening(opening, env.now, schedule.timeZone, env.settings.language));
  await autoReply(ctx, tx, conversation, body, { reason: 'out_of_hours', opensAt: opening.toISOString() });
  await tx.update(conversations).set({ autoRepliedUntil: opening }).where(eq(conversations.id, conversation.id));
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
      for (const conversation of flagged) await routeFlagged(ctx, tx, env, conversation);
      return flagged.length;
    });
    if (count < BATCH) break;
  }
  await drainQueues(ctx, workspaceId, now);
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
    const queued = await tx
      .select()
      .from(conversations)
      .where(
        and(
          eq(conversations.workspaceId, workspaceId),
          isNull(conversations.assigneeMembershipId),
          inArray(conversations.status, ['open', 'pending']),
          isNotNull(conversations.teamId),
          eq(conversations.needsRouting, false),
        ),
      )
      // WhatsApp timestamps are whole seconds: arrival order breaks ties.
      .orderBy(priorityOrder, sql`coalesce(${conversations.waitingSince}, ${conversations.createdAt})`, asc(conversations.createdAt), asc(conversations.id))
      .limit(1000);
    if (queued.length === 0) return 0;
    const env = await loadEnvironment(tx, workspaceId, now);
    const exhausted = new Set<string>();
    let assigned = 0;
    for (const conversation of queued) {
      const team = env.teams.get(conversation.teamId!);
      if (!team || exhausted.has(team.id)) continue;
      const strategy = conversation.routingStrategy ?? team.defaultStrategy;
      if (strategy === 'queue') continue;
      const to = await assignFromTeam(tx, env, conversation, strategy, { ruleIds: [], ruleNames: [], trigger: 'queue', recordQueued: false });
      if (to) {
        assigned++;
        await refreshSla(tx, conversation.id, env.settings);
      } else exhausted.add(team.id);
    }
    return assigned;
  });
}

/**
 * When an agent's shift ends, each of their open conversations follows its team's policy: keep it,
 * return it to the queue, or reassign it now with an automatic hand-off note pinned for the new owner.
 */
export async function applyShiftEnd(ctx: AppContext, workspaceId: string, membershipId: string, now = ctx.now()): Promise<void> {
  await ctx.transaction(async (tx) => {
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
        const note = await insertNote(tx, null, current, handoffSummary(env, current, member?.name ?? '?'), { kind: 'handoff', automatic: true, reason: 'shift_end' });
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
  });
}

function handoffSummary(env: Environment, conversation: ConversationRow, previousOwner: string): string {
  const es = env.settings.language === 'es';
  const lines = [
    es ? `Traspaso automático: terminó el turno de ${previousOwner}.` : `Automatic hand-off: ${previousOwner}'s shift ended.`,
    conversation.lastMessageText ? (es ? `Último mensaje: «${conversation.lastMessageText.slice(0, 200)}»` : `Last message: “${conversation.lastMessageText.slice(0, 200)}”`) : null,
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
    const [claimed] = await ctx.db
      .update(memberships)
      .set({ onShift: on })
      .where(and(eq(memberships.id, row.id), row.onShift === null ? isNull(memberships.onShift) : eq(memberships.onShift, row.onShift)))
      .returning({ id: memberships.id });
    if (!claimed || row.onShift === null) continue;
    if (on) started.push(row.id);
    else {
      ended.push(row.id);
      await applyShiftEnd(ctx, workspaceId, row.id, now);
    }
  }
  return { started, ended };
}
