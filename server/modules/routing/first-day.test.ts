import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { TestClient } from '../../../test/support/client.js';
import { addMember, insertChannel, PASSWORD, uniqueEmail, workspaceWithOwner } from '../../../test/support/factories.js';
import { receiveText } from '../../../test/support/webhooks.js';
import { conversations, events, teamMembers } from '../../db/schema.js';

let t: TestApp;
let phone = 5491160000000;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const settle = async () => {
  await new Promise((resolve) => setImmediate(resolve));
  await t.ctx.routing.idle();
};
const row = async (id: string) => (await t.ctx.db.select().from(conversations).where(eq(conversations.id, id)))[0]!;
const assignedEvents = async (id: string) =>
  t.ctx.db.select().from(events).where(and(eq(events.subjectType, 'conversation'), eq(events.subjectId, id), eq(events.type, 'conversation.assigned'))).orderBy(asc(events.id));
const teamsOf = async (client: TestClient) => (await client.get('/api/v1/teams')).json().teams as { id: string; name: string; memberIds: string[] }[];

describe("a shop owner's first day", () => {
  it('a one-person shop: the owner is in every seeded team and gets the first customer at once', async () => {
    const { client: owner, workspace, membership } = await workspaceWithOwner(t, 'Kiosco Uno');
    const teams = await teamsOf(owner);
    expect(teams.map((team) => [team.name, team.memberIds])).toEqual([
      ['Soporte', [membership.id]],
      ['Supervisores', [membership.id]],
      ['Ventas', [membership.id]],
    ]);
    expect((await owner.put('/api/v1/me/status', { status: 'online' })).statusCode).toBe(200);
    const channel = await insertChannel(t, workspace.id);
    for (const text of ['Hola, ¿precio de la bici?', 'Hola, buen día', 'No funciona mi pedido']) {
      const { conversationId } = await receiveText(t, channel, String(++phone), text);
      await settle();
      expect(await row(conversationId), text).toMatchObject({ assigneeMembershipId: membership.id });
    }
  });

  it('a team with nobody in it falls back to anyone available, and the timeline says so', async () => {
    const { client: owner, workspace } = await workspaceWithOwner(t, 'Kiosco Dos');
    const ana = await addMember(t, owner, 'agent', 'Ana');
    const teams = await teamsOf(owner);
    const ventas = teams.find((team) => team.name === 'Ventas')!;
    // Ventas emptied (the owner left it); Ana is in no team at all.
    expect((await owner.patch(`/api/v1/teams/${ventas.id}`, { memberIds: [] })).statusCode).toBe(200);
    expect((await ana.client.put('/api/v1/me/status', { status: 'online' })).statusCode).toBe(200);
    const channel = await insertChannel(t, workspace.id);
    const { conversationId } = await receiveText(t, channel, String(++phone), 'Quiero comprar, ¿precio?');
    await settle();
    expect(await row(conversationId)).toMatchObject({ teamId: ventas.id, assigneeMembershipId: ana.memberId });
    const [assigned] = await assignedEvents(conversationId);
    expect(assigned!.payload).toMatchObject({ to: ana.memberId, via: 'routing', routing: { teamName: 'Ventas', fallback: 'team_empty', assignee: { name: 'Ana' } } });

    // A team that has members, none available, still waits for them (no fallback).
    const soporte = teams.find((team) => team.name === 'Soporte')!;
    const beto = await addMember(t, owner, 'agent', 'Beto');
    expect((await owner.patch(`/api/v1/teams/${soporte.id}`, { memberIds: [beto.memberId] })).statusCode).toBe(200);
    await beto.client.put('/api/v1/me/status', { status: 'offline' });
    const waiting = await receiveText(t, channel, String(++phone), 'No funciona la app');
    await settle();
    expect(await row(waiting.conversationId)).toMatchObject({ teamId: soporte.id, assigneeMembershipId: null });
  });

  it('an invitation names the teams the person joins; an unknown team is refused naming it', async () => {
    const { client: owner } = await workspaceWithOwner(t, 'Kiosco Tres');
    const { client: other } = await workspaceWithOwner(t, 'Otro Kiosco');
    const teams = await teamsOf(owner);
    const ventas = teams.find((team) => team.name === 'Ventas')!;
    const soporte = teams.find((team) => team.name === 'Soporte')!;
    const foreign = (await teamsOf(other))[0]!;

    const refused = await owner.post('/api/v1/invitations', { email: uniqueEmail('agent'), role: 'agent', teamIds: [ventas.id, foreign.id] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details.fields).toEqual([{ path: 'body.teamIds.1', message: 'is not a team of this workspace' }]);

    const email = uniqueEmail('agent');
    const invited = await owner.post('/api/v1/invitations', { email, role: 'agent', teamIds: [ventas.id, soporte.id] });
    expect(invited.statusCode).toBe(201);
    expect(invited.json().invitation.teamIds).toEqual([ventas.id, soporte.id]);
    const token = String(invited.json().link).split('/invite/')[1]!;
    // Soporte is deleted before the person accepts: they join what is left.
    expect((await owner.delete(`/api/v1/teams/${soporte.id}`)).statusCode).toBe(204);
    const stranger = new TestClient(t);
    expect((await stranger.get(`/api/v1/invitation-links/${token}`)).json()).toMatchObject({ teamNames: ['Ventas'] });
    const accepted = await stranger.post(`/api/v1/invitation-links/${token}/accept`, { name: 'Lía', password: PASSWORD });
    expect(accepted.statusCode).toBe(201);
    const members = (await owner.get('/api/v1/members')).json().members as { id: string; email: string }[];
    const lia = members.find((member) => member.email === email)!;
    const rows = await t.ctx.db.select({ teamId: teamMembers.teamId }).from(teamMembers).where(eq(teamMembers.membershipId, lia.id));
    expect(rows.map((r) => r.teamId)).toEqual([ventas.id]);
    const joined = await t.ctx.db.select().from(events).where(and(eq(events.type, 'member.joined'), eq(events.subjectId, lia.id)));
    expect(joined[0]!.payload).toMatchObject({ teamIds: [ventas.id] });
  });
});
