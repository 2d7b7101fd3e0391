import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import type { TestClient } from '../../../test/support/client.js';
import { addMember, insertChannel, workspaceWithOwner } from '../../../test/support/factories.js';
import { receiveText } from '../../../test/support/webhooks.js';
import { ConversationPage } from '../../../contracts/conversations.js';
import { contacts, conversations, events, messages } from '../../db/schema.js';
import { wakeSnoozedJob } from './wake-snoozed.job.js';

let t: TestApp;
let owner: TestClient;
let workspaceId: string;
let channel: Awaited<ReturnType<typeof insertChannel>>;
let ana: Awaited<ReturnType<typeof addMember>>;
let luis: Awaited<ReturnType<typeof addMember>>;
let sara: Awaited<ReturnType<typeof addMember>>;
let phone = 5491140000000;

beforeAll(async () => {
  t = await createTestApp();
  const created = await workspaceWithOwner(t, 'Bandeja Sur');
  owner = created.client;
  workspaceId = created.workspace.id;
  channel = await insertChannel(t, workspaceId);
  ana = await addMember(t, owner, 'agent', 'Ana Agente');
  luis = await addMember(t, owner, 'agent', 'Luis Agente');
  sara = await addMember(t, owner, 'supervisor', 'Sara Supervisora');
});
afterAll(async () => t?.close());

const customer = (text = 'Hola, quiero saber el precio', name = 'Carla Cliente') => receiveText(t, channel, String(++phone), text, name);
const conversation = async (id: string) => (await t.ctx.db.select().from(conversations).where(eq(conversations.id, id)))[0]!;
const eventTypes = async (id: string) =>
  (await t.ctx.db.select({ type: events.type }).from(events).where(and(eq(events.subjectType, 'conversation'), eq(events.subjectId, id))).orderBy(events.id)).map((e) => e.type);

describe('taking a conversation', () => {
  it('of 20 agents pressing "Tomar" at once exactly one wins; the others learn who did', async () => {
    const { conversationId } = await customer();
    const agents = [ana, luis];
    for (let i = 0; i < 18; i++) agents.push(await addMember(t, owner, 'agent', `Agente ${i}`));
    const responses = await Promise.all(agents.map((agent) => agent.client.post(`/api/v1/conversations/${conversationId}/take`)));
    const winners = responses.filter((r) => r.statusCode === 200);
    const losers = responses.filter((r) => r.statusCode === 409);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(19);
    const winner = agents[responses.indexOf(winners[0]!)]!;
    expect((await conversation(conversationId)).assigneeMembershipId).toBe(winner.memberId);
    for (const loser of losers) expect(loser.json().error).toMatchObject({ code: 'already_taken', details: { assignee: { id: winner.memberId } } });
    expect((await eventTypes(conversationId)).filter((type) => type === 'conversation.assigned')).toHaveLength(1);
    // Taking what you own is a no-op.
    expect((await winner.client.post(`/api/v1/conversations/${conversationId}/take`)).statusCode).toBe(200);
  });

  it('random interleavings of take, hand-off, resolve and customer messages never give two owners', async () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const { conversationId } = await customer('Necesito ayuda');
    const waId = String(phone);
    const actors = [ana, luis, sara];
    for (let round = 0; round < 12; round++) {
      const actions = Array.from({ length: 6 }, () => {
        const who = actors[Math.floor(random() * actors.length)]!;
        const pick = random();
        if (pick < 0.35) return () => who.client.post(`/api/v1/conversations/${conversationId}/take`);
        if (pick < 0.6) {
          const to = actors[Math.floor(random() * actors.length)]!;
          return () => who.client.post(`/api/v1/conversations/${conversationId}/assign`, { assigneeId: to.memberId, note: 'Te paso este cliente' });
        }
        if (pick < 0.8) return () => who.client.patch(`/api/v1/conversations/${conversationId}`, { status: 'resolved' });
        return () => receiveText(t, channel, waId, `mensaje ${round}`);
      });
      const results = await Promise.allSettled(actions.map((action) => action()));
      for (const result of results) {
        if (result.status === 'fulfilled' && 'statusCode' in result.value) expect([200, 403, 404, 409]).toContain(result.value.statusCode);
      }
      // One owner at most, and it is the one the event log says.
      const rows = await t.ctx.db.select().from(conversations).where(eq(conversations.contactId, (await conversation(conversationId)).contactId));
      expect(rows.filter((row) => row.status !== 'resolved').length).toBeLessThanOrEqual(1);
      for (const row of rows) {
        const assigned = await t.ctx.db
          .select({ payload: events.payload })
          .from(events)
          .where(and(eq(events.subjectId, row.id), eq(events.type, 'conversation.assigned')))
          .orderBy(events.id);
        const owner = assigned.length ? (assigned.at(-1)!.payload as { to: string | null }).to : null;
        expect(row.assigneeMembershipId).toBe(owner);
      }
    }
  });

  it('an API token cannot take (it assigns instead)', async () => {
    const { conversationId } = await customer();
    const token = (await owner.post('/api/v1/api-tokens', { name: 'CRM', role: 'admin' })).json().token as string;
    const { TestClient } = await import('../../../test/support/client.js');
    const crm = TestClient.withToken(t, token);
    expect((await crm.post(`/api/v1/conversations/${conversationId}/take`)).statusCode).toBe(403);
    const assigned = await crm.post(`/api/v1/conversations/${conversationId}/assign`, { assigneeId: ana.memberId });
    expect(assigned.statusCode).toBe(200);
    expect(assigned.json().assigneeMemberId).toBe(ana.memberId);
  });
});

describe('assigning and handing off', () => {
  it('agents assign only when the workspace allows it', async () => {
    const { conversationId } = await customer();
    const refused = await ana.client.post(`/api/v1/conversations/${conversationId}/assign`, { assigneeId: luis.memberId });
    expect(refused.statusCode).toBe(403);
    await owner.patch('/api/v1/workspace', { inboxSettings: { agentsCanAssign: true } });
    expect((await ana.client.post(`/api/v1/conversations/${conversationId}/assign`, { assigneeId: luis.memberId })).statusCode).toBe(200);
    await owner.patch('/api/v1/workspace', { inboxSettings: { agentsCanAssign: false } });
    expect((await owner.get('/api/v1/workspace')).json().inboxSettings).toEqual({ agentsCanAssign: false, onlyAssigneeReplies: false, agentVisibility: 'all' });
  });

  it('a hand-off needs a note, pins it for the new owner, notifies them, and the previous owner still reads', async () => {
    const { conversationId } = await customer('El pedido 1234 llegó roto');
    await ana.client.post(`/api/v1/conversations/${conversationId}/take`);
    const noNote = await ana.client.post(`/api/v1/conversations/${conversationId}/assign`, { assigneeId: luis.memberId });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().error.details.fields[0].path).toBe('body.note');
    const handed = await ana.client.post(`/api/v1/conversations/${conversationId}/assign`, { assigneeId: luis.memberId, note: 'Pedido 1234 roto; ya pidió foto. Ofrecer cambio.' });
    expect(handed.statusCode).toBe(200);
    expect(handed.json()).toMatchObject({ assigneeMemberId: luis.memberId });
    const pinned = handed.json().pinnedNoteId as string;
    const timeline = (await luis.client.get(`/api/v1/conversations/${conversationId}/messages`)).json().messages as { id: string; private: boolean; text: string }[];
    expect(timeline.find((m) => m.id === pinned)).toMatchObject({ private: true, text: 'Pedido 1234 roto; ya pidió foto. Ofrecer cambio.' });
    expect((await luis.client.get(`/api/v1/conversations/${conversationId}`)).json().pinnedNote).toMatchObject({ id: pinned, text: 'Pedido 1234 roto; ya pidió foto. Ofrecer cambio.', senderMemberId: ana.memberId });
    const notes = (await luis.client.get('/api/v1/notifications')).json();
    expect(notes.notifications[0]).toMatchObject({ kind: 'handed_off', conversationId, actor: { id: ana.memberId, name: 'Ana Agente' } });
    const activity = (await owner.get(`/api/v1/conversations/${conversationId}/activity`)).json().activity as { type: string; actor: { name: string }; payload: { handoff?: boolean } }[];
    expect(activity.filter((a) => a.type === 'conversation.assigned').map((a) => [a.actor.name, a.payload.handoff])).toEqual([
      ['Ana Agente', false],
      ['Ana Agente', true],
    ]);
    // With team visibility the previous owner keeps read access to a conversation that left her.
    const team = (await owner.post('/api/v1/teams', { name: 'Reclamos', memberIds: [luis.memberId] })).json();
    await sara.client.post(`/api/v1/conversations/${conversationId}/assign`, { teamId: team.id, assigneeId: luis.memberId });
    await owner.patch('/api/v1/workspace', { inboxSettings: { agentVisibility: 'team' } });
    try {
      expect((await ana.client.get(`/api/v1/conversations/${conversationId}`)).statusCode).toBe(200);
      const other = await addMember(t, owner, 'agent', 'Otro Agente');
      expect((await other.client.get(`/api/v1/conversations/${conversationId}`)).statusCode).toBe(404);
      expect((await other.client.get(`/api/v1/conversations/${conversationId}/messages`)).statusCode).toBe(404);
      const listed = (await other.client.get('/api/v1/conversations?limit=100')).json().conversations as { id: string }[];
      expect(listed.map((c) => c.id)).not.toContain(conversationId);
    } finally {
      await owner.patch('/api/v1/workspace', { inboxSettings: { agentVisibility: 'all' } });
    }
  });

  it('a team alone moves the conversation with its owner; only assigneeId null leaves it to nobody', async () => {
    const { conversationId } = await customer('Quiero cambiar el talle');
    await ana.client.post(`/api/v1/conversations/${conversationId}/take`);
    const ventas = (await owner.post('/api/v1/teams', { name: `Ventas ${phone}`, memberIds: [ana.memberId] })).json();
    const cambios = (await owner.post('/api/v1/teams', { name: `Cambios ${phone}`, memberIds: [luis.memberId] })).json();
    // "Persona: sin cambiar" with a team: Ana keeps it.
    const moved = await owner.post(`/api/v1/conversations/${conversationId}/assign`, { teamId: ventas.id });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ teamId: ventas.id, assigneeMemberId: ana.memberId });
    // Ana (an agent; agents do not assign here) moves her own conversation on without handing it off: no note needed.
    const own = await ana.client.post(`/api/v1/conversations/${conversationId}/assign`, { teamId: cambios.id });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ teamId: cambios.id, assigneeMemberId: ana.memberId });
    // Nobody is said explicitly: the team's queue.
    const queued = await owner.post(`/api/v1/conversations/${conversationId}/assign`, { teamId: ventas.id, assigneeId: null });
    expect(queued.json()).toMatchObject({ teamId: ventas.id, assigneeMemberId: null });
    const assigned = (await owner.get(`/api/v1/conversations/${conversationId}/activity`)).json().activity.filter((a: { type: string }) => a.type === 'conversation.assigned');
    expect(assigned.map((a: { payload: Record<string, unknown> }) => [a.payload.from, a.payload.to, a.payload.handoff])).toEqual([
      [null, ana.memberId, false],
      [ana.memberId, ana.memberId, false],
      [ana.memberId, ana.memberId, false],
      [ana.memberId, null, false],
    ]);
  });

  it('a note with only a team change is pinned but is not a hand-off', async () => {
    const { conversationId } = await customer('Consulta de envío');
    await luis.client.post(`/api/v1/conversations/${conversationId}/take`);
    const team = (await owner.post('/api/v1/teams', { name: `Envíos ${phone}`, memberIds: [luis.memberId] })).json();
    const moved = await owner.post(`/api/v1/conversations/${conversationId}/assign`, { teamId: team.id, note: 'Es un envío a Córdoba' });
    expect(moved.json()).toMatchObject({ teamId: team.id, assigneeMemberId: luis.memberId, pinnedNote: { text: 'Es un envío a Córdoba' } });
    const last = (await owner.get(`/api/v1/conversations/${conversationId}/activity`)).json().activity.at(-1);
    expect(last).toMatchObject({ type: 'conversation.assigned', payload: { from: luis.memberId, to: luis.memberId, handoff: false, via: 'assign', noteId: moved.json().pinnedNoteId } });
  });

  it('escalates in one action: tag, priority, supervisors notified', async () => {
    const { conversationId } = await customer('Quiero hablar con una persona, voy a hacer una denuncia');
    const escalated = await ana.client.post(`/api/v1/conversations/${conversationId}/escalate`, { note: 'Amenaza con denuncia' });
    expect(escalated.statusCode).toBe(200);
    expect(escalated.json()).toMatchObject({ priority: 'urgent', tags: [{ name: 'Requiere humano' }] });
    const notes = (await sara.client.get('/api/v1/notifications')).json().notifications;
    expect(notes[0]).toMatchObject({ kind: 'escalated', conversationId, text: 'Amenaza con denuncia' });
  });
});

describe('replying', () => {
  it('refuses a reply written before an unseen customer message, with what is new; forced, it is sent', async () => {
    const first = await customer('¿Tienen talle M?');
    await ana.client.post(`/api/v1/conversations/${first.conversationId}/take`);
    const second = await receiveText(t, channel, String(phone), 'Mejor el L, perdón');
    const stale = await ana.client.post(`/api/v1/conversations/${first.conversationId}/messages`, { type: 'text', text: 'Sí, hay M', lastSeenMessageId: first.messageId });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('stale_reply');
    expect(stale.json().error.details.newMessages.map((m: { id: string; text: string }) => [m.id, m.text])).toEqual([[second.messageId, 'Mejor el L, perdón']]);
    expect(await t.ctx.db.select().from(messages).where(and(eq(messages.conversationId, first.conversationId), eq(messages.direction, 'outbound')))).toHaveLength(0);
    const fresh = await ana.client.post(`/api/v1/conversations/${first.conversationId}/messages`, { type: 'text', text: 'Sí, hay L', lastSeenMessageId: second.messageId });
    expect(fresh.statusCode).toBe(201);
    // Another member's reply since also counts; the sender's own does not.
    const mine = await ana.client.post(`/api/v1/conversations/${first.conversationId}/messages`, { type: 'text', text: '¿Algo más?', lastSeenMessageId: second.messageId });
    expect(mine.statusCode).toBe(201);
    const bySara = await sara.client.post(`/api/v1/conversations/${first.conversationId}/messages`, { type: 'text', text: 'Te lo enviamos hoy', lastSeenMessageId: second.messageId });
    expect(bySara.statusCode).toBe(409);
    expect(bySara.json().error.details.newMessages.map((m: { text: string }) => m.text)).toEqual(['Sí, hay L', '¿Algo más?']);
    const forced = await sara.client.post(`/api/v1/conversations/${first.conversationId}/messages`, { type: 'text', text: 'Te lo enviamos hoy', lastSeenMessageId: second.messageId, force: true });
    expect(forced.statusCode).toBe(201);
  });

  it('two members replying at the same moment to the same customer message: one is sent, the other stopped', async () => {
    const { conversationId, messageId } = await customer('¿Está disponible?');
    const send = (who: typeof ana, text: string) => who.client.post(`/api/v1/conversations/${conversationId}/messages`, { type: 'text', text, lastSeenMessageId: messageId });
    const results = await Promise.all([send(ana, 'Sí, está'), send(luis, 'Sí, disponible')]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(await t.ctx.db.select().from(messages).where(and(eq(messages.conversationId, conversationId), eq(messages.direction, 'outbound')))).toHaveLength(1);
  });

  it('a member replying to an unassigned conversation becomes its owner', async () => {
    const { conversationId } = await customer();
    expect((await luis.client.post(`/api/v1/conversations/${conversationId}/messages`, { type: 'text', text: 'Hola, te ayudo' })).statusCode).toBe(201);
    expect((await conversation(conversationId)).assigneeMembershipId).toBe(luis.memberId);
  });

  it('with "only the assignee replies", another agent is stopped but a supervisor is not', async () => {
    const { conversationId } = await customer();
    await ana.client.post(`/api/v1/conversations/${conversationId}/take`);
    await owner.patch('/api/v1/workspace', { inboxSettings: { onlyAssigneeReplies: true } });
    try {
      const refused = await luis.client.post(`/api/v1/conversations/${conversationId}/messages`, { type: 'text', text: 'Yo respondo' });
      expect(refused.statusCode).toBe(403);
      expect((await luis.client.post(`/api/v1/conversations/${conversationId}/messages`, { type: 'text', text: 'Ana, ojo con el envío', private: true })).statusCode).toBe(201);
      expect((await sara.client.post(`/api/v1/conversations/${conversationId}/messages`, { type: 'text', text: 'Respondo yo' })).statusCode).toBe(201);
    } finally {
      await owner.patch('/api/v1/workspace', { inboxSettings: { onlyAssigneeReplies: false } });
    }
  });

  it('notes stay inside: never queued for WhatsApp, shown as private, mentions notify', async () => {
    const { conversationId } = await customer();
    const note = await ana.client.post(`/api/v1/conversations/${conversationId}/messages`, { type: 'text', text: '@Luis mirá este caso <script>alert(1)</script>', private: true, mentions: [luis.memberId] });
    expect(note.statusCode).toBe(201);
    expect(note.json()).toMatchObject({ direction: 'internal', private: true, status: 'received', mentions: [luis.memberId], text: '@Luis mirá este caso <script>alert(1)</script>' });
    const jobs = await t.ctx.database.raw.query(`select count(*)::int as n from pgboss.job where name = 'whatsapp-send-message' and data->>'messageId' = $1`, [note.json().id]);
    expect((jobs.rows[0] as { n: number }).n).toBe(0);
    expect((await luis.client.get('/api/v1/notifications')).json().notifications[0]).toMatchObject({ kind: 'mentioned', conversationId });
    const mentions = (await luis.client.get('/api/v1/conversations?view=mentions')).json().conversations.map((c: { id: string }) => c.id);
    expect(mentions).toContain(conversationId);
    const listed = (await owner.get(`/api/v1/conversations/${conversationId}`)).json();
    expect(listed.lastMessage).toEqual({ text: '@Luis mirá este caso <script>alert(1)</script>', direction: 'internal' });
    // A retried note with the same Idempotency-Key is stored once.
    const retry = () => ana.client.request('POST', `/api/v1/conversations/${conversationId}/messages`, { type: 'text', text: 'Una sola vez', private: true }, { headers: { 'idempotency-key': `nota-${conversationId}` } });
    const [first, second] = [await retry(), await retry()];
    expect([first.statusCode, second.statusCode]).toEqual([201, 200]);
    expect(second.json().id).toBe(first.json().id);
    const image = await ana.client.post(`/api/v1/conversations/${conversationId}/messages`, { type: 'image', image: { link: 'https://example.com/a.png' }, private: true });
    expect(image.statusCode).toBe(400);
  });
});

describe('status, priority, tags', () => {
  it('resolves, reopens, snoozes (the timer and the customer both wake it) and records each change', async () => {
    const { conversationId } = await customer();
    const path = `/api/v1/conversations/${conversationId}`;
    expect((await ana.client.patch(path, { status: 'resolved' })).json()).toMatchObject({ status: 'resolved' });
    expect((await ana.client.patch(path, { status: 'open' })).json()).toMatchObject({ status: 'open' });
    const past = await ana.client.patch(path, { status: 'snoozed', snoozedUntil: new Date(Date.now() - 1000).toISOString() });
    expect(past.statusCode).toBe(400);
    expect((await ana.client.patch(path, { status: 'snoozed' })).statusCode).toBe(400);
    const until = new Date(Date.now() + 3_600_000).toISOString();
    expect((await ana.client.patch(path, { status: 'snoozed', snoozedUntil: until })).json()).toMatchObject({ status: 'snoozed', snoozedUntil: until });
    // The timer fires early: nothing happens; once due, it wakes.
    await wakeSnoozedJob.handler(t.ctx, { conversationId });
    expect((await conversation(conversationId)).status).toBe('snoozed');
    await t.ctx.db.update(conversations).set({ snoozedUntil: new Date(Date.now() - 1) }).where(eq(conversations.id, conversationId));
    await wakeSnoozedJob.handler(t.ctx, { conversationId });
    expect((await conversation(conversationId)).status).toBe('open');
    await ana.client.patch(path, { status: 'snoozed', snoozedUntil: until });
    await receiveText(t, channel, String(phone), '¿Siguen ahí?');
    expect(await conversation(conversationId)).toMatchObject({ status: 'open', snoozedUntil: null });
    expect(await eventTypes(conversationId)).toEqual(
      expect.arrayContaining(['conversation.resolved', 'conversation.reopened', 'conversation.status_changed', 'conversation.woken']),
    );
  });

  it('an older conversation stays resolved once a newer one with the customer exists, so new messages still land', async () => {
    const other = await insertChannel(t, workspaceId, { reopenPolicy: 'new' });
    const waId = String(++phone);
    const first = await receiveText(t, other, waId, 'Primera consulta');
    await owner.patch(`/api/v1/conversations/${first.conversationId}`, { status: 'resolved' });
    const second = await receiveText(t, other, waId, 'Segunda consulta');
    expect(second.conversationId).not.toBe(first.conversationId);
    await owner.patch(`/api/v1/conversations/${second.conversationId}`, { status: 'resolved' });
    const reopen = await owner.patch(`/api/v1/conversations/${first.conversationId}`, { status: 'open' });
    expect(reopen.statusCode).toBe(409);
    expect(reopen.json().error.message).toContain(`#${(await conversation(second.conversationId)).displayNumber}`);
    const third = await receiveText(t, other, waId, 'Tercera consulta');
    expect((await conversation(third.conversationId)).status).toBe('open');
  });

  it('starts with the four tags; tags and priority change with events; unknown tags are named', async () => {
    const tags = (await ana.client.get('/api/v1/tags')).json().tags as { id: string; name: string }[];
    expect(tags.map((tag) => tag.name).sort()).toEqual(['En seguimiento', 'Esperando pago', 'Nuevo', 'Requiere humano']);
    expect((await ana.client.post('/api/v1/tags', { name: 'VIP', color: 'amber' })).statusCode).toBe(403);
    const vip = (await owner.post('/api/v1/tags', { name: 'VIP', color: 'amber' })).json();
    expect((await owner.post('/api/v1/tags', { name: 'vip', color: 'red' })).statusCode).toBe(409);
    expect((await owner.post('/api/v1/tags', { name: 'Rojo', color: 'javascript:alert(1)' })).statusCode).toBe(400);
    const { conversationId } = await customer();
    const tagged = await ana.client.patch(`/api/v1/conversations/${conversationId}`, { addTagIds: [vip.id, tags[0]!.id], priority: 'high' });
    expect(tagged.json()).toMatchObject({ priority: 'high' });
    expect(tagged.json().tags.map((tag: { name: string }) => tag.name).sort()).toEqual(['En seguimiento', 'VIP']);
    const unknown = await ana.client.patch(`/api/v1/conversations/${conversationId}`, { addTagIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details.fields[0].path).toBe('body.addTagIds');
    expect((await conversation(conversationId)).priority).toBe('high');
    expect(await eventTypes(conversationId)).toEqual(expect.arrayContaining(['conversation.tagged', 'conversation.priority_changed']));
  });

  it('bulk: each selected conversation succeeds or fails on its own', async () => {
    const one = await customer();
    const two = await customer();
    const result = await sara.client.post('/api/v1/conversations/bulk', {
      conversationIds: [one.conversationId, two.conversationId, '00000000-0000-4000-8000-000000000000'],
      action: { type: 'resolve' },
    });
    expect(result.json().results.map((r: { ok: boolean }) => r.ok)).toEqual([true, true, false]);
    expect((await conversation(one.conversationId)).status).toBe('resolved');
    const assigned = await sara.client.post('/api/v1/conversations/bulk', { conversationIds: [one.conversationId, two.conversationId], action: { type: 'assign', assigneeId: luis.memberId } });
    expect(assigned.json().results.every((r: { ok: boolean }) => r.ok)).toBe(true);
    expect((await conversation(two.conversationId)).assigneeMembershipId).toBe(luis.memberId);
  });
});

describe('views, filters, sorting and search', () => {
  it('counts every view and lists the longest waiting first, with cursors', async () => {
    const fresh = await createTestApp();
    try {
      const ws = await workspaceWithOwner(fresh, 'Conteos');
      const number = await insertChannel(fresh, ws.workspace.id);
      const agent = await addMember(fresh, ws.client, 'agent', 'Ana');
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) ids.push((await receiveText(fresh, number, String(5491150000000 + i), `Consulta ${i}`, `Cliente ${i}`)).conversationId);
      // Routing has classified them (on PGlite it runs a quarter of a second after a burst) before the list is read.
      await fresh.ctx.routing.idle();
      // Waiting since: conversation i waits since i minutes ago -> the oldest is the last one.
      for (const [i, id] of ids.entries()) await fresh.ctx.db.update(conversations).set({ waitingSince: new Date(Date.now() - i * 60_000) }).where(eq(conversations.id, id));
      await agent.client.post(`/api/v1/conversations/${ids[0]}/take`);
      await agent.client.post(`/api/v1/conversations/${ids[1]}/take`);
      await ws.client.patch(`/api/v1/conversations/${ids[2]}`, { status: 'resolved' });
      await ws.client.patch(`/api/v1/conversations/${ids[3]}`, { priority: 'urgent' });
      await fresh.ctx.routing.idle();
      const counts = (await agent.client.get('/api/v1/conversations/counts')).json();
      expect(counts).toMatchObject({ all: 6, mine: 2, unassigned: 4, mentions: 0, channels: { [number.channel.id]: 6 } });
      const pages: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { conversations: { id: string }[]; nextCursor: string | null } = (await agent.client.get(`/api/v1/conversations?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json();
        pages.push(...page.conversations.map((c) => c.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(pages).toEqual([ids[6], ids[5], ids[4], ids[3], ids[1], ids[0]]);
      // List rows are serialised without zod: they must still be exactly the contract's shape, and
      // show each conversation as GET of that conversation does (which has the pinned note besides).
      const [firstTag, secondTag] = (await ws.client.get('/api/v1/tags')).json().tags as { id: string }[];
      await ws.client.patch(`/api/v1/conversations/${ids[4]}`, { addTagIds: [firstTag!.id, secondTag!.id] });
      expect((await agent.client.post(`/api/v1/conversations/${ids[5]}/read`, {})).statusCode).toBe(200);
      const listed = (await agent.client.get('/api/v1/conversations?limit=100')).json();
      expect(listed.conversations.find((row: { id: string }) => row.id === ids[4]).tags).toHaveLength(2);
      expect(listed.conversations.map((row: { unread: boolean }) => row.unread)).toContain(false);
      expect(listed.conversations.map((row: { unread: boolean }) => row.unread)).toContain(true);
      expect(ConversationPage.parse(listed)).toEqual(listed);
      for (const row of listed.conversations) {
        const { pinnedNote: _pinned, ...single } = (await agent.client.get(`/api/v1/conversations/${row.id}`)).json();
        expect(row).toEqual(single);
      }
      const byPriority = (await agent.client.get('/api/v1/conversations?sort=priority&limit=2')).json();
      expect(byPriority.conversations[0].id).toBe(ids[3]);
      const next = (await agent.client.get(`/api/v1/conversations?sort=priority&limit=10&cursor=${byPriority.nextCursor}`)).json();
      expect(next.conversations.map((c: { id: string }) => c.id)).toEqual([ids[5], ids[4], ids[1], ids[0]]);
      const mine = (await agent.client.get('/api/v1/conversations?view=mine')).json().conversations.map((c: { id: string }) => c.id);
      expect(mine.sort()).toEqual([ids[0], ids[1]].sort());
      const resolved = (await agent.client.get('/api/v1/conversations?status=resolved')).json().conversations.map((c: { id: string }) => c.id);
      expect(resolved).toEqual([ids[2]]);
      const newest = (await agent.client.get('/api/v1/conversations?sort=newest&status=open&status=resolved&limit=1')).json();
      expect(newest.conversations).toHaveLength(1);
      expect((await agent.client.get('/api/v1/conversations?cursor=bm9wZQ')).statusCode).toBe(400);
      const tampered = (key: object) => Buffer.from(JSON.stringify(key)).toString('base64url');
      for (const [sort, key] of [
        ['waiting', { w: 'x', id: ids[0] }],
        ['waiting', { w: 'infinity', id: '------------------------------------' }],
        ['priority', { p: 1.5, w: 'infinity', id: ids[0] }],
        ['newest', { a: 'infinity', id: ids[0] }],
      ] as const) {
        expect((await agent.client.get(`/api/v1/conversations?sort=${sort}&cursor=${tampered(key)}`)).statusCode).toBe(400);
      }
      // Conversations touched in one transaction share a microsecond timestamp: paging by newest loses none.
      await fresh.ctx.db.update(conversations).set({ lastActivityAt: sql`'2026-11-25 10:00:00.123456+00'::timestamptz` }).where(inArray(conversations.id, ids));
      const newestPages: string[] = [];
      let newestCursor: string | null = null;
      do {
        const page: { conversations: { id: string }[]; nextCursor: string | null } = (await agent.client.get(`/api/v1/conversations?sort=newest&limit=1${newestCursor ? `&cursor=${newestCursor}` : ''}`)).json();
        newestPages.push(...page.conversations.map((c) => c.id));
        newestCursor = page.nextCursor;
      } while (newestCursor);
      expect(newestPages.sort()).toEqual([ids[0], ids[1], ids[3], ids[4], ids[5], ids[6]].sort());
      expect((await agent.client.get('/api/v1/conversations?sort=bogus')).statusCode).toBe(400);
    } finally {
      await fresh.close();
    }
  });

  it('finds conversations by contact name, phone digits and message words in Spanish and English', async () => {
    const hit = await receiveText(t, channel, '5491133334444', '¿Cuáles son los precios de las zapatillas?', 'Mónica Zúñiga');
    const english = await receiveText(t, channel, '5491155556666', 'My orders never arrived', 'John Smith');
    const search = async (q: string) => (await ana.client.get(`/api/v1/conversations?q=${encodeURIComponent(q)}&limit=100`)).json().conversations.map((c: { id: string }) => c.id) as string[];
    expect(await search('precio')).toContain(hit.conversationId);
    expect(await search('zapatilla')).toContain(hit.conversationId);
    expect(await search('Zúñiga')).toContain(hit.conversationId);
    expect(await search('3333 4444')).toContain(hit.conversationId);
    expect(await search('order')).toContain(english.conversationId);
    expect(await search('order')).not.toContain(hit.conversationId);
    expect(await search('inexistente')).toHaveLength(0);
    expect(await search('100%_')).toHaveLength(0);
  });

  it('unread per member: a customer message makes it unread until the member reads it', async () => {
    const { conversationId } = await customer();
    const unread = async () => (await ana.client.get(`/api/v1/conversations/${conversationId}`)).json().unread;
    expect(await unread()).toBe(true);
    await ana.client.post(`/api/v1/conversations/${conversationId}/read`, { typing: false });
    expect(await unread()).toBe(false);
    expect((await luis.client.get(`/api/v1/conversations/${conversationId}`)).json().unread).toBe(true);
    await receiveText(t, channel, String(phone), 'Hola?');
    expect(await unread()).toBe(true);
    // The list decides unread in SQL: the same answers.
    const listed = async (member: typeof ana) =>
      (await member.client.get(`/api/v1/conversations?contactId=${(await conversation(conversationId)).contactId}`)).json().conversations[0].unread;
    expect(await listed(ana)).toBe(true);
    await ana.client.post(`/api/v1/conversations/${conversationId}/read`, { typing: false });
    expect(await listed(ana)).toBe(false);
    expect(await listed(luis)).toBe(true);
  });

  it('a conversation changed in any way shows changed in the next page, while unchanged rows are not read again', async () => {
    const { conversationId } = await customer('¿Tienen envío?');
    const listed = async () => {
      const page = (await sara.client.get(`/api/v1/conversations?contactId=${(await conversation(conversationId)).contactId}`)).json();
      expect(ConversationPage.parse(page)).toEqual(page);
      return page.conversations[0];
    };
    const before = await listed();
    expect(t.ctx.renderedConversations.get(conversationId, ((await t.ctx.database.exec(`select xmin::text as v from conversations where id = '${conversationId}'`))[0]!.rows[0] as { v: string }).v)).toBeDefined();
    await sara.client.patch(`/api/v1/conversations/${conversationId}`, { priority: 'urgent' });
    expect(await listed()).toMatchObject({ priority: 'urgent', lastMessage: before.lastMessage });
    // A write that does not go through the API (another process, a migration, a manual fix).
    await t.ctx.db.update(conversations).set({ lastMessageText: 'Editado a mano', windowExpiresAt: new Date(Date.now() - 1000) }).where(eq(conversations.id, conversationId));
    expect(await listed()).toMatchObject({ priority: 'urgent', lastMessage: { text: 'Editado a mano' }, windowOpen: false });
    // The contact is read live: renaming it does not touch the conversation row.
    await t.ctx.db.update(contacts).set({ name: 'Nombre Nuevo' }).where(eq(contacts.id, before.contact.id));
    expect((await listed()).contact.name).toBe('Nombre Nuevo');
    const { pinnedNote: _pinned, ...single } = (await sara.client.get(`/api/v1/conversations/${conversationId}`)).json();
    expect(await listed()).toEqual(single);
  });

  it('the list names tags as they are now: created a moment ago, renamed, deleted', async () => {
    const { conversationId } = await customer();
    const listedTags = async () =>
      ((await sara.client.get(`/api/v1/conversations?contactId=${(await conversation(conversationId)).contactId}`)).json().conversations[0].tags as { name: string; color: string }[]).map(
        (tag) => `${tag.name}/${tag.color}`,
      );
    const nuevo = ((await owner.get('/api/v1/tags')).json().tags as { id: string; name: string }[]).find((tag) => tag.name === 'Nuevo')!;
    await sara.client.patch(`/api/v1/conversations/${conversationId}`, { addTagIds: [nuevo.id] });
    expect(await listedTags()).toEqual(['Nuevo/sky']);
    const zeta = (await owner.post('/api/v1/tags', { name: 'Zeta mayorista', color: 'green' })).json();
    const alfa = (await owner.post('/api/v1/tags', { name: 'Alfa reclamo', color: 'red' })).json();
    await sara.client.patch(`/api/v1/conversations/${conversationId}`, { addTagIds: [zeta.id, alfa.id] });
    expect(await listedTags()).toEqual(['Alfa reclamo/red', 'Nuevo/sky', 'Zeta mayorista/green']);
    await owner.patch(`/api/v1/tags/${zeta.id}`, { name: 'Mayorista', color: 'amber' });
    expect(await listedTags()).toEqual(['Alfa reclamo/red', 'Mayorista/amber', 'Nuevo/sky']);
    await owner.delete(`/api/v1/tags/${alfa.id}`);
    expect(await listedTags()).toEqual(['Mayorista/amber', 'Nuevo/sky']);
  });

  it('saved views belong to their member', async () => {
    const saved = await ana.client.post('/api/v1/views', { name: 'Urgentes', filters: { priority: ['urgent'], sort: 'waiting' } });
    expect(saved.statusCode).toBe(201);
    expect((await ana.client.get('/api/v1/views')).json().views).toEqual([expect.objectContaining({ name: 'Urgentes', filters: { priority: ['urgent'], sort: 'waiting' } })]);
    expect((await luis.client.get('/api/v1/views')).json().views).toEqual([]);
    expect((await luis.client.delete(`/api/v1/views/${saved.json().id}`)).statusCode).toBe(404);
  });

  it('notifies the owner of new customer messages, one unread notification per conversation', async () => {
    const { conversationId } = await customer();
    await luis.client.post(`/api/v1/conversations/${conversationId}/take`);
    await receiveText(t, channel, String(phone), 'uno');
    await receiveText(t, channel, String(phone), 'dos');
    const list = (await luis.client.get('/api/v1/notifications')).json();
    const forIt = list.notifications.filter((n: { conversationId: string; kind: string }) => n.conversationId === conversationId && n.kind === 'new_message');
    expect(forIt).toEqual([expect.objectContaining({ count: 2, text: 'dos', readAt: null })]);
    await luis.client.post(`/api/v1/conversations/${conversationId}/read`, { typing: false });
    const after = (await luis.client.get('/api/v1/notifications')).json().notifications.filter((n: { conversationId: string }) => n.conversationId === conversationId);
    expect(after.every((n: { readAt: string | null }) => n.readAt !== null)).toBe(true);
  });
});
