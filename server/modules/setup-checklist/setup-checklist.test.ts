import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { addMember, insertChannel, workspaceWithOwner } from '../../../test/support/factories.js';
import { receiveText } from '../../../test/support/webhooks.js';
import { channels } from '../../db/schema.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

type Checklist = { steps: { id: string; done: boolean }[]; simulatorUrl: string | null; dismissed: boolean };
const done = (checklist: Checklist) => Object.fromEntries(checklist.steps.map((step) => [step.id, step.done]));

describe('the getting-started checklist', () => {
  it('ticks each step from the workspace’s own state, never from another workspace’s', async () => {
    const shop = await workspaceWithOwner(t, 'Tienda Norte');
    const other = await workspaceWithOwner(t, 'Tienda Oeste');
    const read = async (client = shop.client) => (await client.get('/api/v1/setup-checklist')).json() as Checklist;
    expect(await read()).toEqual({
      steps: [
        { id: 'connect_number', done: false },
        { id: 'invite_team', done: false },
        { id: 'review_rules', done: false },
        { id: 'first_message', done: false },
      ],
      simulatorUrl: null,
      dismissed: false,
    });

    // A number Graph never confirmed is not connected yet.
    const number = await insertChannel(t, shop.workspace.id);
    await t.ctx.db.update(channels).set({ verifiedAt: null }).where(eq(channels.id, number.channel.id));
    expect(done(await read()).connect_number).toBe(false);
    await t.ctx.db.update(channels).set({ verifiedAt: new Date() }).where(eq(channels.id, number.channel.id));
    expect(done(await read()).connect_number).toBe(true);

    // A pending invitation is enough: the person may not have accepted yet.
    expect((await shop.client.post('/api/v1/invitations', { email: 'vendedor@example.com', role: 'agent' })).statusCode).toBe(201);
    expect(done(await read()).invite_team).toBe(true);

    expect((await shop.client.post('/api/v1/setup-checklist/rules-reviewed')).statusCode).toBe(204);
    expect(done(await read()).review_rules).toBe(true);

    await receiveText(t, number, '5491160000001', 'Hola, ¿hacen envíos?');
    expect(await read()).toMatchObject({ steps: [{ done: true }, { done: true }, { done: true }, { done: true }], dismissed: false });

    // Nothing of it shows in the other workspace.
    expect(Object.values(done(await read(other.client)))).toEqual([false, false, false, false]);

    // Changing a rule counts as reviewing them; a member who joined counts as the team.
    expect((await other.client.post('/api/v1/routing/rules', { name: 'Envíos', conditions: [{ kind: 'text', values: ['envío'] }], actions: {} })).statusCode).toBe(201);
    await addMember(t, other.client, 'agent', 'Beto Agente');
    expect(done(await read(other.client))).toMatchObject({ review_rules: true, invite_team: true, connect_number: false, first_message: false });
  });

  it('is for admins and owners, hidden for the whole workspace once one of them dismisses it', async () => {
    const shop = await workspaceWithOwner(t, 'Tienda Este');
    const admin = await addMember(t, shop.client, 'admin', 'Ada Admin');
    const supervisor = await addMember(t, shop.client, 'supervisor', 'Sara Supervisora');
    const agent = await addMember(t, shop.client, 'agent', 'Ana Agente');
    expect((await admin.client.get('/api/v1/setup-checklist')).statusCode).toBe(200);
    for (const person of [supervisor, agent]) {
      expect((await person.client.get('/api/v1/setup-checklist')).statusCode).toBe(403);
      expect((await person.client.post('/api/v1/setup-checklist/dismiss')).statusCode).toBe(403);
      expect((await person.client.post('/api/v1/setup-checklist/rules-reviewed')).statusCode).toBe(403);
    }
    expect((await admin.client.post('/api/v1/setup-checklist/dismiss')).statusCode).toBe(204);
    expect((await admin.client.post('/api/v1/setup-checklist/dismiss')).statusCode).toBe(204);
    expect((await shop.client.get('/api/v1/setup-checklist')).json()).toMatchObject({ dismissed: true });
    const other = await workspaceWithOwner(t, 'Tienda Sur Dos');
    expect((await other.client.get('/api/v1/setup-checklist')).json()).toMatchObject({ dismissed: false });
  });

  it('offers the simulator only where the demo connected its number', async () => {
    const demoShop = await workspaceWithOwner(t, 'Tienda Demo');
    const plainShop = await workspaceWithOwner(t, 'Tienda Real');
    const demoNumber = await insertChannel(t, demoShop.workspace.id);
    t.ctx.demo = { simulatorUrl: 'http://127.0.0.1:4010', phoneNumberId: demoNumber.phoneNumberId };
    try {
      expect((await demoShop.client.get('/api/v1/setup-checklist')).json()).toMatchObject({ simulatorUrl: 'http://127.0.0.1:4010' });
      expect((await plainShop.client.get('/api/v1/setup-checklist')).json()).toMatchObject({ simulatorUrl: null });
    } finally {
      t.ctx.demo = undefined;
    }
    expect((await demoShop.client.get('/api/v1/setup-checklist')).json()).toMatchObject({ simulatorUrl: null });
  });
});
