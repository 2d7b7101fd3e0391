import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import type { TestClient } from '../../../test/support/client.js';
import { addMember, insertChannel, workspaceWithOwner } from '../../../test/support/factories.js';
import { receiveText } from '../../../test/support/webhooks.js';
import { rawExecutorOf } from '../../db/client.js';
import type { FoldEvent } from './fold-cycles.js';
import { foldLoad, type LoadState, type MemberSpan } from './fold-load.js';
import { bucketsOf, loadReport } from './load-report.js';
import { rebuildMetrics, rollUpMetrics } from './rollup.js';

const W = '00000000-0000-4000-8000-000000000001';
const C = '00000000-0000-4000-8000-00000000000c';
const ANA = '00000000-0000-4000-8000-0000000000a1';
const BETO = '00000000-0000-4000-8000-0000000000b1';
const TEAM = '00000000-0000-4000-8000-0000000000f1';
let id = 0;
const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 12, minute));
const event = (type: string, subjectId: string, minute: number, payload: Record<string, unknown> = {}): FoldEvent => ({
  id: ++id,
  workspaceId: W,
  type,
  actorType: 'system',
  actorId: null,
  subjectType: type.startsWith('member.') ? 'member' : 'conversation',
  subjectId,
  payload,
  createdAt: at(minute),
});

describe('load fold', () => {
  it('cuts a conversation into spans at each change of owner, team or state, and folding in pieces equals folding at once', () => {
    const events = [
      event('conversation.created', C, 0),
      event('message.received', C, 0),
      event('conversation.queued', C, 1, { routing: { teamId: TEAM } }),
      event('conversation.assigned', C, 5, { from: null, to: ANA }),
      event('conversation.tagged', C, 6),
      event('conversation.assigned', C, 20, { from: ANA, to: BETO, handoff: true }),
      event('conversation.status_changed', C, 30, { from: 'open', to: 'snoozed' }),
      event('conversation.woken', C, 40),
      event('conversation.resolved', C, 50),
      event('conversation.reopened', C, 55),
    ];
    const whole = foldLoad(new Map(), new Map(), events);
    const spans = whole.spans.map((s) => [s.startedAt.getUTCMinutes(), s.endedAt?.getUTCMinutes() ?? null, s.membershipId, s.teamId]);
    expect(spans).toEqual([
      [0, 1, null, null],
      [1, 5, null, TEAM],
      [5, 20, ANA, TEAM],
      [20, 30, BETO, TEAM],
      [40, 50, BETO, TEAM],
      [55, null, BETO, TEAM],
    ]);
    // In three batches, carrying the state between them as the rollup does through the database.
    const states = new Map<string, LoadState>();
    const open = new Map<string, MemberSpan>();
    const pieces = [events.slice(0, 4), events.slice(4, 7), events.slice(7)].map((batch) => foldLoad(states, open, batch).spans);
    const merged = new Map(pieces.flat().map((s) => [`${s.conversationId}@${s.startedAt.toISOString()}`, s]));
    expect([...merged.values()]).toEqual(whole.spans);
  });

  it('keeps time on shift and online per member; idle ends online at the moment the agent went idle', () => {
    const idleAt = at(25).toISOString();
    const { memberSpans } = foldLoad(new Map(), new Map(), [
      event('member.shift_started', ANA, 0, { at: at(0).toISOString() }),
      event('member.availability_changed', ANA, 2, { status: 'online' }),
      event('member.availability_changed', ANA, 3, { status: 'online' }),
      event('member.availability_changed', ANA, 30, { status: 'away', reason: 'idle', at: idleAt }),
      event('member.availability_changed', ANA, 35, { status: 'online', reason: 'activity' }),
      event('member.shift_ended', ANA, 45, { at: at(45).toISOString() }),
      event('member.deactivated', ANA, 50),
    ]);
    expect(memberSpans.map((s) => [s.kind, s.startedAt.getUTCMinutes(), s.endedAt?.getUTCMinutes() ?? null])).toEqual([
      ['on_shift', 0, 45],
      ['online', 2, 25],
      ['online', 35, 50],
    ]);
  });
});

describe('load buckets', () => {
  it('start every day at its local midnight, also after a day whose midnight DST skipped (Santiago, 6 Sep 2026)', () => {
    // 2026-09-05 00:00 in Santiago (UTC−4) to 2026-09-08 00:00 (UTC−3).
    const { labels, boundaries } = bucketsOf(new Date('2026-09-05T04:00:00Z'), new Date('2026-09-08T03:00:00Z'), 'America/Santiago', 'day');
    expect(labels).toEqual(['2026-09-05', '2026-09-06', '2026-09-07']);
    // The 6th begins at 01:00 (midnight does not exist), the 7th again at 00:00 (03:00Z).
    expect(boundaries.map((at) => at.toISOString())).toEqual(['2026-09-05T04:00:00.000Z', '2026-09-06T04:00:00.000Z', '2026-09-07T03:00:00.000Z', '2026-09-08T03:00:00.000Z']);
  });
});

describe('load report', () => {
  let t: TestApp;
  let owner: TestClient;
  let workspaceId: string;
  let ana: Awaited<ReturnType<typeof addMember>>;
  let channel: Awaited<ReturnType<typeof insertChannel>>;
  beforeAll(async () => {
    t = await createTestApp();
    const created = await workspaceWithOwner(t, 'Carga');
    owner = created.client;
    workspaceId = created.workspace.id;
    channel = await insertChannel(t, workspaceId);
    ana = await addMember(t, owner, 'agent', 'Ana');
  });
  afterAll(async () => t?.close());

  it('averages load per hour against the capacity on shift, and sums time on shift, online and both, in exact seconds', async () => {
    // 2026-06-10 in Buenos Aires (UTC−3): 09:00 local is 12:00Z. No conversation of this workspace exists that day.
    const raw = rawExecutorOf(t.ctx.db);
    const z = (hhmm: string) => `2026-06-10T${hhmm}:00Z`;
    const c1 = '00000000-0000-4000-8000-0000000000c1';
    const c2 = '00000000-0000-4000-8000-0000000000c2';
    const spans: [string, string, string | null, string | null][] = [
      [c1, z('12:00'), z('12:30'), ana.memberId], // Ana owns c1 for 30 min
      [c1, z('12:30'), z('13:15'), null], // then nobody, 45 min
      [c2, z('12:45'), null, ana.memberId], // and c2 from 12:45 on, still open
    ];
    for (const [conversationId, startedAt, endedAt, membershipId] of spans) {
      await raw.query('insert into metric_load_spans (conversation_id, started_at, ended_at, workspace_id, membership_id) values ($1, $2, $3, $4, $5)', [conversationId, startedAt, endedAt, workspaceId, membershipId]);
    }
    await raw.query(`insert into metric_member_spans (membership_id, kind, started_at, ended_at, workspace_id) values ($1, 'on_shift', $2, $3, $4), ($1, 'online', $5, $6, $4), ($1, 'online', $7, null, $4)`, [
      ana.memberId,
      z('12:00'),
      z('14:00'),
      workspaceId,
      z('11:30'),
      z('12:20'),
      z('13:40'),
    ]);
    await raw.query('update memberships set capacity = 4 where id = $1', [ana.memberId]);
    const now = new Date(z('14:30'));
    const load = await loadReport(t.ctx.db, workspaceId, { from: '2026-06-10', to: '2026-06-10', memberId: ana.memberId }, now);
    expect(load.granularity).toBe('hour');
    // Buckets run from 00:00 local to now (11:30 local): 12 hours.
    expect(load.series).toHaveLength(12);
    const hour = (label: string) => load.series.find((point) => point.at === `2026-06-10T${label}`)!;
    // Filtered by Ana: her spans only. 09:00–10:00 local: c1 30 min + c2 15 min = 0.75.
    expect(hour('09:00')).toEqual({ at: '2026-06-10T09:00', open: 0.75, assigned: 0.75, capacity: 4 });
    expect(hour('10:00')).toEqual({ at: '2026-06-10T10:00', open: 1, assigned: 1, capacity: 4 });
    // Her shift ended at 11:00 local.
    expect(hour('11:00')).toEqual({ at: '2026-06-10T11:00', open: 1, assigned: 1, capacity: 0 });
    expect(hour('08:00')).toEqual({ at: '2026-06-10T08:00', open: 0, assigned: 0, capacity: 0 });
    const [row] = load.agents;
    // Owned: 30 min + 105 min (12:45 → now) over 11.5 h.
    expect(row).toEqual({ memberId: ana.memberId, name: 'Ana', capacity: 4, averageOpen: Math.round(((135 * 60) / (11.5 * 3600)) * 100) / 100, onShiftSeconds: 7200, onlineSeconds: 50 * 60 + 50 * 60, availableSeconds: 20 * 60 + 20 * 60 });

    // The whole workspace: the unowned stretch counts as open, not as assigned.
    const all = await loadReport(t.ctx.db, workspaceId, { from: '2026-06-10', to: '2026-06-10' }, now);
    expect(all.series.find((point) => point.at === '2026-06-10T09:00')).toMatchObject({ open: 1.25, assigned: 0.75 });
    expect(all.series.find((point) => point.at === '2026-06-10T10:00')).toMatchObject({ open: 1.25, assigned: 1 });
    // Over 7 days the buckets are days.
    expect((await loadReport(t.ctx.db, workspaceId, { from: '2026-06-01', to: '2026-06-10' }, now)).granularity).toBe('day');
    await raw.query('delete from metric_load_spans where workspace_id = $1', [workspaceId]);
    await raw.query('delete from metric_member_spans where workspace_id = $1', [workspaceId]);
  });

  it('folds a real flow: a taken conversation is Ana’s load until resolved; idle and shift events come from the routing timer; rebuild gives the same spans', async () => {
    const { conversationId } = await receiveText(t, channel, '5491170000001', 'Hola, ¿tienen stock?');
    await t.ctx.routing.idle();
    expect((await ana.client.post(`/api/v1/conversations/${conversationId}/take`)).statusCode).toBe(200);
    await ana.client.put('/api/v1/me/status', { status: 'online' });
    expect((await ana.client.patch(`/api/v1/conversations/${conversationId}`, { status: 'resolved' })).statusCode).toBe(200);
    // Ana went idle 10 minutes after her last activity: the timer records it once, at that moment.
    const later = new Date(Date.now() + 11 * 60_000);
    await t.ctx.routing.tick(later);
    await t.ctx.routing.tick(later);
    const raw = rawExecutorOf(t.ctx.db);
    const idle = (await raw.query(`select payload from events where subject_id = $1 and type = 'member.availability_changed' and payload->>'reason' = 'idle'`, [ana.memberId])).rows as { payload: { at: string } }[];
    expect(idle).toHaveLength(1);
    expect((await raw.query(`select count(*)::int as n from events where subject_id = $1 and type = 'member.shift_started'`, [ana.memberId])).rows).toEqual([{ n: 1 }]);
    await rollUpMetrics(t.ctx, { settleMs: 0 });
    type SpanRow = { conversation_id?: string; membership_id: string | null; kind?: string; ended_at: string | Date | null };
    const spansOf = async () =>
      ((await raw.query('select conversation_id, started_at, ended_at, membership_id, team_id from metric_load_spans where workspace_id = $1 order by conversation_id, started_at', [workspaceId])).rows as SpanRow[]).concat(
        (await raw.query('select membership_id, kind, started_at, ended_at from metric_member_spans where workspace_id = $1 order by membership_id, kind, started_at', [workspaceId])).rows as SpanRow[],
      );
    const incremental = await spansOf();
    const owned = incremental.filter((row) => row.conversation_id === conversationId && row.membership_id === ana.memberId);
    expect(owned).toHaveLength(1);
    expect(owned[0]!.ended_at).not.toBeNull();
    const online = incremental.filter((row) => row.membership_id === ana.memberId && row.kind === 'online');
    expect(online).toHaveLength(1);
    expect(new Date(online[0]!.ended_at!).getTime()).toBe(new Date(idle[0]!.payload.at).getTime());
    await rebuildMetrics(t.ctx, { settleMs: 0 });
    expect(await spansOf()).toEqual(incremental);

    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Argentina/Buenos_Aires' }).format(new Date());
    const realNow = t.ctx.now;
    t.ctx.now = () => later;
    const load = (await owner.get(`/api/v1/metrics/load?from=${today}&to=${today}`)).json();
    t.ctx.now = realNow;
    // Online from her status change until she went idle ten minutes after it.
    expect(Math.abs(load.agents.find((row: { memberId: string }) => row.memberId === ana.memberId).onlineSeconds - 600)).toBeLessThanOrEqual(1);
    // An agent sees only their own row.
    const mine = (await ana.client.get(`/api/v1/metrics/load?from=${today}&to=${today}`)).json();
    expect(mine.agents.map((row: { name: string }) => row.name)).toEqual(['Ana']);
    expect((await owner.get(`/api/v1/metrics/load?from=${today}&to=2020-01-01`)).statusCode).toBe(400);

    // A supervisor setting her offline ends her time online too.
    expect((await owner.patch(`/api/v1/routing/agents/${ana.memberId}`, { status: 'offline' })).statusCode).toBe(200);
    const setByAdmin = (await raw.query(`select payload from events where subject_id = $1 and type = 'member.availability_changed' and payload->>'reason' = 'set_by_admin'`, [ana.memberId])).rows as { payload: { status: string } }[];
    expect(setByAdmin.map((row) => row.payload.status)).toEqual(['offline']);
    // Deactivated, her shift ends; reactivated, the timer sees her shift start again.
    expect((await owner.patch(`/api/v1/members/${ana.memberId}`, { status: 'deactivated' })).statusCode).toBe(200);
    expect((await owner.patch(`/api/v1/members/${ana.memberId}`, { status: 'active' })).statusCode).toBe(200);
    await t.ctx.routing.tick(new Date(later.getTime() + 60_000));
    await rollUpMetrics(t.ctx, { settleMs: 0 });
    const shifts = (await raw.query(`select started_at, ended_at from metric_member_spans where membership_id = $1 and kind = 'on_shift' order by started_at`, [ana.memberId])).rows as { ended_at: Date | null }[];
    expect(shifts.map((span) => span.ended_at === null)).toEqual([false, true]);
  });
});
