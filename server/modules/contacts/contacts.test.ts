import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContactPage } from '../../../contracts/contacts.js';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { TestClient } from '../../../test/support/client.js';
import { addMember, insertChannel, workspaceWithOwner } from '../../../test/support/factories.js';
import { receiveText } from '../../../test/support/webhooks.js';
import { contacts, conversations, teams, workspaces } from '../../db/schema.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const list = async (client: TestClient, query = '') => {
  const response = await client.get(`/api/v1/contacts${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as ContactPage;
};
const names = (page: ContactPage) => page.contacts.map((contact) => contact.name);

/** A workspace with a number and customers who wrote to it, oldest first. */
async function workspaceWithCustomers(name: string, customers: { waId: string; name: string }[]) {
  const owner = await workspaceWithOwner(t, name);
  const { channel, appSecret, phoneNumberId } = await insertChannel(t, owner.workspace.id);
  const received = [];
  for (const customer of customers) received.push(await receiveText(t, { phoneNumberId, appSecret }, customer.waId, 'Hola', customer.name));
  return { ...owner, channel, received };
}

describe('GET /api/v1/contacts', () => {
  it('lists only the caller’s workspace contacts, most recent first, each with its last conversation', async () => {
    const a = await workspaceWithCustomers('Tienda A', [
      { waId: '5491150000001', name: 'Carla Gómez' },
      { waId: '5491150000002', name: 'Diego Ruiz' },
    ]);
    const b = await workspaceWithCustomers('Tienda B', [{ waId: '5491150000009', name: 'Bruno de B' }]);

    const page = await list(a.client);
    expect(names(page)).toEqual(['Diego Ruiz', 'Carla Gómez']);
    expect(page.nextCursor).toBeNull();
    const [conversation] = await t.ctx.db.select().from(conversations).where(eq(conversations.id, a.received[1]!.conversationId));
    expect(page.contacts[0]).toEqual({
      id: a.received[1]!.contactId,
      name: 'Diego Ruiz',
      username: null,
      phone: '+5491150000002',
      vip: false,
      tags: [],
      lastConversation: { id: conversation!.id, displayNumber: conversation!.displayNumber, status: 'open', lastActivityAt: conversation!.lastActivityAt.toISOString() },
      createdAt: expect.any(String),
    });

    // B's customer is never A's: not listed, not found by name or number.
    expect(names(await list(b.client))).toEqual(['Bruno de B']);
    expect(names(await list(a.client, '?q=Bruno'))).toEqual([]);
    expect(names(await list(a.client, '?q=0000009'))).toEqual([]);
    // The same person writing to both workspaces is two contacts, one in each.
    const { phoneNumberId, appSecret } = await insertChannel(t, b.workspace.id);
    await receiveText(t, { phoneNumberId, appSecret }, '5491150000001', 'Hola B', 'Carla en B');
    expect(names(await list(a.client, '?q=Carla'))).toEqual(['Carla Gómez']);
    expect(names(await list(b.client, '?q=Carla'))).toEqual(['Carla en B']);

    // A workspace without customers has none, and says so with an empty list.
    const empty = await workspaceWithOwner(t, 'Tienda vacía');
    expect(await list(empty.client)).toEqual({ contacts: [], nextCursor: null });
  });

  it('searches names, usernames and numbers, taking % and _ literally', async () => {
    const { client } = await workspaceWithCustomers('Tienda Búsqueda', [
      { waId: '5491155550101', name: 'María López' },
      { waId: '5215512345678', name: 'Mario Pérez' },
      { waId: '5491155550303', name: 'Elena_Sosa' },
    ]);
    await t.ctx.db.update(contacts).set({ username: 'elenita' }).where(eq(contacts.name, 'Elena_Sosa'));
    expect(names(await list(client, '?q=mar')).sort()).toEqual(['Mario Pérez', 'María López']);
    expect(names(await list(client, `?q=${encodeURIComponent('55 1234')}`))).toEqual(['Mario Pérez']);
    expect(names(await list(client, '?q=ELENITA'))).toEqual(['Elena_Sosa']);
    expect(names(await list(client, '?q=a_S'))).toEqual(['Elena_Sosa']);
    // As a wildcard, "_" would match the space in "María López".
    expect(names(await list(client, '?q=a_L'))).toEqual([]);
    expect(names(await list(client, `?q=${encodeURIComponent('%')}`))).toEqual([]);
  });

  it('pages with a cursor: every contact once, in order', async () => {
    const { client, workspace } = await workspaceWithOwner(t, 'Tienda Páginas');
    // Same creation instant for all: only the id breaks the tie, and the cursor must keep it.
    const at = new Date('2026-12-01T10:00:00.123456Z');
    await t.ctx.db.insert(contacts).values(Array.from({ length: 5 }, (_, index) => ({ workspaceId: workspace.id, name: `Cliente ${index}`, createdAt: at })));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: ContactPage = await list(client, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.contacts.length).toBeLessThanOrEqual(2);
      seen.push(...page.contacts.map((contact) => contact.id));
      cursor = page.nextCursor;
    } while (cursor);
    const all = (await list(client)).contacts.map((contact) => contact.id);
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(5);
  });

  it('names the field of bad input', async () => {
    const { client } = await workspaceWithOwner(t, 'Tienda Errores');
    for (const [query, field] of [
      ['?limit=0', 'querystring.limit'],
      ['?limit=500', 'querystring.limit'],
      ['?limit=diez', 'querystring.limit'],
      ['?cursor=not-a-cursor', 'querystring.cursor'],
      [`?q=${'x'.repeat(201)}`, 'querystring.q'],
      ['?q=%20%20', 'querystring.q'],
    ] as const) {
      const response = await client.get(`/api/v1/contacts${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error.details.fields[0].path, query).toBe(field);
    }
    expect((await new TestClient(t).get('/api/v1/contacts')).statusCode).toBe(401);
  });

  it('shows an agent limited to their teams every contact, but not another team’s conversation', async () => {
    const { client: owner, workspace, received } = await workspaceWithCustomers('Tienda Equipos', [{ waId: '5491150000501', name: 'Sofía Paz' }]);
    const agent = await addMember(t, owner, 'agent', 'Luis Agente');
    const [team] = await t.ctx.db.insert(teams).values({ workspaceId: workspace.id, name: 'Mayoristas' }).returning();
    await t.ctx.db.update(conversations).set({ teamId: team!.id }).where(eq(conversations.id, received[0]!.conversationId));
    await t.ctx.db.update(workspaces).set({ inboxSettings: { agentsCanAssign: false, onlyAssigneeReplies: false, agentVisibility: 'team' } }).where(eq(workspaces.id, workspace.id));

    const seenByAgent = await list(agent.client);
    expect(seenByAgent.contacts).toMatchObject([{ name: 'Sofía Paz', lastConversation: null }]);
    expect((await list(owner)).contacts).toMatchObject([{ name: 'Sofía Paz', lastConversation: { id: received[0]!.conversationId } }]);
  });
});
