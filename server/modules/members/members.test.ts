import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events, invitations } from '../../db/schema.js';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { TestClient } from '../../../test/support/client.js';
import { addMember, PASSWORD, promoteToOwner, signIn, uniqueEmail, workspaceWithOwner } from '../../../test/support/factories.js';
import { expireInvitationsJob } from './expire-invitations.job.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

function tokenOf(link: string) {
  return link.split('/invite/')[1]!;
}

describe('invitations', () => {
  it('invites by link: the person previews it, sets a password, joins as the invited role and is signed in', async () => {
    const { client: owner } = await workspaceWithOwner(t, 'Ferretería Norte');
    const email = uniqueEmail('agent');
    const invited = await owner.post('/api/v1/invitations', { email: email.toUpperCase(), role: 'agent' });
    expect(invited.statusCode).toBe(201);
    expect(invited.json().link).toMatch(/^http:\/\/bandeja\.test\/invite\//);
    expect((await owner.get('/api/v1/invitations')).json().invitations).toMatchObject([{ email, role: 'agent', status: 'pending', invitedBy: 'Olga Dueña' }]);

    const token = tokenOf(invited.json().link);
    const visitor = new TestClient(t);
    expect((await visitor.get(`/api/v1/invitation-links/${token}`)).json()).toEqual({
      workspaceName: 'Ferretería Norte',
      workspaceLanguage: 'es',
      email,
      role: 'agent',
      existingUser: false,
      teamNames: [],
    });
    const short = await visitor.post(`/api/v1/invitation-links/${token}/accept`, { name: 'Ana', password: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.details.fields).toEqual([{ path: 'password', message: 'must be at least 10 characters' }]);

    const accepted = await visitor.post(`/api/v1/invitation-links/${token}/accept`, { name: 'Ana Agente', password: PASSWORD, language: 'en', timeZone: 'Europe/Madrid' });
    expect(accepted.statusCode).toBe(201);
    expect(accepted.json()).toMatchObject({ role: 'agent', user: { timeZone: 'Europe/Madrid' } });
    const session = (await visitor.get('/api/v1/session')).json();
    expect(session).toMatchObject({ role: 'agent', workspace: { name: 'Ferretería Norte' }, user: { name: 'Ana Agente', language: 'en', initials: 'AA' } });

    const reused = await new TestClient(t).post(`/api/v1/invitation-links/${token}/accept`, { name: 'Eve', password: PASSWORD });
    expect(reused.statusCode).toBe(410);
    expect(reused.json().error.code).toBe('invitation_invalid');
    expect((await owner.get('/api/v1/invitations')).json().invitations).toEqual([]);
  });

  it('lets someone with an account join a second workspace with their password, and switch between them', async () => {
    const first = await workspaceWithOwner(t, 'Primera');
    const second = await workspaceWithOwner(t, 'Segunda');
    const token = tokenOf((await second.client.post('/api/v1/invitations', { email: first.email, role: 'supervisor' })).json().link);
    expect((await new TestClient(t).get(`/api/v1/invitation-links/${token}`)).json().existingUser).toBe(true);
    const visitor = new TestClient(t);
    expect((await visitor.post(`/api/v1/invitation-links/${token}/accept`, { password: 'wrong password!' })).json().error.code).toBe('invalid_credentials');
    expect((await visitor.post(`/api/v1/invitation-links/${token}/accept`, { password: PASSWORD })).statusCode).toBe(201);
    const session = (await visitor.get('/api/v1/session')).json();
    expect(session.workspace.name).toBe('Segunda');
    expect(session.workspaces.map((w: { name: string }) => w.name).sort()).toEqual(['Primera', 'Segunda']);
    const switched = await visitor.post('/api/v1/session/workspace', { workspaceId: first.workspace.id });
    expect(switched.json()).toMatchObject({ workspace: { name: 'Primera' }, role: 'owner' });
  });

  it('an invitation link is no way around the sign-in lockout: guesses there count and lock the account everywhere', async () => {
    const victim = await workspaceWithOwner(t, 'Víctima');
    const attacker = await workspaceWithOwner(t, 'Curiosa');
    const token = tokenOf((await attacker.client.post('/api/v1/invitations', { email: victim.email, role: 'agent' })).json().link);
    const guesser = new TestClient(t);
    const codes: string[] = [];
    for (let attempt = 0; attempt < 6; attempt++) codes.push((await guesser.post(`/api/v1/invitation-links/${token}/accept`, { password: `guess number ${attempt}` })).json().error.code);
    expect(codes).toEqual(['invalid_credentials', 'invalid_credentials', 'invalid_credentials', 'invalid_credentials', 'invalid_credentials', 'account_locked']);
    // Even the right password waits out the lock, on the link and on the sign-in page.
    expect((await guesser.post(`/api/v1/invitation-links/${token}/accept`, { password: PASSWORD })).json().error.code).toBe('account_locked');
    expect((await new TestClient(t).post('/api/v1/auth/login', { email: victim.email, password: PASSWORD })).json().error.code).toBe('account_locked');
  });

  it('refuses to invite an active member, and a new invitation replaces the pending one', async () => {
    const { client: owner, email } = await workspaceWithOwner(t);
    const duplicate = await owner.post('/api/v1/invitations', { email, role: 'agent' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.code).toBe('already_member');
    const target = uniqueEmail();
    const old = tokenOf((await owner.post('/api/v1/invitations', { email: target, role: 'agent' })).json().link);
    await owner.post('/api/v1/invitations', { email: target, role: 'supervisor' });
    expect((await new TestClient(t).get(`/api/v1/invitation-links/${old}`)).statusCode).toBe(410);
    expect((await owner.get('/api/v1/invitations')).json().invitations).toMatchObject([{ email: target, role: 'supervisor' }]);
  });

  it('revoked and expired links stop working; the expiry job records it in the audit log', async () => {
    const { client: owner, workspace } = await workspaceWithOwner(t);
    const revoked = (await owner.post('/api/v1/invitations', { email: uniqueEmail(), role: 'agent' })).json();
    expect((await owner.delete(`/api/v1/invitations/${revoked.invitation.id}`)).statusCode).toBe(204);
    expect((await owner.delete(`/api/v1/invitations/${revoked.invitation.id}`)).statusCode).toBe(409);
    expect((await new TestClient(t).get(`/api/v1/invitation-links/${tokenOf(revoked.link)}`)).statusCode).toBe(410);

    const stale = (await owner.post('/api/v1/invitations', { email: uniqueEmail(), role: 'agent' })).json();
    await t.ctx.db.update(invitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invitations.id, stale.invitation.id));
    expect((await new TestClient(t).get(`/api/v1/invitation-links/${tokenOf(stale.link)}`)).statusCode).toBe(410);
    await t.ctx.jobs.runNow(t.ctx, expireInvitationsJob, {});
    const [row] = await t.ctx.db.select().from(invitations).where(eq(invitations.id, stale.invitation.id));
    expect(row!.status).toBe('expired');
    const audit = (await owner.get('/api/v1/audit-log')).json().entries;
    expect(audit[0]).toMatchObject({ type: 'invitation.expired', actor: { type: 'system' }, subjectId: stale.invitation.id });
    expect(audit.filter((e: { workspaceId?: string }) => e).length).toBeGreaterThan(2);
    expect(workspace.id).toBeDefined();
  });
});

describe('members', () => {
  it('changes roles, and deactivation ends access at once while history stays', async () => {
    const { client: owner, workspace } = await workspaceWithOwner(t);
    const agent = await addMember(t, owner, 'agent', 'Beto Vendedor');
    const promoted = await owner.patch(`/api/v1/members/${agent.memberId}`, { role: 'supervisor' });
    expect(promoted.json()).toMatchObject({ role: 'supervisor', status: 'active' });
    expect((await agent.client.get('/api/v1/session')).json().role).toBe('supervisor');

    const deactivated = await owner.patch(`/api/v1/members/${agent.memberId}`, { status: 'deactivated' });
    expect(deactivated.json()).toMatchObject({ status: 'deactivated' });
    expect(deactivated.json().deactivatedAt).not.toBeNull();
    expect((await agent.client.get('/api/v1/members')).statusCode).toBe(401);
    const relogin = await signIn(t, agent.email);
    expect((await relogin.get('/api/v1/members')).json().error.code).toBe('no_workspace');
    const listed = (await owner.get('/api/v1/members')).json().members;
    expect(listed.find((m: { id: string }) => m.id === agent.memberId)).toMatchObject({ name: 'Beto Vendedor', status: 'deactivated' });
    const history = await t.ctx.db.select().from(events).where(eq(events.subjectId, agent.memberId));
    expect(history.map((e) => e.type)).toEqual(['member.joined', 'member.role_changed', 'member.deactivated']);
    expect(history.every((e) => e.workspaceId === workspace.id)).toBe(true);

    expect((await owner.patch(`/api/v1/members/${agent.memberId}`, { status: 'active' })).json().status).toBe('active');
    expect((await relogin.get('/api/v1/members')).statusCode).toBe(200);
  });

  it('keeps at least one owner, and only owners manage owners', async () => {
    const { client: owner, membership } = await workspaceWithOwner(t);
    const last = await owner.patch(`/api/v1/members/${membership.id}`, { role: 'admin' });
    expect(last.statusCode).toBe(409);
    expect(last.json().error.code).toBe('last_owner');
    expect((await owner.patch(`/api/v1/members/${membership.id}`, { status: 'deactivated' })).json().error.code).toBe('last_owner');

    const admin = await addMember(t, owner, 'admin', 'Adela Admin');
    const touchOwner = await admin.client.patch(`/api/v1/members/${membership.id}`, { role: 'agent' });
    expect(touchOwner.statusCode).toBe(403);
    const grantOwner = await admin.client.patch(`/api/v1/members/${admin.memberId}`, { role: 'owner' });
    expect(grantOwner.statusCode).toBe(403);
    const agent = await addMember(t, owner, 'agent');
    expect((await admin.client.patch(`/api/v1/members/${agent.memberId}`, { role: 'admin' })).statusCode).toBe(200);

    await promoteToOwner(owner, admin.memberId);
    expect((await owner.patch(`/api/v1/members/${membership.id}`, { role: 'admin' })).statusCode).toBe(200);
  });

  it('an admin can hand a reset link to a member; supervisors and agents cannot manage members', async () => {
    const { client: owner } = await workspaceWithOwner(t);
    const agent = await addMember(t, owner, 'agent');
    const supervisor = await addMember(t, owner, 'supervisor');
    const reset = await owner.post(`/api/v1/members/${agent.memberId}/password-reset`);
    expect(reset.statusCode).toBe(201);
    expect(reset.json().link).toMatch(/\/reset-password\//);
    expect((await supervisor.client.post(`/api/v1/members/${agent.memberId}/password-reset`)).statusCode).toBe(403);
    expect((await supervisor.client.patch(`/api/v1/members/${agent.memberId}`, { role: 'admin' })).statusCode).toBe(403);
    expect((await agent.client.get('/api/v1/members')).statusCode).toBe(200);
  });
});
