import { randomBytes } from 'node:crypto';
import type { Role } from '../../contracts/common.js';
import { createWorkspace } from '../../server/modules/workspaces/create-workspace.js';
import type { TestApp } from './app.js';
import { TestClient } from './client.js';

export const PASSWORD = 'correct horse battery';

export function uniqueEmail(prefix = 'person') {
  return `${prefix}-${randomBytes(4).toString('hex')}@example.com`;
}

/** A workspace with a signed-in owner client. */
export async function workspaceWithOwner(t: TestApp, name = 'Tienda Sur') {
  const email = uniqueEmail('owner');
  const { workspace, owner, membership } = await t.ctx.transaction((tx) =>
    createWorkspace(tx, { workspaceName: name, owner: { name: 'Olga Dueña', email, password: PASSWORD }, language: 'es' }),
  );
  const client = await signIn(t, email);
  return { workspace, owner, membership, client, email };
}

export async function signIn(t: TestApp, email: string, password = PASSWORD) {
  const client = new TestClient(t);
  const response = await client.post('/api/v1/auth/login', { email, password });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.body}`);
  return client;
}

/** Adds a member through the real invitation flow and returns their signed-in client. */
export async function addMember(t: TestApp, owner: TestClient, role: Exclude<Role, 'owner'>, name = 'Ana Agente') {
  const email = uniqueEmail(role);
  const invited = await owner.post('/api/v1/invitations', { email, role });
  if (invited.statusCode !== 201) throw new Error(`invite failed: ${invited.body}`);
  const token = String(invited.json().link).split('/invite/')[1]!;
  const client = new TestClient(t);
  const accepted = await client.post(`/api/v1/invitation-links/${token}/accept`, { name, password: PASSWORD });
  if (accepted.statusCode !== 201) throw new Error(`accept failed: ${accepted.body}`);
  const session = await client.get('/api/v1/session');
  const members = (await owner.get('/api/v1/members')).json().members as { id: string; email: string }[];
  return { client, email, memberId: members.find((m) => m.email === email)!.id, userId: session.json().user.id as string };
}

export async function promoteToOwner(owner: TestClient, memberId: string) {
  const response = await owner.patch(`/api/v1/members/${memberId}`, { role: 'owner' });
  if (response.statusCode !== 200) throw new Error(`promote failed: ${response.body}`);
}

/**
 * A connected number without the Graph credential check (tests that only receive webhooks).
 * Tests that send use the simulator and the real POST /api/v1/channels.
 */
export async function insertChannel(t: TestApp, workspaceId: string, overrides: { phoneNumberId?: string; appSecret?: string; apiBaseUrl?: string; accessToken?: string; reopenPolicy?: 'reopen' | 'new' } = {}) {
  const { channels } = await import('../../server/db/schema.js');
  const { sha256 } = await import('../../server/lib/crypto.js');
  const phoneNumberId = overrides.phoneNumberId ?? String(100000000000000 + Math.floor(Math.random() * 1e12));
  const appSecret = overrides.appSecret ?? `app-secret-${randomBytes(8).toString('hex')}`;
  const [channel] = await t.ctx.db
    .insert(channels)
    .values({
      workspaceId,
      name: 'Ventas',
      phoneNumberId,
      wabaId: '102290129340398',
      accessTokenSealed: t.ctx.secrets.encrypt(overrides.accessToken ?? 'test-access-token'),
      appSecretSealed: t.ctx.secrets.encrypt(appSecret),
      verifyTokenSealed: t.ctx.secrets.encrypt('verify-token-123'),
      verifyTokenHash: sha256('verify-token-123'),
      apiBaseUrl: overrides.apiBaseUrl ?? 'http://127.0.0.1:9',
      reopenPolicy: overrides.reopenPolicy ?? 'reopen',
      health: 'connected',
      // As if Graph had verified it: a connected number is a verified one.
      verifiedAt: new Date(),
    })
    .returning();
  return { channel: channel!, appSecret, phoneNumberId };
}
