import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import type { TestClient } from '../../../test/support/client.js';
import { addMember, insertChannel, workspaceWithOwner } from '../../../test/support/factories.js';
import { receiveText } from '../../../test/support/webhooks.js';
import { conversations, conversationTags, events, memberships, messages, notifications, tags } from '../../db/schema.js';

let t: TestApp;
let owner: TestClient;
let workspaceId: string;
let channel: Awaited<ReturnType<typeof insertChannel>>;
type Member = Awaited<ReturnType<typeof addMember>>;
let ana: Member;
let beto: Member;
let caro: Member;
let sara: Member;
let team: Record<'Ventas' | 'Soporte' | 'Supervisores', string>;
let phone = 5491150000000;

const settle = async () => {
  await new Promise((resolve) => setImmediate(resolve));
  await t.ctx.routing.idle();
};
const customer = async (text: string, waId = String(++phone)) => {
  const received = await receiveText(t, channel, waId, text, `Cliente ${waId.slice(-3)}`);
  await settle();
  return { ...received, waId };
};
const row = async (id: string) => (await t.ctx.db.select().from(conversations).where(eq(conversations.id, id)))[0]!;
const eventsOf = async (id: string, type: string) =>
  t.ctx.db.select().from(events).where(and(eq(events.subjectType, 'conversation'), eq(events.subjectId, id), eq(events.type, type))).orderBy(asc(events.id));
const online = async (...members: Member[]) => {
  for (const member of members) expect((await member.client.put('/api/v1/me/status', { status: 'online' })).statusCode).toBe(200);
};
const setTeam = async (name: keyof typeof team, members: Member[]) => {
  const response = await owner.patch(`/api/v1/teams/${team[name]}`, { memberIds: members.map((m) => m.memberId) });
  expect(response.statusCode).toBe(200);
};
/** Everyone's open conversations resolved, so each test starts with free capacity. */
const resolveAll = async () => {
  await t.ctx.db.update(conversations).set({ status: 'resolved', resolvedAt: new Date(), needsRouting: false }).where(eq(conversations.workspaceId, workspaceId));
};

beforeAll(async () => {
  t = await createTestApp();
  const created = await workspaceWithOwner(t, 'Ruteo Sur');
  owner = created.client;
  workspaceId = created.workspace.id;
  channel = await insertChannel(t, workspaceId);
  ana = await addMember(t, owner, 'agent', 'Ana');
  beto = await addMember(t, owner, 'agent', 'Beto');
  caro = await addMember(t, owner, 'agent', 'Caro');
  sara = await addMember(t, owner, 'supervisor', 'Sara');
  const teams = (await owner.get('/api/v1/teams')).json().teams as { id: string; name: string }[];
  team = Object.fromEntries(teams.map((x) => [x.name, x.id])) as typeof team;
  expect(Object.keys(team).sort()).toEqual(['Soporte', 'Supervisores', 'Ventas']);
  await setTeam('Ventas', [ana, beto]);
  await setTeam('Soporte', [caro]);
  await setTeam('Supervisores', [sara]);
});
afterAll(async () => t?.close());
beforeEach(async () => {
  t.ctx.now = () => new Date();
  await resolveAll();
  await online(ana, beto, caro, sara);
});

describe('assignment by the default rules', () => {
  it('a sales question goes to Ventas by round-robin, with the reason and who was skipped', async () => {
    await beto.client.put('/api/v1/me/status', { status: 'offline' });
    const { conversationId } = await customer('Hola! ¿Cuál es el precio del plan anual?');
    const conversation = await row(conversationId);
    expect(conversation).toMatchObject({ teamId: team.Ventas, assigneeMembershipId: ana.memberId, intent: 'compra', needsRouting: false });
    const [assigned] = await eventsOf(conversationId, 'conversation.assigned');
    expect(assigned!.payload).toMatchObject({
      via: 'routing',
      to: ana.memberId,
      routing: { ruleNames: ['Ventas'], teamName: 'Ventas', strategy: 'round_robin', assignee: { name: 'Ana', open: 1, capacity: 8 }, skipped: [{ name: 'Beto', reason: 'offline' }] },
    });
    // Ana is told; the timeline shows the decision.
    const notified = await t.ctx.db.select().from(notifications).where(and(eq(notifications.membershipId, ana.memberId), eq(notifications.conversationId, conversationId)));
    expect(notified.map((n) => n.kind)).toContain('assigned');
    const activity = (await owner.get(`/api/v1/conversations/${conversationId}/activity`)).json().activity as { type: string; payload: { via?: string } }[];
    expect(activity.find((item) => item.type === 'conversation.assigned')?.payload.via).toBe('routing');

    // Beto back: the next two go Beto, Ana (the pointer moves on, in the database).
    await online(beto);
    const second = await customer('Quiero comprar dos');
    const third = await customer('Pasame precios');
    expect((await row(second.conversationId)).assigneeMembershipId).toBe(beto.memberId);
    expect((await row(third.conversationId)).assigneeMembershipId).not.toBe((await row(second.conversationId)).assigneeMembershipId);
  });

  it('round-robin stays fair over 60 conversations and two agents, and least-loaded respects capacity', async () => {
    const assigned = [];
    for (let i = 0; i < 60; i++) assigned.push((await row((await customer(`precio ${i}`)).conversationId)).assigneeMembershipId);
    const anaCount = assigned.filter((id) => id === ana.memberId).length;
    const betoCount = assigned.filter((id) => id === beto.memberId).length;
    expect(anaCount + betoCount).toBe(16); // capacity 8 each; the rest wait in the queue
    expect(Math.abs(anaCount - betoCount)).toBeLessThanOrEqual(1);
    const queued = (await owner.get('/api/v1/routing/queue')).json().queues as { teamName: string; waiting: number; available: number }[];
    expect(queued.find((q) => q.teamName === 'Ventas')).toMatchObject({ waiting: 44, available: 0 });
  });

  it('no team matched: by default anyone available takes it; set to wait, it waits in Unassigned and the timeline says why', async () => {
    const first = await customer('Hola, buen día');
    const taken = await row(first.conversationId);
    expect(taken.teamId).toBeNull();
    expect([ana, beto, caro, sara].map((m) => m.memberId)).toContain(taken.assigneeMembershipId);
    expect((await eventsOf(first.conversationId, 'conversation.assigned'))[0]!.payload).toMatchObject({ routing: { teamId: null, strategy: 'least_loaded', fallback: 'no_team' } });
    expect((await owner.patch('/api/v1/routing/settings', { unmatched: 'wait' })).json()).toMatchObject({ unmatched: 'wait' });
    const { conversationId } = await customer('Hola, buenas tardes');
    expect(await row(conversationId)).toMatchObject({ teamId: null, assigneeMembershipId: null });
    expect((await eventsOf(conversationId, 'conversation.queued'))[0]!.payload).toMatchObject({ routing: { teamId: null, strategy: 'queue' } });
    // A new rule that covers it: the waiting conversation is classified again and assigned.
    const rule = await owner.post('/api/v1/routing/rules', { name: 'Saludos', conditions: [{ kind: 'text', values: ['buenas tardes'] }], actions: { teamId: team.Soporte } });
    expect(rule.statusCode).toBe(201);
    await settle();
    expect(await row(conversationId)).toMatchObject({ teamId: team.Soporte, assigneeMembershipId: caro.memberId });
    expect(await eventsOf(conversationId, 'conversation.queued')).toHaveLength(1);
    expect((await eventsOf(conversationId, 'conversation.assigned'))[0]!.payload).toMatchObject({ routing: { ruleNames: ['Saludos'], teamName: 'Soporte' } });
    await owner.delete(`/api/v1/routing/rules/${rule.json().id}`);
    // Back to anyone: the waiting one without a team is assigned on the next look.
    const waiting = await customer('Hola otra vez');
    expect((await row(waiting.conversationId)).assigneeMembershipId).toBeNull();
    expect((await owner.patch('/api/v1/routing/settings', { unmatched: 'anyone' })).statusCode).toBe(200);
    await settle();
    expect((await row(waiting.conversationId)).assigneeMembershipId).not.toBeNull();
  });
});

describe('the queue', () => {
  it('all agents full → queued in priority order → one resolves → the oldest urgent one is assigned to them within a second', async () => {
    await owner.patch(`/api/v1/routing/agents/${caro.memberId}`, { capacity: 1 });
    const first = await customer('La app no funciona');
    expect((await row(first.conversationId)).assigneeMembershipId).toBe(caro.memberId);
    const normal = await customer('Tengo un problema con la factura');
    const urgentOld = await customer('URGENTE: no funciona el login');
    const urgentNew = await customer('ayuda urgente por favor');
    for (const waiting of [normal, urgentOld, urgentNew]) expect(await row(waiting.conversationId)).toMatchObject({ teamId: team.Soporte, assigneeMembershipId: null });
    expect((await row(urgentOld.conversationId)).priority).toBe('urgent');
    const [queued] = await eventsOf(normal.conversationId, 'conversation.queued');
    expect(queued!.payload).toMatchObject({ routing: { teamName: 'Soporte', skipped: [{ name: 'Caro', reason: 'at_capacity' }] } });

    const started = performance.now();
    expect((await caro.client.patch(`/api/v1/conversations/${first.conversationId}`, { status: 'resolved' })).statusCode).toBe(200);
    await settle();
    const elapsed = performance.now() - started;
    expect((await row(urgentOld.conversationId)).assigneeMembershipId).toBe(caro.memberId);
    expect(elapsed).toBeLessThan(1000);
    expect((await row(urgentNew.conversationId)).assigneeMembershipId).toBeNull();
    expect((await row(normal.conversationId)).assigneeMembershipId).toBeNull();
    const [drained] = await eventsOf(urgentOld.conversationId, 'conversation.assigned');
    expect(drained!.payload).toMatchObject({ via: 'routing', routing: { trigger: 'queue', assignee: { name: 'Caro', open: 1, capacity: 1 } } });
    await owner.patch(`/api/v1/routing/agents/${caro.memberId}`, { capacity: null });
  });

  it('an agent coming back online, or a team gaining a member, drains the queue; "queue only" waits for a member to take it', async () => {
    await caro.client.put('/api/v1/me/status', { status: 'away' });
    const waiting = await customer('No funciona nada');
    expect((await row(waiting.conversationId)).assigneeMembershipId).toBeNull();
    await online(caro);
    await settle();
    expect((await row(waiting.conversationId)).assigneeMembershipId).toBe(caro.memberId);

    await owner.patch(`/api/v1/teams/${team.Soporte}/routing`, { defaultStrategy: 'queue' });
    const rule = (await owner.get('/api/v1/routing/rules')).json().rules.find((r: { name: string }) => r.name === 'Soporte');
    await owner.patch(`/api/v1/routing/rules/${rule.id}`, { actions: { ...rule.actions, strategy: 'queue' } });
    const manual = await customer('Tengo un problema');
    expect(await row(manual.conversationId)).toMatchObject({ teamId: team.Soporte, assigneeMembershipId: null, routingStrategy: 'queue' });
    await owner.patch(`/api/v1/routing/rules/${rule.id}`, { actions: rule.actions });
    await owner.patch(`/api/v1/teams/${team.Soporte}/routing`, { defaultStrategy: 'round_robin' });
  });
});

describe('escalation', () => {
  it('Spanish requests for a person, legal or money matters, with or without accents, go to the supervisors tagged "Requiere humano"', async () => {
    for (const text of ['Quiero hablar con una persona', 'quiero la devolucion del dinero YA', 'Voy a llamar a mi abogado']) {
      const { conversationId } = await customer(text);
      const conversation = await row(conversationId);
      expect(conversation, text).toMatchObject({ teamId: team.Supervisores, priority: 'high', assigneeMembershipId: sara.memberId });
      const tagged = await t.ctx.db.select({ name: tags.name }).from(conversationTags).innerJoin(tags, eq(tags.id, conversationTags.tagId)).where(eq(conversationTags.conversationId, conversationId));
      expect(tagged.map((x) => x.name)).toContain('Requiere humano');
      expect((await eventsOf(conversationId, 'conversation.escalated'))[0]!.payload).toMatchObject({ reason: 'rule' });
    }
  });

  it('a later message escalates an owned conversation once per rule: tagged, high, owner and supervisors told, owner and team kept', async () => {
    const later = await customer('Hola, quería el precio');
    const before = await row(later.conversationId);
    expect(before).toMatchObject({ teamId: team.Ventas, priority: 'normal' });
    const ownerId = before.assigneeMembershipId!;
    await receiveText(t, channel, later.waId, 'Mejor quiero hablar con un humano');
    await settle();
    await receiveText(t, channel, later.waId, 'con un humano por favor, hablar con un humano');
    await settle();
    // Re-routing an owned conversation to another team stays its owner's or a supervisor's hand-off.
    expect(await row(later.conversationId)).toMatchObject({ teamId: team.Ventas, assigneeMembershipId: ownerId, priority: 'high' });
    const escalations = await eventsOf(later.conversationId, 'conversation.escalated');
    expect(escalations).toHaveLength(1);
    expect(escalations[0]!.payload).toMatchObject({ reason: 'rule', via: 'routing', trigger: 'customer_message', ruleNames: ['Pide hablar con una persona'], text: 'Mejor quiero hablar con un humano', fromTeamId: team.Ventas, toTeamId: team.Ventas });
    const tagged = await t.ctx.db.select({ name: tags.name }).from(conversationTags).innerJoin(tags, eq(tags.id, conversationTags.tagId)).where(eq(conversationTags.conversationId, later.conversationId));
    expect(tagged.map((x) => x.name)).toContain('Requiere humano');
    const told = await t.ctx.db.select({ membershipId: notifications.membershipId }).from(notifications).where(and(eq(notifications.conversationId, later.conversationId), eq(notifications.kind, 'escalated')));
    expect(told.map((n) => n.membershipId)).toEqual(expect.arrayContaining([ownerId, sara.memberId]));
    // Another trigger in the same cycle escalates again, once.
    await receiveText(t, channel, later.waId, 'Si no me atienden llamo a mi abogado');
    await settle();
    await receiveText(t, channel, later.waId, 'mi abogado ya está al tanto');
    await settle();
    const again = await eventsOf(later.conversationId, 'conversation.escalated');
    expect(again.map((e) => (e.payload as { ruleNames: string[] }).ruleNames)).toEqual([['Pide hablar con una persona'], ['Consultas legales o de dinero']]);
  });

  it('"Tengo un reclamo" as the third message raises the priority to urgent, says why, tells the owner, and never re-raises what a person lowered', async () => {
    const { conversationId, waId } = await customer('Hola, quería el precio de la mesa');
    await receiveText(t, channel, waId, '¿Hacen envíos?');
    await settle();
    const ownerId = (await row(conversationId)).assigneeMembershipId!;
    expect((await row(conversationId)).priority).toBe('normal');
    await receiveText(t, channel, waId, 'Tengo un reclamo sobre mi pedido anterior');
    await settle();
    expect(await row(conversationId)).toMatchObject({ priority: 'urgent', teamId: team.Ventas, assigneeMembershipId: ownerId });
    const raised = await eventsOf(conversationId, 'conversation.priority_changed');
    expect(raised).toHaveLength(1);
    expect(raised[0]!.payload).toMatchObject({ from: 'normal', to: 'urgent', via: 'routing', trigger: 'customer_message', ruleNames: ['Palabras urgentes'], text: 'Tengo un reclamo sobre mi pedido anterior' });
    const told = await t.ctx.db.select().from(notifications).where(and(eq(notifications.conversationId, conversationId), eq(notifications.kind, 'priority_raised')));
    expect(told.map((n) => n.membershipId)).toEqual([ownerId]);
    // The owner lowers it; the customer writes on (the complaint is still in this cycle's texts): it stays lowered.
    const person = ownerId === ana.memberId ? ana : beto;
    expect((await person.client.patch(`/api/v1/conversations/${conversationId}`, { priority: 'normal' })).statusCode).toBe(200);
    await receiveText(t, channel, waId, 'Gracias, espero');
    await settle();
    expect((await row(conversationId)).priority).toBe('normal');
    expect(await eventsOf(conversationId, 'conversation.priority_changed')).toHaveLength(2);
    // The timeline explains it like any other decision.
    const activity = (await person.client.get(`/api/v1/conversations/${conversationId}/activity`)).json();
    expect(JSON.stringify(activity)).toContain('Palabras urgentes');
  });
});

describe('rules through the API', () => {
  it('refuses bad rules naming the field, saves good ones in order, and a rule change re-routes the queue', async () => {
    const bad = await owner.post('/api/v1/routing/rules', { name: 'Roto', conditions: [{ kind: 'text', mode: 'regex', values: ['(sin cerrar'] }], actions: {} });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields[0].path).toBe('body.conditions.0.values.0');
    const foreign = await owner.post('/api/v1/routing/rules', { name: 'Ajeno', conditions: [], actions: { teamId: '00000000-0000-4000-8000-000000000000' } });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.details.fields[0].path).toBe('body.actions.teamId');
    const agentTry = await ana.client.post('/api/v1/routing/rules', { name: 'x', conditions: [], actions: {} });
    expect(agentTry.statusCode).toBe(403);

    const before = (await owner.get('/api/v1/routing/rules')).json().rules as { id: string }[];
    const created = await owner.post('/api/v1/routing/rules', { name: 'Mayoristas', position: 0, conditions: [{ kind: 'text', values: ['mayorista'] }], actions: { teamId: team.Ventas, strategy: 'least_loaded', priority: 'high' } });
    expect(created.statusCode).toBe(201);
    const after = (await owner.get('/api/v1/routing/rules')).json().rules as { id: string; name: string; position: number }[];
    expect(after.map((r) => r.id)).toEqual([created.json().id, ...before.map((r) => r.id)]);
    const { conversationId } = await customer('Soy mayorista, quiero precios');
    const conversation = await row(conversationId);
    expect(conversation).toMatchObject({ teamId: team.Ventas, priority: 'high', routingStrategy: 'least_loaded' });
    expect((await eventsOf(conversationId, 'conversation.assigned'))[0]!.payload).toMatchObject({ routing: { ruleNames: ['Mayoristas', 'Ventas'], strategy: 'least_loaded' } });

    const reordered = await owner.put('/api/v1/routing/rules/order', { ids: [...before.map((r) => r.id), created.json().id] });
    expect(reordered.statusCode).toBe(200);
    expect((await owner.put('/api/v1/routing/rules/order', { ids: [created.json().id] })).statusCode).toBe(400);
    expect((await owner.delete(`/api/v1/routing/rules/${created.json().id}`)).statusCode).toBe(204);
  });

  it('"Probar reglas" replays recent conversations through a draft and changes nothing', async () => {
    await customer('Necesito una cotización');
    await customer('Sigue sin funcionar, no funciona');
    const draft = [{ name: 'Todo a Soporte', conditions: [], actions: { teamId: team.Soporte, strategy: 'round_robin' } }];
    const countBefore = (await t.ctx.db.select({ id: conversations.id }).from(conversations).where(eq(conversations.teamId, team.Soporte))).length;
    const result = await owner.post('/api/v1/routing/rules/test', { rules: draft, days: 1 });
    expect(result.statusCode).toBe(200);
    const body = result.json();
    expect(body.total).toBeGreaterThanOrEqual(2);
    expect(body.byTeam).toEqual([{ id: team.Soporte, name: 'Soporte', count: body.total }]);
    expect(body.byAgent).toEqual([{ id: caro.memberId, name: 'Caro', count: body.total }]);
    expect(body.rows.every((r: { ruleNames: string[] }) => r.ruleNames[0] === 'Todo a Soporte')).toBe(true);
    const saved = (await owner.post('/api/v1/routing/rules/test', { days: 1 })).json();
    const cotizacion = saved.rows.find((r: { text: string }) => r.text === 'Necesito una cotización');
    expect(cotizacion).toMatchObject({ teamName: 'Ventas', ruleNames: ['Ventas'] });
    expect(saved.byRule.find((r: { name: string }) => r.name === 'Ventas').count).toBeGreaterThan(0);
    expect((await t.ctx.db.select({ id: conversations.id }).from(conversations).where(eq(conversations.teamId, team.Soporte))).length).toBe(countBefore);
    // An escalating rule sends it to the supervisors with high priority, as the router would.
    const escalating = (await owner.post('/api/v1/routing/rules/test', { rules: [{ name: 'Todo escala', conditions: [], actions: { escalate: true } }], days: 1, limit: 1 })).json();
    expect(escalating).toMatchObject({ total: 1, limited: true, byTeam: [{ name: 'Supervisores', count: 1 }], rows: [{ priority: 'high', escalate: true }] });
    // The suggested rules are not added twice.
    const count = (await owner.get('/api/v1/routing/rules')).json().rules.length;
    expect((await owner.post('/api/v1/routing/rules/defaults')).json().rules).toHaveLength(count);
    expect((await owner.patch(`/api/v1/channels/${channel.channel.id}/routing`, {})).statusCode).toBe(400);
    const invalid = await owner.post('/api/v1/routing/rules/test', { rules: [{ name: 'x', conditions: [{ kind: 'text', mode: 'regex', values: ['[a-'] }], actions: {} }] });
    expect(invalid.json().error.details.fields[0].path).toBe('body.rules.0.conditions.0.values.0');
  });
});

/** A clock the test moves: routing, shifts and SLA read ctx.now(). */
const setClock = (date: Date) => {
  t.ctx.now = () => date;
};

describe('shifts', () => {
  it('shift end: keep, return to the queue, or reassign with an automatic hand-off note', async () => {
    // Wednesday 2 Dec 2026 in Mexico City (UTC-6): Beto works 09–17, Ana all day.
    const allDay = { timeZone: 'America/Mexico_City', weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]])) };
    const office = { timeZone: 'America/Mexico_City', weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['09:00', '17:00']]])) };
    expect((await owner.patch(`/api/v1/routing/agents/${ana.memberId}`, { shift: allDay })).statusCode).toBe(200);
    expect((await owner.patch(`/api/v1/routing/agents/${beto.memberId}`, { shift: office })).statusCode).toBe(200);
    const conversationsOfBeto = [];
    for (const text of ['a', 'b', 'c']) {
      const { conversationId } = await customer(`consulta ${text}`);
      expect((await owner.post(`/api/v1/conversations/${conversationId}/assign`, { assigneeId: beto.memberId, teamId: team.Ventas })).statusCode).toBe(200);
      conversationsOfBeto.push(conversationId);
    }
    await settle();
    const policies = ['keep', 'queue', 'reassign'] as const;
    // Each conversation's team decides; give each its own team with that policy.
    for (const [index, policy] of policies.entries()) {
      const created = await owner.post('/api/v1/teams', { name: `Turno ${policy}`, memberIds: [ana.memberId, beto.memberId] });
      // The "queue" team's members take from the queue themselves (otherwise the queue would hand it to Ana at once).
      await owner.patch(`/api/v1/teams/${created.json().id}/routing`, { shiftEndPolicy: policy, defaultStrategy: policy === 'queue' ? 'queue' : 'round_robin' });
      await t.ctx.db.update(conversations).set({ teamId: created.json().id }).where(eq(conversations.id, conversationsOfBeto[index]!));
    }
    setClock(new Date('2026-12-02T22:50:00Z')); // 16:50 local
    await online(ana, beto);
    await t.ctx.routing.tick();
    expect((await t.ctx.db.select().from(memberships).where(eq(memberships.id, beto.memberId)))[0]!.onShift).toBe(true);
    setClock(new Date('2026-12-02T23:01:00Z')); // 17:01 local: Beto's shift is over
    await online(ana);
    await t.ctx.routing.tick();
    await settle();
    const [kept, queued, reassigned] = await Promise.all(conversationsOfBeto.map(row));
    expect(kept!.assigneeMembershipId).toBe(beto.memberId);
    expect(queued!.assigneeMembershipId).toBeNull();
    expect(reassigned!.assigneeMembershipId).toBe(ana.memberId);
    const [note] = await t.ctx.db.select().from(messages).where(eq(messages.id, reassigned!.pinnedNoteId!));
    expect(note!.text).toContain('Traspaso automático: terminó el turno de Beto.');
    expect(note!.text).toContain('Último mensaje del cliente: «consulta c»');
    expect((await eventsOf(reassigned!.id, 'conversation.assigned')).at(-1)!.payload).toMatchObject({ via: 'routing', to: ana.memberId, routing: { trigger: 'shift_end', skipped: [{ name: 'Beto', reason: 'off_shift' }] } });
    expect((await eventsOf(queued!.id, 'conversation.assigned')).at(-1)!.payload).toMatchObject({ via: 'shift_end', from: beto.memberId, to: null, policy: 'queue' });
    // Nothing is assigned to Beto while off shift.
    const more = await customer('precio por favor');
    expect((await row(more.conversationId)).assigneeMembershipId).toBe(ana.memberId);
    // The next morning his shift starts again (one transition, claimed once).
    setClock(new Date('2026-12-03T15:30:00Z'));
    await online(ana, beto);
    await t.ctx.routing.tick();
    expect((await t.ctx.db.select().from(memberships).where(eq(memberships.id, beto.memberId)))[0]!.onShift).toBe(true);
    const shiftEvents = await t.ctx.db.select({ type: events.type }).from(events).where(and(eq(events.subjectType, 'member'), eq(events.subjectId, beto.memberId), inArray(events.type, ['member.shift_started', 'member.shift_ended']))).orderBy(asc(events.id));
    expect(shiftEvents.map((e) => e.type)).toEqual(['member.shift_started', 'member.shift_ended', 'member.shift_started']);
    await owner.patch(`/api/v1/routing/agents/${ana.memberId}`, { shift: null });
    await owner.patch(`/api/v1/routing/agents/${beto.memberId}`, { shift: null });
  });
});

describe('out of hours', () => {
  it('sends the auto-reply once per closed period, only inside the 24-hour window', async () => {
    const now = new Date();
    // Soporte opens for one hour starting two hours from now (UTC), every day: closed right now.
    const hour = (h: number) => `${String(((h % 24) + 24) % 24).padStart(2, '0')}:00`;
    const start = now.getUTCHours() + 2;
    const interval = start + 1 <= 24 ? [hour(start), start + 1 === 24 ? '24:00' : hour(start + 1)] : [hour(start), hour(start + 1)];
    const weekly = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [interval]]));
    const reply = 'Gracias por escribir. Te respondemos {{next_open}}.';
    expect((await owner.patch(`/api/v1/teams/${team.Soporte}/routing`, { businessHours: { timeZone: 'UTC', weekly }, outOfHoursReply: reply })).statusCode).toBe(200);
    const first = await customer('Hola, no funciona mi cuenta');
    await receiveText(t, channel, first.waId, '¿Hay alguien?');
    await settle();
    const automatic = async () =>
      (await t.ctx.db.select().from(messages).where(and(eq(messages.conversationId, first.conversationId), eq(messages.direction, 'outbound'))).orderBy(asc(messages.createdAt))).filter(
        (m) => (m.content as { automatic?: boolean }).automatic,
      );
    const sent = await automatic();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toMatch(/^Gracias por escribir\. Te respondemos (hoy|mañana) a las \d{1,2}:00\.$/);
    expect(sent[0]!.status).toBe('pending'); // in the outbox, sent by the job
    // Still waiting for a human: the automatic reply is not a response.
    expect((await row(first.conversationId)).waitingSince).not.toBeNull();
    // After the open hour, the next closed period gets its own reply.
    setClock(new Date(now.getTime() + 3.5 * 3600_000));
    await online(ana, beto, caro, sara);
    await receiveText(t, channel, first.waId, 'Sigo esperando');
    await settle();
    expect(await automatic()).toHaveLength(2);
    // Outside the 24-hour window nothing is sent.
    setClock(new Date(now.getTime() + 49 * 3600_000));
    await t.ctx.db.update(conversations).set({ windowExpiresAt: new Date(now.getTime() - 1000), needsRouting: true }).where(eq(conversations.id, first.conversationId));
    await t.ctx.routing.tick();
    expect(await automatic()).toHaveLength(2);
    await owner.patch(`/api/v1/teams/${team.Soporte}/routing`, { businessHours: null, outOfHoursReply: null });
  });
});

describe('SLA', () => {
  it('a warning before the breach and an escalation at the breach, on time, shown in the timeline', async () => {
    const settings = (await owner.get('/api/v1/routing/settings')).json();
    const patched = await owner.patch('/api/v1/routing/settings', { sla: { ...settings.sla, hours: 'clock', warnAtPercent: 50, targets: { ...settings.sla.targets, normal: { firstResponse: 10, nextResponse: 20, resolution: 600 } } } });
    expect(patched.statusCode).toBe(200);
    await beto.client.put('/api/v1/me/status', { status: 'offline' });
    const started = new Date();
    const { conversationId } = await customer('Hola, consulta de precio');
    const fresh = await row(conversationId);
    expect(fresh).toMatchObject({ assigneeMembershipId: ana.memberId, slaTarget: 'first_response', slaState: 'ok' });
    expect(Math.abs(fresh.slaDueAt!.getTime() - (fresh.cycleStartedAt!.getTime() + 10 * 60_000))).toBeLessThan(1000);
    const list = (await ana.client.get('/api/v1/conversations?view=mine')).json().conversations.find((c: { id: string }) => c.id === conversationId);
    expect(list.sla).toMatchObject({ target: 'first_response', state: 'ok' });

    await t.ctx.routing.tick(new Date(started.getTime() + 4 * 60_000));
    expect((await row(conversationId)).slaState).toBe('ok');
    await t.ctx.routing.tick(new Date(fresh.slaWarnAt!.getTime() + 1));
    expect((await row(conversationId)).slaState).toBe('warning');
    expect(await eventsOf(conversationId, 'conversation.sla_warning')).toHaveLength(1);
    const warned = await t.ctx.db.select().from(notifications).where(and(eq(notifications.membershipId, ana.memberId), eq(notifications.kind, 'sla_warning')));
    expect(warned.map((n) => n.conversationId)).toContain(conversationId);
    expect(warned.find((n) => n.conversationId === conversationId)!.text).toMatch(/^Primera respuesta: vence a las \d{1,2}:\d{2}$/);
    await t.ctx.routing.tick(new Date(fresh.slaWarnAt!.getTime() + 2));
    expect(await eventsOf(conversationId, 'conversation.sla_warning')).toHaveLength(1);

    await t.ctx.routing.tick(new Date(fresh.slaDueAt!.getTime() + 1));
    const breached = await row(conversationId);
    expect(breached).toMatchObject({ slaState: 'breached', priority: 'high' });
    expect((await eventsOf(conversationId, 'conversation.sla_breached'))[0]!.payload).toMatchObject({ target: 'first_response' });
    expect((await eventsOf(conversationId, 'conversation.escalated'))[0]!.payload).toMatchObject({ reason: 'sla_breach' });
    const told = await t.ctx.db.select().from(notifications).where(and(eq(notifications.conversationId, conversationId), eq(notifications.kind, 'sla_breached')));
    // The owner of the conversation, the supervisor and the workspace owner.
    expect(told).toHaveLength(3);
    expect(told.map((n) => n.membershipId)).toEqual(expect.arrayContaining([ana.memberId, sara.memberId]));
    expect(told[0]!.text).toBe('Primera respuesta: SLA vencido');
    // A later priority change does not revive the breached target.
    await ana.client.patch(`/api/v1/conversations/${conversationId}`, { priority: 'urgent' });
    expect((await row(conversationId)).slaState).toBe('breached');
    const activity = (await ana.client.get(`/api/v1/conversations/${conversationId}/activity`)).json().activity.map((a: { type: string }) => a.type);
    expect(activity).toEqual(expect.arrayContaining(['conversation.sla_warning', 'conversation.sla_breached', 'conversation.escalated']));

    // Ana replies: the response target is met, the resolution target runs.
    const reply = await ana.client.post(`/api/v1/conversations/${conversationId}/messages`, { type: 'text', text: 'Hola, te paso los precios', force: true });
    expect(reply.statusCode).toBe(201);
    const answered = await row(conversationId);
    expect(answered).toMatchObject({ slaTarget: 'resolution', slaState: 'ok' });
    expect(answered.firstResponseAt).not.toBeNull();
    await owner.patch('/api/v1/routing/settings', { sla: settings.sla });
  });
});

describe('presence', () => {
  it('online only while active: an idle agent counts as away and gets nothing; activity brings them back', async () => {
    await beto.client.put('/api/v1/me/status', { status: 'offline' });
    const me = (await ana.client.get('/api/v1/me/status')).json();
    expect(me).toMatchObject({ status: 'online', effectiveStatus: 'online', onShift: true, available: true });
    setClock(new Date(Date.now() + 11 * 60_000));
    expect((await ana.client.get('/api/v1/me/status')).json()).toMatchObject({ status: 'online', effectiveStatus: 'away', available: false });
    const { conversationId } = await customer('Precio del envío?');
    expect((await row(conversationId)).assigneeMembershipId).toBeNull();
    const back = await ana.client.post('/api/v1/me/activity');
    expect(back.json()).toEqual({ status: 'online', effectiveStatus: 'online' });
    await settle();
    expect((await row(conversationId)).assigneeMembershipId).toBe(ana.memberId);
    const agents = (await sara.client.get('/api/v1/routing/agents')).json().agents as { name: string; open: number; capacity: number }[];
    expect(agents.find((a) => a.name === 'Ana')).toMatchObject({ open: 1, capacity: 8 });
    expect((await ana.client.get('/api/v1/routing/agents')).statusCode).toBe(403);
  });
});

describe('contacts', () => {
  it('VIP contacts get high priority; labels and custom fields are editable and validated', async () => {
    const { conversationId, contactId } = await customer('Hola');
    const patched = await ana.client.patch(`/api/v1/contacts/${contactId}`, { vip: true, tags: ['Mayorista'], customFields: { plan: 'Oro' } });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ vip: true, tags: ['Mayorista'], customFields: { plan: 'Oro' } });
    expect((await ana.client.patch(`/api/v1/contacts/${contactId}`, {})).statusCode).toBe(400);
    await ana.client.patch(`/api/v1/conversations/${conversationId}`, { status: 'resolved' });
    const next = await receiveText(t, channel, String(phone), 'Vuelvo a escribir');
    await settle();
    expect((await row(next.conversationId)).priority).toBe('high');
    const recent = await t.ctx.db.select().from(events).where(and(eq(events.subjectId, next.conversationId), inArray(events.type, ['conversation.priority_changed']))).orderBy(desc(events.id));
    expect(recent[0]!.payload).toMatchObject({ to: 'high', via: 'routing', ruleNames: ['Clientes VIP'] });
  });
});

describe('edges', () => {
  it('a customer coming back to an owner who is offline is routed to someone available', async () => {
    const first = await customer('Hola, precio de la remera');
    const owner1 = (await row(first.conversationId)).assigneeMembershipId!;
    const [who, other] = owner1 === ana.memberId ? [ana, beto] : [beto, ana];
    await owner.patch(`/api/v1/conversations/${first.conversationId}`, { status: 'resolved' });
    await who.client.put('/api/v1/me/status', { status: 'offline' });
    await receiveText(t, channel, first.waId, 'Volví, ¿sigue el precio?');
    await settle();
    const again = await row(first.conversationId);
    expect(again.status).toBe('open');
    expect(again.assigneeMembershipId).toBe(other.memberId);
    const released = (await eventsOf(first.conversationId, 'conversation.assigned')).find((e) => (e.payload as { reason?: string }).reason === 'owner_unavailable');
    expect(released!.payload).toMatchObject({ from: who.memberId, to: null, ownerStatus: 'offline' });
  });

  it('turning SLA off stops every running timer; only owners change an owner\'s routing; new rules go last after a delete', async () => {
    const { conversationId } = await customer('Hola, precio?');
    expect((await row(conversationId)).slaDueAt).not.toBeNull();
    const settings = (await owner.get('/api/v1/routing/settings')).json();
    await owner.patch('/api/v1/routing/settings', { sla: { ...settings.sla, enabled: false } });
    expect(await row(conversationId)).toMatchObject({ slaTarget: null, slaDueAt: null, slaState: null });
    await t.ctx.routing.tick(new Date(Date.now() + 30 * 24 * 3600_000));
    expect(await eventsOf(conversationId, 'conversation.sla_breached')).toHaveLength(0);
    await owner.patch('/api/v1/routing/settings', { sla: settings.sla });
    expect((await row(conversationId)).slaState).toBe('ok');

    const admin = await addMember(t, owner, 'admin', 'Adela Admin');
    const ownerId = ((await owner.get('/api/v1/members')).json().members as { id: string; role: string }[]).find((m) => m.role === 'owner')!.id;
    expect((await admin.client.patch(`/api/v1/routing/agents/${ownerId}`, { capacity: 0 })).statusCode).toBe(403);
    expect((await admin.client.patch(`/api/v1/routing/agents/${ana.memberId}`, { capacity: 9 })).statusCode).toBe(200);
    await owner.patch(`/api/v1/routing/agents/${ana.memberId}`, { capacity: null });

    const rules = (await owner.get('/api/v1/routing/rules')).json().rules as { id: string; name: string }[];
    const temporary = (await owner.post('/api/v1/routing/rules', { name: 'Temporal', position: 2, conditions: [], actions: {} })).json();
    await owner.delete(`/api/v1/routing/rules/${temporary.id}`);
    await owner.delete(`/api/v1/routing/rules/${rules[3]!.id}`); // a gap in the middle
    const last = (await owner.post('/api/v1/routing/rules', { name: 'Al final', conditions: [{ kind: 'text', values: ['zzz'] }], actions: {} })).json();
    const after = (await owner.get('/api/v1/routing/rules')).json().rules as { id: string }[];
    expect(after.at(-1)!.id).toBe(last.id);
    await owner.delete(`/api/v1/routing/rules/${last.id}`);
  });
});
