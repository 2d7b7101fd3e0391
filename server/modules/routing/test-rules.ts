import type { z } from 'zod';
import type { RuleTestResult } from '../../../contracts/routing.js';
import type { AppContext } from '../../context.js';
import { rawExecutorOf } from '../../db/client.js';
import { routingSettingsOf } from './routing-settings.js';
import { evaluateRules, priorityRank, type RuleLike } from './rules.js';
import { SUPERVISOR_TEAM_NAMES } from '../conversations/conversation-commands.js';
import { isOpenAt } from './schedule.js';
import type { Schedule } from '../../../contracts/routing.js';

type Row = {
  id: string;
  display_number: number;
  channel_id: string;
  contact_id: string;
  contact_name: string | null;
  vip: boolean;
  tags: string[];
  custom_fields: Record<string, unknown>;
  created_at: Date | string;
  earlier: boolean;
  texts: string[] | null;
};

/**
 * "Probar reglas": replays the last N days of conversations through a draft rule set without
 * changing anything. Each conversation is judged on its first customer messages, as it arrived;
 * agents are simulated per team in arrival order with the strategy, counting only who was on shift
 * then (presence and past load are not known afterwards, so capacity is not simulated).
 */
export async function testRules(ctx: AppContext, workspaceId: string, rules: RuleLike[], options: { days: number; limit: number }): Promise<z.infer<typeof RuleTestResult>> {
  const since = new Date(ctx.now().getTime() - options.days * 24 * 3600 * 1000);
  const rows = (
    await rawExecutorOf(ctx.db).query(
      `select c.id, c.display_number, c.channel_id, c.contact_id, k.name as contact_name, k.vip, k.tags, k.custom_fields, c.created_at,
              exists (select 1 from conversations e where e.contact_id = c.contact_id and e.created_at < c.created_at) as earlier,
              (select array_agg(m.text order by m.occurred_at, m.created_at) from (select text, occurred_at, created_at from messages m
                 where m.conversation_id = c.id and m.direction = 'inbound' and m.text is not null order by m.occurred_at, m.created_at limit 5) m) as texts
         from conversations c join contacts k on k.id = c.contact_id
        where c.workspace_id = $1 and c.created_at >= $2
        order by c.created_at desc, c.id
        limit $3`,
      [workspaceId, since.toISOString(), options.limit],
    )
  ).rows as Row[];
  // The newest `limit` conversations of the period, replayed in arrival order.
  rows.reverse();
  const settings = await routingSettingsOf(ctx.db, workspaceId);
  const teams = (await rawExecutorOf(ctx.db).query('select id, name, business_hours, default_strategy from teams where workspace_id = $1', [workspaceId])).rows as {
    id: string;
    name: string;
    business_hours: Schedule | null;
    default_strategy: string;
  }[];
  const channels = (await rawExecutorOf(ctx.db).query('select id, default_team_id from channels where workspace_id = $1', [workspaceId])).rows as { id: string; default_team_id: string | null }[];
  const members = (
    await rawExecutorOf(ctx.db).query(
      `select tm.team_id, m.id, u.name, m.shift from team_members tm join memberships m on m.id = tm.membership_id join users u on u.id = m.user_id
        where m.workspace_id = $1 and m.status = 'active' order by m.id`,
      [workspaceId],
    )
  ).rows as { team_id: string; id: string; name: string; shift: Schedule | null }[];
  const teamById = new Map(teams.map((team) => [team.id, team]));
  const pointer = new Map<string, string>();
  const load = new Map<string, number>();
  const lastAgentOfContact = new Map<string, string>();
  const tally = (map: Map<string | null, { name: string | null; count: number }>, id: string | null, name: string | null) => {
    const entry = map.get(id) ?? { name, count: 0 };
    entry.count++;
    map.set(id, entry);
  };
  const byTeam = new Map<string | null, { name: string | null; count: number }>();
  const byAgent = new Map<string | null, { name: string | null; count: number }>();
  const byRule = new Map<string | null, { name: string | null; count: number }>();
  const result: z.infer<typeof RuleTestResult>['rows'] = [];
  for (const [index, row] of rows.entries()) {
    // Thousands of evaluations must not hold the event loop every workspace shares.
    if (index > 0 && index % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
    const at = new Date(row.created_at);
    const defaultTeam = channels.find((channel) => channel.id === row.channel_id)?.default_team_id ?? null;
    const schedule = (defaultTeam ? teamById.get(defaultTeam)?.business_hours : null) ?? settings.businessHours;
    const outcome = evaluateRules(rules, {
      channelId: row.channel_id,
      texts: row.texts ?? [],
      intent: null,
      priority: 'normal',
      contact: { vip: row.vip, tags: row.tags ?? [], customFields: row.custom_fields ?? {} },
      businessOpen: isOpenAt(schedule, at),
      firstContact: !row.earlier,
    });
    // An escalation moves it to the supervisors' team with at least high priority, as the router does.
    const supervisors = outcome.escalate ? teams.find((team) => SUPERVISOR_TEAM_NAMES.includes(team.name.toLowerCase())) : undefined;
    const teamId = supervisors?.id ?? (outcome.teamId && teamById.has(outcome.teamId) ? outcome.teamId : defaultTeam);
    const team = teamId ? teamById.get(teamId) : undefined;
    const strategy = outcome.strategy ?? team?.default_strategy ?? 'queue';
    let agent: { id: string; name: string } | undefined;
    if (team && strategy !== 'queue') {
      const onShift = members.filter((member) => member.team_id === team.id && isOpenAt(member.shift, at));
      const sticky = strategy === 'sticky' ? onShift.find((member) => member.id === lastAgentOfContact.get(row.contact_id)) : undefined;
      if (sticky) agent = sticky;
      else if (strategy === 'least_loaded') agent = [...onShift].sort((a, b) => (load.get(a.id) ?? 0) - (load.get(b.id) ?? 0))[0];
      else agent = onShift.find((member) => member.id > (pointer.get(team.id) ?? '')) ?? onShift[0];
      if (agent) {
        if (strategy !== 'least_loaded') pointer.set(team.id, agent.id);
        load.set(agent.id, (load.get(agent.id) ?? 0) + 1);
        lastAgentOfContact.set(row.contact_id, agent.id);
      }
    }
    tally(byTeam, team?.id ?? null, team?.name ?? null);
    tally(byAgent, agent?.id ?? null, agent?.name ?? null);
    if (outcome.matched.length === 0) tally(byRule, null, null);
    for (const rule of outcome.matched) tally(byRule, rule.id ?? rule.name, rule.name);
    result.push({
      conversationId: row.id,
      displayNumber: row.display_number,
      contactName: row.contact_name,
      text: row.texts?.[0] ?? null,
      at: at.toISOString(),
      ruleNames: outcome.matched.map((rule) => rule.name),
      teamName: team?.name ?? null,
      agentName: agent?.name ?? null,
      priority: outcome.escalate && priorityRank[outcome.priority ?? 'normal'] < priorityRank.high ? 'high' : (outcome.priority ?? 'normal'),
      escalate: outcome.escalate,
    });
  }
  const list = (map: Map<string | null, { name: string | null; count: number }>) =>
    [...map.entries()].map(([id, entry]) => ({ id: id && /^[0-9a-f-]{36}$/.test(id) ? id : null, name: entry.name, count: entry.count })).sort((a, b) => b.count - a.count);
  return { total: rows.length, limited: rows.length === options.limit, byTeam: list(byTeam), byAgent: list(byAgent), byRule: list(byRule), rows: result };
}
