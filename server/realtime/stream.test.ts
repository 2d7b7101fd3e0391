import { and, eq, gt } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.js';
import { TestClient } from '../../test/support/client.js';
import { addMember, insertChannel, workspaceWithOwner } from '../../test/support/factories.js';
import { openStream } from '../../test/support/sse.js';
import { receiveText } from '../../test/support/webhooks.js';
import { events } from '../db/schema.js';
import { recordEvent, systemActor } from '../events/event-log.js';

let t: TestApp;
let owner: TestClient;
let workspaceId: string;
let channel: Awaited<ReturnType<typeof insertChannel>>;
let phone = 5491160000000;

beforeAll(async () => {
  t = await createTestApp({ listen: true });
  const created = await workspaceWithOwner(t, 'Tiempo Real');
  owner = created.client;
  workspaceId = created.workspace.id;
  channel = await insertChannel(t, workspaceId);
});
afterAll(async () => t?.close());

const streamOf = (client: TestClient, lastEventId?: string | number | null) => openStream(t.url, { cookie: client.cookie, bearer: client.bearer }, lastEventId);
const maxEventId = async () => Number((await t.ctx.db.select().from(events).orderBy(events.id)).at(-1)?.id ?? 0);

describe('the event stream', () => {
  it('refuses strangers', async () => {
    const stream = openStream(t.url, {});
    await stream.opened;
    expect(stream.status).toBe(401);
    stream.close();
  });

  it('dropped mid-burst of 500 events and resumed from the last id: every event exactly once, in order', async () => {
    const { conversationId } = await receiveText(t, channel, String(++phone), 'Hola');
    const start = await maxEventId();
    const first = streamOf(owner);
    await first.opened;
    const burst = (from: number, to: number) =>
      Promise.all(
        Array.from({ length: to - from }, (_, i) =>
          owner.post(`/api/v1/conversations/${conversationId}/messages`, { type: 'text', text: `nota ${from + i}`, private: true }).then((r) => {
            if (r.statusCode !== 201) throw new Error(r.body);
          }),
        ),
      );
    // 500 notes, 25 at a time (concurrent transactions commit out of id order on PostgreSQL).
    const writing = (async () => {
      for (let i = 0; i < 500; i += 25) await burst(i, i + 25);
    })();
    await first.until((messages) => messages.length >= 120, 30_000);
    first.close();
    const lastSeen = first.lastId();
    await writing;
    const second = streamOf(owner, lastSeen);
    await second.opened;
    const expected = (await t.ctx.db.select({ id: events.id }).from(events).where(and(eq(events.workspaceId, workspaceId), gt(events.id, start))).orderBy(events.id)).map((e) => Number(e.id));
    await second.until(() => first.events().length + second.events().length >= expected.length, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    second.close();
    const received = [...first.events(), ...second.events()].map((event) => event.id as number);
    expect(received).toEqual(expected);
    expect(new Set(received).size).toBe(received.length);
    expect(first.events().filter((e) => e.type === 'note.added')[0]).toMatchObject({ conversationId, subjectType: 'conversation', actor: { type: 'user' } });
  });

  it('delivers what a rolled-back transaction leaves behind it, without waiting long', async () => {
    const stream = streamOf(owner);
    await stream.opened;
    await t.ctx
      .transaction(async (tx) => {
        await recordEvent(tx, { workspaceId, actor: systemActor, type: 'tag.created', subjectType: 'tag', subjectId: 'rolled-back', payload: {} });
        throw new Error('roll back');
      })
      .catch(() => {});
    const started = Date.now();
    const created = await owner.post('/api/v1/tags', { name: `Tras rollback ${phone}`, color: 'lime' });
    await stream.until((messages) => messages.some((m) => m.data.subjectId === created.json().id), 5_000);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(stream.events().some((e) => e.subjectId === 'rolled-back')).toBe(false);
    stream.close();
  });

  it('each member receives only what they may see: teams, notifications, other workspaces', async () => {
    const ventas = await addMember(t, owner, 'agent', 'Vera Ventas');
    const soporte = await addMember(t, owner, 'agent', 'Sol Soporte');
    const team = (await owner.post('/api/v1/teams', { name: `Ventas ${phone}`, memberIds: [ventas.memberId] })).json();
    await owner.patch('/api/v1/workspace', { inboxSettings: { agentVisibility: 'team' } });
    const other = await workspaceWithOwner(t, 'Otra Tienda');
    const streams = { ventas: streamOf(ventas.client), soporte: streamOf(soporte.client), outsider: streamOf(other.client), owner: streamOf(owner) };
    await Promise.all(Object.values(streams).map((s) => s.opened));
    try {
      // Words no routing rule knows: the conversation arrives without a team.
      const { conversationId } = await receiveText(t, channel, String(++phone), 'Hola, una consulta');
      await owner.post(`/api/v1/conversations/${conversationId}/assign`, { teamId: team.id, assigneeId: null });
      await owner.post(`/api/v1/conversations/${conversationId}/messages`, { type: 'text', text: 'Para Vera', private: true, mentions: [ventas.memberId] });
      await receiveText(t, channel, String(phone), '¿Hola?');
      const marker = (await owner.post('/api/v1/tags', { name: `Fin ${phone}`, color: 'slate' })).json().id;
      const seenMarker = (s: ReturnType<typeof streamOf>) => s.until((messages) => messages.some((m) => m.data.subjectId === marker));
      await Promise.all([seenMarker(streams.ventas), seenMarker(streams.soporte), seenMarker(streams.owner)]);
      const about = (s: ReturnType<typeof streamOf>) => s.events().filter((e) => e.conversationId === conversationId).map((e) => e.type);
      expect(about(streams.owner)).toEqual(expect.arrayContaining(['conversation.assigned', 'note.added', 'message.received']));
      expect(about(streams.ventas)).toEqual(expect.arrayContaining(['conversation.assigned', 'note.added', 'message.received', 'notification.created']));
      // The first message arrived before the conversation joined the team: Sol saw that, nothing after.
      // (and, depending on timing, routing queueing it while it had no team).
      expect(about(streams.soporte).filter((type) => !['message.received', 'conversation.created', 'conversation.queued'].includes(type))).toEqual([]);
      expect(streams.soporte.events().filter((e) => e.type === 'message.received' && e.conversationId === conversationId)).toHaveLength(1);
      expect(streams.soporte.events().some((e) => e.type === 'notification.created')).toBe(false);
      expect(streams.owner.events().some((e) => e.type === 'notification.created')).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(streams.outsider.events()).toEqual([]);
    } finally {
      Object.values(streams).forEach((s) => s.close());
      await owner.patch('/api/v1/workspace', { inboxSettings: { agentVisibility: 'all' } });
    }
  });

  it('an API token sees its whole workspace', async () => {
    const token = (await owner.post('/api/v1/api-tokens', { name: 'CRM', role: 'agent' })).json().token as string;
    const stream = streamOf(TestClient.withToken(t, token));
    await stream.opened;
    const { conversationId } = await receiveText(t, channel, String(++phone), 'Hola CRM');
    await stream.until((messages) => messages.some((m) => m.data.type === 'message.received' && m.data.conversationId === conversationId));
    stream.close();
  });

  it('closes a stream whose session ended or whose token was revoked', async () => {
    const ana = await addMember(t, owner, 'agent', 'Ana Sale');
    const created = (await owner.post('/api/v1/api-tokens', { name: 'Revocable', role: 'agent' })).json();
    const byToken = streamOf(TestClient.withToken(t, created.token));
    const bySession = streamOf(ana.client);
    const ownerStream = streamOf(owner);
    await Promise.all([byToken.opened, bySession.opened, ownerStream.opened]);
    const open = () => t.app.realtime.connections.size;
    const before = open();
    expect((await ana.client.post('/api/v1/auth/logout')).statusCode).toBeLessThan(300);
    expect((await owner.delete(`/api/v1/api-tokens/${created.apiToken.id}`)).statusCode).toBeLessThan(300);
    await t.app.realtime.revalidate();
    expect(open()).toBe(before - 2);
    // The owner's stream still works.
    const marker = (await owner.post('/api/v1/tags', { name: `Sigue ${phone}`, color: 'lime' })).json().id;
    await ownerStream.until((messages) => messages.some((m) => m.data.subjectId === marker));
    expect(byToken.events().some((e) => e.subjectId === marker)).toBe(false);
    expect(bySession.events().some((e) => e.subjectId === marker)).toBe(false);
    for (const stream of [byToken, bySession, ownerStream]) stream.close();
  });

  it('a server with open streams still shuts down promptly', async () => {
    const other = await createTestApp({ listen: true });
    const created = await workspaceWithOwner(other, 'Cierre');
    const stream = openStream(other.url, { cookie: created.client.cookie });
    await stream.opened;
    expect(stream.status).toBe(200);
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(5_000);
    stream.close();
  });

  it('presence: viewing and typing reach the others, expire, and are listed', async () => {
    const ana = await addMember(t, owner, 'agent', 'Ana Presente');
    const { conversationId } = await receiveText(t, channel, String(++phone), 'Hola');
    const stream = streamOf(owner);
    await stream.opened;
    expect((await ana.client.post(`/api/v1/conversations/${conversationId}/presence`, { state: 'typing' })).statusCode).toBe(204);
    await stream.until((messages) => messages.some((m) => m.event === 'presence' && m.data.conversationId === conversationId && m.data.state === 'typing' && m.data.name === 'Ana Presente'));
    expect((await owner.get('/api/v1/presence')).json().presence).toEqual([expect.objectContaining({ conversationId, memberId: ana.memberId, state: 'typing' })]);
    await ana.client.post(`/api/v1/conversations/${conversationId}/presence`, { state: 'left' });
    await stream.until((messages) => messages.some((m) => m.event === 'presence' && m.data.state === 'left'));
    expect((await owner.get('/api/v1/presence')).json().presence).toEqual([]);
    expect((await ana.client.post(`/api/v1/conversations/${conversationId}/presence`, { state: 'dancing' })).statusCode).toBe(400);
    stream.close();
  });
});

describe.runIf(process.env.BANDEJA_TEST_DB === 'postgres')('two server processes on one PostgreSQL + Redis', () => {
  it('a message ingested through server A appears on a stream connected to server B', async () => {
    const { createTestDatabase } = await import('../../test/support/database.js');
    const { openDatabase } = await import('../db/client.js');
    const database = await createTestDatabase('postgres');
    const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
    const a = await createTestApp({ listen: true, database, config: { redisUrl } });
    const b = await createTestApp({ listen: true, database: await openDatabase({ kind: 'postgres', url: database.url! }), config: { redisUrl } });
    try {
      const created = await workspaceWithOwner(a, 'Dos Procesos');
      const number = await insertChannel(a, created.workspace.id);
      const onB = openStream(b.url, { cookie: created.client.cookie });
      await onB.opened;
      expect(onB.status).toBe(200);
      const { conversationId, messageId } = await receiveText(a, number, '5491170000001', 'Hola desde A');
      await onB.until((messages) => messages.some((m) => m.data.type === 'message.received' && m.data.payload.messageId === messageId));
      expect(onB.events().find((e) => e.type === 'message.received')).toMatchObject({ conversationId });
      // B's list keeps tag names in memory: a rename made through A reaches it through the event bus.
      const onBClient = new TestClient(b);
      onBClient.cookie = created.client.cookie;
      const tag = (await created.client.get('/api/v1/tags')).json().tags[0] as { id: string };
      await created.client.patch(`/api/v1/conversations/${conversationId}`, { addTagIds: [tag.id] });
      const tagsOnB = async () => (await onBClient.get('/api/v1/conversations')).json().conversations.find((c: { id: string }) => c.id === conversationId).tags;
      expect((await tagsOnB())[0]).toMatchObject({ id: tag.id });
      await created.client.patch(`/api/v1/tags/${tag.id}`, { name: 'Renombrada en A' });
      await onB.until((messages) => messages.some((m) => m.data.type === 'tag.updated'));
      expect((await tagsOnB())[0]).toMatchObject({ name: 'Renombrada en A' });
      onB.close();
    } finally {
      await b.close();
      await a.close();
    }
  });
});
