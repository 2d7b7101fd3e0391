import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Schedule } from '../../../contracts/routing.js';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import type { TestClient } from '../../../test/support/client.js';
import { addMember, insertChannel, workspaceWithOwner } from '../../../test/support/factories.js';
import { receiveText } from '../../../test/support/webhooks.js';
import { metricCycles } from '../../db/schema.js';
import { cycleFigures, summary } from './cycle-figures.js';
import { type Cycle, type FoldEvent, foldCycles } from './fold-cycles.js';
import { rebuildMetrics, rollUpMetrics } from './rollup.js';

const T0 = new Date('2026-12-01T12:00:00Z'); // Tuesday 09:00 in Buenos Aires
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
let nextId = 1;
const C = '00000000-0000-4000-8000-00000000000c';
const ev = (seconds: number, type: string, extra: Partial<FoldEvent> = {}, payload: Record<string, unknown> = {}): FoldEvent => ({
  id: nextId++,
  workspaceId: 'w',
  type,
  actorType: 'system',
  actorId: null,
  subjectType: 'conversation',
  subjectId: C,
  payload,
  createdAt: at(seconds),
  ...extra,
});
const customer = (seconds: number) => ev(seconds, 'message.received', {}, { at: at(seconds).toISOString() });
const reply = (seconds: number, user: string, payload: Record<string, unknown> = {}) => ev(seconds, 'message.queued', { actorType: 'user', actorId: user }, payload);
const fold = (events: FoldEvent[]) => {
  const latest = new Map<string, Cycle>();
  const all = new Map<string, Cycle>();
  for (const [key, cycle] of foldCycles(latest, events)) all.set(key, cycle);
  return [...all.values()].sort((a, b) => a.cycle - b.cycle);
};
const ANA = 'user-ana';
const BETO = 'user-beto';
const SARA = 'user-sara';

describe('care cycles, scripted, exact seconds', () => {
  it('a reassignment in the middle of a wait: first response is counted from the customer message, the hand-off is counted, only the replier handled it', () => {
    const [cycle] = fold([
      ev(0, 'conversation.created'),
      customer(0),
      ev(10, 'conversation.assigned', {}, { from: null, to: 'm-ana', toTeamId: 't1' }),
      ev(60, 'conversation.assigned', { actorType: 'user', actorId: ANA }, { from: 'm-ana', to: 'm-beto', handoff: true, toTeamId: 't1' }),
      reply(90, BETO),
      customer(200),
      reply(230, BETO),
      ev(300, 'conversation.resolved'),
    ]);
    const figures = cycleFigures(cycle!, null, at(400));
    expect(figures.firstResponse).toEqual({ clock: 90, business: 90 });
    expect(figures.replies).toEqual([{ clock: 90, business: 90 }, { clock: 30, business: 30 }]);
    expect(figures.timeToAssignment).toEqual({ clock: 10, business: 10 });
    expect(figures.resolution).toEqual({ clock: 300, business: 300 });
    expect(cycle).toMatchObject({ handoffs: 1, humanReplies: 2, handledByUserIds: [BETO], firstResponderUserId: BETO, assigneeMembershipId: 'm-beto' });
    expect(figures.lost).toBe(false);
  });

  it('a reopen after resolve starts a new cycle with its own figures', () => {
    const cycles = fold([ev(0, 'conversation.created'), customer(0), reply(40, ANA), ev(100, 'conversation.resolved'), ev(1000, 'conversation.reopened'), customer(1000), reply(1025, ANA)]);
    expect(cycles.map((c) => c.cycle)).toEqual([1, 2]);
    expect(cycleFigures(cycles[0]!, null, at(2000)).firstResponse?.clock).toBe(40);
    expect(cycleFigures(cycles[1]!, null, at(2000))).toMatchObject({ firstResponse: { clock: 25 }, resolution: null });
  });

  it('a supervisor who is not the assignee answers: it counts; a note, an automatic reply and an API token do not', () => {
    const [cycle] = fold([
      ev(0, 'conversation.created'),
      customer(0),
      ev(5, 'conversation.assigned', {}, { from: null, to: 'm-ana' }),
      ev(20, 'note.added', { actorType: 'user', actorId: ANA }),
      reply(30, ANA, { automatic: true }), // not a person (guarded by payload.automatic)
      ev(40, 'message.queued', { actorType: 'system', actorId: null }, { automatic: true }),
      ev(50, 'message.queued', { actorType: 'api_token', actorId: 'token-1' }),
      reply(75, SARA),
    ]);
    expect(cycleFigures(cycle!, null, at(100)).firstResponse?.clock).toBe(75);
    expect(cycle).toMatchObject({ humanReplies: 1, handledByUserIds: [SARA] });
  });

  it('an out-of-hours wait counts in clock time but not in business hours', () => {
    const shop: Schedule = {
      timeZone: 'America/Argentina/Buenos_Aires',
      weekly: { mon: [['09:00', '18:00']], tue: [['09:00', '18:00']], wed: [['09:00', '18:00']], thu: [['09:00', '18:00']], fri: [['09:00', '18:00']], sat: [], sun: [] },
      daysOff: [],
      specialDays: [],
    };
    // Customer at 17:50 (T0 + 8h50m), answered the next day at 09:10: 15h20m of clock time, 20 min of business time.
    const [cycle] = fold([ev(31_800, 'conversation.created'), customer(31_800), reply(31_800 + 55_200, ANA)]);
    expect(cycleFigures(cycle!, shop, at(200_000)).firstResponse).toEqual({ clock: 55_200, business: 1_200 });
  });

  it('a lost conversation: the customer waited and the 24-hour window closed without a human reply', () => {
    const [cycle] = fold([ev(0, 'conversation.created'), customer(0), reply(10, ANA), customer(100), ev(150, 'conversation.queued', {}, { routing: { teamId: 't1' } })]);
    expect(cycleFigures(cycle!, null, at(100 + 23 * 3600))).toMatchObject({ lost: false, lostWaits: 0 });
    expect(cycleFigures(cycle!, null, at(100 + 24 * 3600))).toMatchObject({ lost: true, lostWaits: 1, replies: [{ clock: 10 }] });
    // Resolved without answering also loses it.
    const [resolved] = fold([ev(0, 'conversation.created'), customer(0), ev(60, 'conversation.resolved')]);
    expect(cycleFigures(resolved!, null, at(61))).toMatchObject({ lost: true, firstResponse: null, resolution: { clock: 60 } });
  });

  it('an SLA breach, an escalation and time in queue are counted', () => {
    const [cycle] = fold([
      ev(0, 'conversation.created'),
      customer(0),
      ev(1, 'conversation.queued', {}, { routing: { teamId: 't1' } }),
      ev(3600, 'conversation.sla_breached', {}, { target: 'first_response' }),
      ev(3600, 'conversation.escalated', {}, { priority: 'high', toTeamId: 't-sup' }),
      ev(3700, 'conversation.assigned', {}, { from: null, to: 'm-sara', toTeamId: 't-sup' }),
      reply(3720, SARA),
    ]);
    expect(cycle).toMatchObject({ slaBreaches: 1, escalations: 1, priority: 'high', teamId: 't-sup' });
    expect(cycleFigures(cycle!, null, at(4000))).toMatchObject({ timeInQueue: { clock: 3699 }, timeToAssignment: { clock: 3700 }, firstResponse: { clock: 3720 } });
  });

  it('folding in pieces gives the same cycles as folding at once', () => {
    const events = [ev(0, 'conversation.created'), customer(0), reply(9, ANA), ev(20, 'conversation.resolved'), ev(30, 'conversation.reopened'), customer(31), reply(45, BETO)];
    const whole = fold(events);
    const latest = new Map<string, Cycle>();
    const pieces = new Map<string, Cycle>();
    for (const chunk of [events.slice(0, 2), events.slice(2, 5), events.slice(5)]) for (const [key, cycle] of foldCycles(latest, chunk)) pieces.set(key, structuredClone(cycle));
    expect([...pieces.values()].sort((a, b) => a.cycle - b.cycle)).toEqual(whole);
  });

  it('ignores conversation events whose subject is not a conversation id', () => {
    expect(fold([ev(0, 'conversation.created', { subjectId: 'not-a-uuid' })])).toEqual([]);
  });

  it('summaries give average, median and p90', () => {
    expect(summary([10, 20, 30, 40, 50, 60, 70, 80, 90, 100])).toEqual({ count: 10, average: 55, median: 50, p90: 90 });
    expect(summary([])).toEqual({ count: 0, average: null, median: null, p90: null });
  });
});

describe('rollup from the real event log', () => {
  let t: TestApp;
  let owner: TestClient;
  let channel: Awaited<ReturnType<typeof insertChannel>>;
  let ana: Awaited<ReturnType<typeof addMember>>;
  beforeAll(async () => {
    t = await createTestApp();
    const created = await workspaceWithOwner(t, 'Métricas Sur');
    owner = created.client;
    channel = await insertChannel(t, created.workspace.id);
    ana = await addMember(t, owner, 'agent', 'Ana');
  });
  afterAll(async () => t?.close());

  it('the incremental rollup and a rebuild from the events produce identical cycles', async () => {
    const first = await receiveText(t, channel, '5491160000001', 'Hola, ¿precio?');
    await rollUpMetrics(t.ctx, { settleMs: 0 });
    await ana.client.post(`/api/v1/conversations/${first.conversationId}/take`);
    await ana.client.post(`/api/v1/conversations/${first.conversationId}/messages`, { type: 'text', text: 'Hola! Te paso precios' });
    await ana.client.post(`/api/v1/conversations/${first.conversationId}/messages`, { type: 'text', text: 'nota', private: true });
    await rollUpMetrics(t.ctx, { settleMs: 0 });
    await ana.client.patch(`/api/v1/conversations/${first.conversationId}`, { status: 'resolved' });
    await receiveText(t, channel, '5491160000001', 'Una cosa más');
    await receiveText(t, channel, '5491160000002', 'Otra consulta');
    await t.ctx.routing.idle();
    await rollUpMetrics(t.ctx, { settleMs: 0 });
    const incremental = await t.ctx.db.select().from(metricCycles).orderBy(asc(metricCycles.conversationId), asc(metricCycles.cycle));
    expect(incremental.filter((c) => c.conversationId === first.conversationId).map((c) => c.cycle)).toEqual([1, 2]);
    const cycle1 = incremental.find((c) => c.conversationId === first.conversationId && c.cycle === 1)!;
    expect(cycle1.humanReplies).toBe(1);
    expect(cycle1.firstResponseAt).not.toBeNull();
    expect(cycle1.resolvedAt).not.toBeNull();
    expect(cycle1.handledByUserIds).toEqual([ana.userId]);
    // Folded once: another rollup finds nothing new.
    expect(await rollUpMetrics(t.ctx)).toBe(0);

    await rebuildMetrics(t.ctx, { settleMs: 0 });
    const rebuilt = await t.ctx.db.select().from(metricCycles).orderBy(asc(metricCycles.conversationId), asc(metricCycles.cycle));
    expect(rebuilt).toEqual(incremental);
    // Reply rows mirror the cycles' reply arrays, position by position.
    const raw = (await import('../../db/client.js')).rawExecutorOf(t.ctx.db);
    const replyRows = (await raw.query('select conversation_id, cycle, position, seconds, business_seconds, by_user_id from metric_replies order by 1, 2, 3')).rows;
    const fromArrays = rebuilt.flatMap((c) => c.replyS.map((seconds, i) => ({ conversation_id: c.conversationId, cycle: c.cycle, position: i + 1, seconds, business_seconds: c.replyBs[i], by_user_id: c.replyBy[i] })));
    expect(fromArrays.length).toBeGreaterThan(0);
    expect(replyRows).toEqual(fromArrays);
  });

  it('cards, the agent table and the CSV export of the same filter agree; agents see their own figures', async () => {
    // "Today" in the workspace's time zone (Buenos Aires for a Spanish workspace).
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Argentina/Buenos_Aires' }).format(new Date());
    const query = `from=${today}&to=${today}`;
    const summary = (await owner.get(`/api/v1/metrics/summary?${query}`)).json();
    expect(summary).toMatchObject({ cycles: 3, conversations: { new: 2, reopened: 1, resolved: 1 } });
    const csv = (await owner.get(`/api/v1/metrics/cycles.csv?${query}`)).body;
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).trim().split('\r\n').map((line) => line.split(','));
    const header = lines[0]!;
    const column = (name: string) => lines.slice(1).map((line) => line[header.indexOf(name)]!);
    expect(lines).toHaveLength(1 + summary.cycles);
    const firstResponses = column('first_response_s').filter(Boolean).map(Number);
    expect(firstResponses).toHaveLength(summary.firstResponse.clock.count);
    expect(Math.round(firstResponses.reduce((a, b) => a + b, 0) / firstResponses.length)).toBe(summary.firstResponse.clock.average);
    expect(column('contact')).toContain('Cliente');
    const agents = (await owner.get(`/api/v1/metrics/agents?${query}`)).json().agents;
    expect(agents).toEqual([expect.objectContaining({ memberId: ana.memberId, name: 'Ana', handled: 1, firstResponses: 1, resolvedOwned: 1 })]);
    expect(agents[0].firstResponse.clock.average).toBe(summary.firstResponse.clock.average);
    expect(agents[0].firstResponse.business).toEqual(summary.firstResponse.business);
    const agentsCsv = (await owner.get(`/api/v1/metrics/agents.csv?${query}`)).body;
    expect(agentsCsv).toContain(`Ana,1,1,${summary.firstResponse.clock.average}`);
    // Ana sees her own cycles only: the one she handled. (The reopened cycle left her: she was not
    // online for routing, which hands a returning customer to someone available.)
    const mine = (await ana.client.get(`/api/v1/metrics/summary?${query}`)).json();
    expect(mine.cycles).toBe(1);
    expect((await ana.client.get(`/api/v1/metrics/agents?${query}`)).json().agents.map((a: { name: string }) => a.name)).toEqual(['Ana']);
    expect((await owner.get(`/api/v1/metrics/summary?from=${today}&to=2020-01-01`)).statusCode).toBe(400);
    expect((await owner.get(`/api/v1/metrics/summary?${query}&intent=ninguna`)).json().cycles).toBe(0);
    expect((await owner.get(`/api/v1/metrics/summary?${query}&priority=urgent`)).json().cycles).toBe(0);
    const chart = (await owner.get(`/api/v1/metrics/series?${query}`)).json();
    expect(chart.byDay).toEqual([expect.objectContaining({ date: today, new: 2, reopened: 1, resolved: 1 })]);
    expect(chart.heatmap.reduce((sum: number, cell: { count: number }) => sum + cell.count, 0)).toBe(summary.cycles);
    expect(chart.firstResponseHistogram.reduce((sum: number, b: { count: number }) => sum + b.count, 0)).toBe(summary.firstResponse.clock.count);
    expect((await ana.client.get('/api/v1/metrics/live')).json().agents.map((a: { name: string }) => a.name)).toEqual(['Ana']);
    const live = (await owner.get('/api/v1/metrics/live')).json();
    expect(live).toMatchObject({ open: 2 });
    expect(live.agents.map((a: { name: string }) => a.name)).toContain('Ana');
  });
});

describe('percentiles in SQL', () => {
  let t: TestApp;
  afterAll(async () => t?.close());

  it('cards and the per-agent table give the same count, average, median and p90 as the nearest-rank definition', async () => {
    t = await createTestApp();
    const { workspace, client: owner } = await workspaceWithOwner(t, 'Percentiles');
    const channel = await insertChannel(t, workspace.id);
    const agents = [await addMember(t, owner, 'agent', 'Ana'), await addMember(t, owner, 'agent', 'Beto')];
    // A seeded generator: the same 240 cycles every run, with gaps (nulls) and repeated values.
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const cycles = Array.from({ length: 240 }, (_, i) => {
      const agent = agents[i % 2]!;
      const replies = Array.from({ length: next(4) }, () => next(900));
      return { i, agent, firstResponse: next(5) ? next(3600) : null, resolution: next(3) ? 600 + next(20_000) : null, replies };
    });
    const raw = (await import('../../db/client.js')).rawExecutorOf(t.ctx.db);
    const [{ id: contactId }] = (await raw.query(`insert into contacts (workspace_id, name, wa_id) values ($1, 'Cliente', '5491100000000') returning id`, [workspace.id])).rows as [{ id: string }];
    const [{ id: conversationId }] = (
      await raw.query(`insert into conversations (workspace_id, display_number, channel_id, contact_id) values ($1, 1, $2, $3) returning id`, [workspace.id, channel.channel.id, contactId])
    ).rows as [{ id: string }];
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Argentina/Buenos_Aires' }).format(new Date());
    for (const c of cycles) {
      await raw.query(
        `insert into metric_cycles (conversation_id, cycle, workspace_id, opened_at, cycle_start, first_response_s, first_response_bs, first_responder_user_id,
                                    resolution_s, resolution_bs, resolved_at, reply_s, reply_bs, reply_by, handled_by_user_ids, assignee_membership_id)
         values ($1, $2, $3, now(), now() - interval '1 minute', $4, $4::int / 2, $5, $6, $6, case when $6::int is null then null else now() end, $7, $7, $8, $9, $10)`,
        [conversationId, c.i + 1, workspace.id, c.firstResponse, c.firstResponse === null ? null : c.agent.userId, c.resolution, c.replies, c.replies.map(() => c.agent.userId), c.replies.length ? [c.agent.userId] : [], c.agent.memberId],
      );
      // The reply rows the fold writes beside each cycle (rollup.ts, saveReplies).
      for (const [index, seconds] of c.replies.entries()) {
        await raw.query(
          `insert into metric_replies (conversation_id, cycle, position, workspace_id, cycle_start, seconds, business_seconds, by_user_id) values ($1, $2, $3, $4, now() - interval '1 minute', $5, $5::int / 2, $6)`,
          [conversationId, c.i + 1, index + 1, workspace.id, seconds, c.agent.userId],
        );
      }
    }
    const values = <T>(list: (T | null)[]) => list.filter((v): v is T => v !== null);
    const card = (await owner.get(`/api/v1/metrics/summary?from=${today}&to=${today}`)).json();
    expect(card.cycles).toBe(240);
    expect(card.firstResponse.clock).toEqual(summary(values(cycles.map((c) => c.firstResponse))));
    // Business seconds are half the clock ones here, so the two columns cannot be swapped unnoticed.
    const half = (list: number[]) => list.map((v) => Math.floor(v / 2));
    expect(card.firstResponse.business).toEqual(summary(half(values(cycles.map((c) => c.firstResponse)))));
    expect(card.resolution.clock).toEqual(summary(values(cycles.map((c) => c.resolution))));
    expect(card.replyTime.clock).toEqual(summary(cycles.flatMap((c) => c.replies)));
    expect(card.replyTime.business).toEqual(summary(half(cycles.flatMap((c) => c.replies))));
    const table = (await owner.get(`/api/v1/metrics/agents?from=${today}&to=${today}`)).json().agents;
    for (const agent of agents) {
      const mine = cycles.filter((c) => c.agent === agent);
      expect(table.find((row: { memberId: string }) => row.memberId === agent.memberId)).toEqual({
        memberId: agent.memberId,
        name: agent === agents[0] ? 'Ana' : 'Beto',
        handled: mine.filter((c) => c.replies.length).length,
        firstResponses: values(mine.map((c) => c.firstResponse)).length,
        firstResponse: { clock: summary(values(mine.map((c) => c.firstResponse))), business: summary(half(values(mine.map((c) => c.firstResponse)))) },
        replies: mine.flatMap((c) => c.replies).length,
        replyTime: { clock: summary(mine.flatMap((c) => c.replies)), business: summary(half(mine.flatMap((c) => c.replies))) },
        resolvedOwned: values(mine.map((c) => c.resolution)).length,
      });
    }
  });
});

describe('CSV', () => {
  it('keeps a customer-controlled name that looks like a formula as text', async () => {
    const { toCsv } = await import('./reports.js');
    expect(toCsv(['contact', 'n'], [['=HYPERLINK("x")', -1], ['Ana, "la" jefa', 2]])).toBe('\uFEFFcontact,n\r\n"\'=HYPERLINK(""x"")",-1\r\n"Ana, ""la"" jefa",2\r\n');
  });
});
