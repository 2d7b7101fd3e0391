import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contacts, events, messages, tags, teams } from '../server/db/schema.js';
import { createTestApp, type TestApp } from './support/app.js';
import type { TestClient } from './support/client.js';
import { insertChannel, workspaceWithOwner } from './support/factories.js';
import { receiveText } from './support/webhooks.js';

let t: TestApp;
let owner: TestClient;
let conversationId: string;
let contactId: string;

beforeAll(async () => {
  t = await createTestApp();
  const made = await workspaceWithOwner(t, 'Texto almacenable');
  owner = made.client;
  const channel = await insertChannel(t, made.workspace.id);
  ({ conversationId, contactId } = await receiveText(t, channel, '5491100001111', 'hola'));
});
afterAll(async () => {
  await t.close();
});

const noNul = (value: unknown) => expect(JSON.stringify(value)).not.toContain('\\u0000');

// PostgreSQL cannot store U+0000 in text or jsonb: without the rule each of these was a 500.
describe('a NUL character in a request', () => {
  it('becomes U+FFFD in a tag name and a team name', async () => {
    const tag = await owner.post('/api/v1/tags', { name: 'vip\u0000nul', color: 'red' });
    expect(tag.statusCode).toBe(201);
    expect(tag.json().name).toBe('vip\ufffdnul');
    const [storedTag] = await t.ctx.db.select().from(tags).where(eq(tags.id, tag.json().id));
    expect(storedTag!.name).toBe('vip\ufffdnul');

    const team = await owner.post('/api/v1/teams', { name: '\u0000Ventas' });
    expect(team.statusCode).toBe(201);
    const [storedTeam] = await t.ctx.db.select().from(teams).where(eq(teams.id, team.json().id));
    expect(storedTeam!.name).toBe('\ufffdVentas');
    // The event keeps the cleaned body too (jsonb).
    const [event] = await t.ctx.db.select().from(events).where(eq(events.subjectId, team.json().id));
    noNul(event!.payload);
  });

  it("becomes U+FFFD in a contact's name, a custom field's name and its value", async () => {
    const response = await owner.patch(`/api/v1/contacts/${contactId}`, { name: 'Ana\u0000', customFields: { 'pedido\u0000': 'n\u0000 42' } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ name: 'Ana\ufffd', customFields: { 'pedido\ufffd': 'n\ufffd 42' } });
    const [stored] = await t.ctx.db.select().from(contacts).where(eq(contacts.id, contactId));
    expect(stored!.name).toBe('Ana\ufffd');
    expect(stored!.customFields).toEqual({ 'pedido\ufffd': 'n\ufffd 42' });
  });

  it('becomes U+FFFD in a private note', async () => {
    const response = await owner.post(`/api/v1/conversations/${conversationId}/messages`, { type: 'text', text: 'llamar\u0000 mañana', private: true });
    expect(response.statusCode).toBe(201);
    const [stored] = await t.ctx.db.select().from(messages).where(eq(messages.id, response.json().id));
    expect(stored!.text).toBe('llamar\ufffd mañana');
  });

  it('becomes U+FFFD in the search query, which then simply finds nothing', async () => {
    const response = await owner.get(`/api/v1/conversations?q=${encodeURIComponent('ho\u0000la')}`);
    expect(response.statusCode).toBe(200);
    expect(response.json().conversations).toEqual([]);
  });

  it('becomes U+FFFD in a route without a schema too, and a lone surrogate likewise', async () => {
    // The verification handshake declares no schema and echoes its query string: cleaned all the same.
    const echo = await t.app.inject(`/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=12%0034&hub.verify_token=verify-token-123`);
    expect(echo.statusCode).toBe(200);
    expect(echo.body).toBe('12\ufffd34');
    const tag = await owner.post('/api/v1/tags', { name: 'medio \ud83d emoji', color: 'blue' });
    expect(tag.statusCode).toBe(201);
    expect(tag.json().name).toBe('medio \ufffd emoji');
  });

  it('in an unsigned webhook’s phone number id is no 500: only what a Graph id can be reaches a query', async () => {
    const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: { metadata: { phone_number_id: '12\u00003' } } }] }] });
    const response = await t.app.inject({ method: 'POST', url: '/webhooks/whatsapp', headers: { 'content-type': 'application/json' }, payload: body });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ received: true });
  });
});
