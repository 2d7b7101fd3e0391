import { z } from 'zod';
import { AgentFigures, LiveMetrics, LostConversation, MetricsLoad, MetricsQuery, MetricsSeries, MetricsSummary } from '../../../contracts/metrics.js';
import type { AppContext } from '../../context.js';
import { rawExecutorOf } from '../../db/client.js';
import { requireActor } from '../../http/auth.js';
import type { Actor } from '../../http/policy.js';
import { oversees } from '../conversations/access.js';
import { type Api, commonErrors } from '../../http/route-types.js';
import { loadAgents } from '../routing/availability.js';
import { routingSettingsOf } from '../routing/routing-settings.js';
import { loadReport } from './load-report.js';
import { agentTable, reportRows, series, summarize, toCsv } from './reports.js';
import { metricsFreshness } from './rollup.js';

/** Agents see their own figures; supervisors, admins, owners and API tokens see everyone's. */
function scoped(actor: Actor, query: z.infer<typeof MetricsQuery>) {
  if (actor.kind === 'user' && !oversees(actor.role)) return { ...query, memberId: actor.membershipId };
  return query;
}

const seconds = (value: { clock: number; business: number } | null, kind: 'clock' | 'business') => (value ? value[kind] : null);

export function metricsRoutes(app: Api, ctx: AppContext) {
  const rowsFor = async (actor: Actor, query: z.infer<typeof MetricsQuery>) => reportRows(ctx.db, actor.workspaceId, scoped(actor, query), ctx.now());

  app.get('/api/v1/metrics/summary', {
    config: { access: { permission: 'metrics.read' } },
    schema: { tags: ['metrics'], summary: 'Response, reply, assignment, queue and resolution times (average, median, p90; clock and business hours), volumes, lost, SLA — see docs/metrics.md', querystring: MetricsQuery, response: { 200: MetricsSummary, ...commonErrors } },
    handler: async (request) => {
      const actor = requireActor(request);
      // Freshness first: figures read after it are at least that current.
      const { asOf } = await metricsFreshness(ctx.db, new Date());
      return { ...(await summarize(ctx.db, actor.workspaceId, scoped(actor, request.query), ctx.now())), asOf };
    },
  });

  app.get('/api/v1/metrics/series', {
    config: { access: { permission: 'metrics.read' } },
    schema: { tags: ['metrics'], summary: 'For charts: volume by day, the hour-of-week heatmap, the first-response distribution', querystring: MetricsQuery, response: { 200: MetricsSeries, ...commonErrors } },
    handler: async (request) => {
      const actor = requireActor(request);
      return series(ctx.db, actor.workspaceId, scoped(actor, request.query), ctx.now());
    },
  });

  app.get('/api/v1/metrics/load', {
    config: { access: { permission: 'metrics.read' } },
    schema: { tags: ['metrics'], summary: 'Load over time: active conversations against the capacity on shift (hourly up to 7 days, else daily), and per agent their average load, time on shift, online and available', querystring: MetricsQuery, response: { 200: MetricsLoad, ...commonErrors } },
    handler: async (request) => {
      const actor = requireActor(request);
      return loadReport(ctx.db, actor.workspaceId, scoped(actor, request.query), ctx.now());
    },
  });

  app.get('/api/v1/metrics/agents', {
    config: { access: { permission: 'metrics.read' } },
    schema: { tags: ['metrics'], summary: 'Per agent: conversations handled, first responses, replies and their times', querystring: MetricsQuery, response: { 200: z.object({ agents: z.array(AgentFigures) }), ...commonErrors } },
    handler: async (request) => {
      const actor = requireActor(request);
      const agents = await agentTable(ctx.db, actor.workspaceId, scoped(actor, request.query));
      return { agents: actor.kind === 'user' && !oversees(actor.role) ? agents.filter((agent) => agent.memberId === actor.membershipId) : agents };
    },
  });

  app.get('/api/v1/metrics/lost', {
    config: { access: { permission: 'metrics.read' } },
    schema: { tags: ['metrics'], summary: 'Lost conversations (the latest 500): a customer wait never answered by a person before the window closed or the conversation was resolved', querystring: MetricsQuery, response: { 200: z.object({ lost: z.array(LostConversation) }), ...commonErrors } },
    handler: async (request) => {
      const { rows } = await rowsFor(requireActor(request), request.query);
      return {
        lost: rows
          .filter((row) => row.figures.lost)
          .slice(-500)
          .map((row) => ({ conversationId: row.cycle.conversationId, displayNumber: row.displayNumber, cycle: row.cycle.cycle, contactName: row.contactName, lastCustomerAt: row.cycle.lastCustomerAt?.toISOString() ?? null, teamId: row.cycle.teamId ?? null })),
      };
    },
  });

  app.get('/api/v1/metrics/cycles.csv', {
    config: { access: { permission: 'metrics.read' } },
    schema: { tags: ['metrics'], summary: 'Every care cycle of the report with its figures, as CSV (UTF-8 with BOM, for Excel)', querystring: MetricsQuery },
    handler: async (request, reply) => {
      const { rows, timeZone } = await rowsFor(requireActor(request), request.query);
      const local = (date: Date | null | undefined) => (date ? new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'medium' }).format(date) : null);
      const csv = toCsv(
        ['conversation', 'cycle', 'contact', 'team_id', 'priority', 'started', 'resolved', 'first_response_s', 'first_response_business_s', 'time_to_assignment_s', 'resolution_s', 'resolution_business_s', 'replies', 'handoffs', 'escalations', 'sla_breaches', 'lost'],
        rows.map(({ cycle, figures, displayNumber, contactName }) => [
          displayNumber,
          cycle.cycle,
          contactName,
          cycle.teamId ?? null,
          cycle.priority,
          local(cycle.startedAt ?? cycle.openedAt),
          local(cycle.resolvedAt),
          seconds(figures.firstResponse, 'clock'),
          seconds(figures.firstResponse, 'business'),
          seconds(figures.timeToAssignment, 'clock'),
          seconds(figures.resolution, 'clock'),
          seconds(figures.resolution, 'business'),
          cycle.humanReplies,
          cycle.handoffs,
          cycle.escalations,
          cycle.slaBreaches,
          figures.lost ? 1 : 0,
        ]),
      );
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="bandeja-ciclos-${request.query.from}-${request.query.to}.csv"`).send(csv);
    },
  });

  app.get('/api/v1/metrics/agents.csv', {
    config: { access: { permission: 'metrics.read' } },
    schema: { tags: ['metrics'], summary: 'The per-agent table as CSV (UTF-8 with BOM)', querystring: MetricsQuery },
    handler: async (request, reply) => {
      const actor = requireActor(request);
      let agents = await agentTable(ctx.db, actor.workspaceId, scoped(actor, request.query));
      if (actor.kind === 'user' && !oversees(actor.role)) agents = agents.filter((agent) => agent.memberId === actor.membershipId);
      const csv = toCsv(
        [
          'agent', 'handled', 'first_responses', 'first_response_avg_s', 'first_response_median_s', 'first_response_p90_s',
          'first_response_business_avg_s', 'first_response_business_median_s', 'first_response_business_p90_s',
          'replies', 'reply_avg_s', 'reply_median_s', 'reply_p90_s', 'reply_business_avg_s', 'reply_business_median_s', 'reply_business_p90_s', 'resolved_owned',
        ],
        agents.map((a) => [
          a.name, a.handled, a.firstResponses, a.firstResponse.clock.average, a.firstResponse.clock.median, a.firstResponse.clock.p90,
          a.firstResponse.business.average, a.firstResponse.business.median, a.firstResponse.business.p90,
          a.replies, a.replyTime.clock.average, a.replyTime.clock.median, a.replyTime.clock.p90, a.replyTime.business.average, a.replyTime.business.median, a.replyTime.business.p90, a.resolvedOwned,
        ]),
      );
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="bandeja-agentes-${request.query.from}-${request.query.to}.csv"`).send(csv);
    },
  });

  app.get('/api/v1/metrics/live', {
    config: { access: { permission: 'metrics.read' } },
    schema: { tags: ['metrics'], summary: 'Now: open, unassigned, longest wait, waiting per team, agents online with load, SLA breaches in the last hour', response: { 200: LiveMetrics, ...commonErrors } },
    handler: async (request) => {
      const actor = requireActor(request);
      const raw = rawExecutorOf(ctx.db);
      const [totals] = (
        await raw.query(
          `select count(*)::int as open, count(*) filter (where assignee_membership_id is null)::int as unassigned, min(waiting_since) as longest
             from conversations where workspace_id = $1 and status in ('open', 'pending')`,
          [actor.workspaceId],
        )
      ).rows as [{ open: number; unassigned: number; longest: Date | string | null }];
      const teams = (
        await raw.query(
          `select c.team_id, t.name, count(*)::int as waiting, min(c.waiting_since) as oldest from conversations c left join teams t on t.id = c.team_id
            where c.workspace_id = $1 and c.status in ('open', 'pending') and c.waiting_since is not null group by c.team_id, t.name order by t.name nulls last`,
          [actor.workspaceId],
        )
      ).rows as { team_id: string | null; name: string | null; waiting: number; oldest: Date | string | null }[];
      const [breaches] = (
        await raw.query(`select count(*)::int as n from events where workspace_id = $1 and type = 'conversation.sla_breached' and created_at > now() - interval '1 hour'`, [actor.workspaceId])
      ).rows as [{ n: number }];
      const now = ctx.now();
      const agents = (await loadAgents(ctx.db, actor.workspaceId, null, now, await routingSettingsOf(ctx.db, actor.workspaceId))).filter((agent) => agent.active);
      const iso = (value: Date | string | null) => (value ? new Date(value).toISOString() : null);
      return {
        open: totals.open,
        unassigned: totals.unassigned,
        waitingLongestSince: iso(totals.longest),
        teams: teams.map((row) => ({ teamId: row.team_id, name: row.name, waiting: row.waiting, oldestWaitingSince: iso(row.oldest) })),
        // Agents see their own load; supervisors and admins everyone's.
        agents: agents.filter((agent) => actor.kind !== 'user' || oversees(actor.role) || agent.id === actor.membershipId).map((agent) => ({ memberId: agent.id, name: agent.name, status: agent.status, onShift: agent.onShift, open: agent.open, capacity: agent.capacity })),
        slaBreachesLastHour: breaches.n,
        at: now.toISOString(),
      };
    },
  });
}
