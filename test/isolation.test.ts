import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../contracts/common.js';
import type { RouteEntry } from '../server/http/auth.js';
import { can, type Permission } from '../server/http/policy.js';
import { createTestApp, type TestApp } from './support/app.js';
import { TestClient } from './support/client.js';
import { addMember, insertChannel, workspaceWithOwner } from './support/factories.js';
import { receiveText, storedMedia } from './support/webhooks.js';

/**
 * Walks every /api/v1 route the server registers. A route added later joins these tables by
 * construction; if it has a path parameter or a body this file does not know, the test fails and
 * asks for a fixture, so no route can skip the isolation and role checks.
 */

/** A valid body per route, so requests get past validation to the authorisation under test. */
const exampleBodies: Record<string, unknown> = {
  'POST /api/v1/setup': { workspaceName: 'X', name: 'X', email: 'setup@example.com', password: 'long enough password', language: 'es' },
  'POST /api/v1/auth/login': { email: 'nobody@example.com', password: 'x' },
  'POST /api/v1/session/workspace': { workspaceId: '00000000-0000-4000-8000-000000000000' },
  'POST /api/v1/auth/password-reset': { email: 'nobody@example.com' },
  'POST /api/v1/auth/password-reset/confirm': { token: 'not-a-real-token', password: 'long enough password' },
  'PATCH /api/v1/profile': { name: 'Renamed' },
  'POST /api/v1/profile/password': { currentPassword: 'wrong', newPassword: 'long enough password' },
  'PATCH /api/v1/workspace': { name: 'Renamed workspace' },
  'PATCH /api/v1/members/:memberId': { role: 'supervisor' },
  'POST /api/v1/invitations': { email: 'invitee@example.com', role: 'agent' },
  'POST /api/v1/invitation-links/:token/accept': { name: 'X', password: 'long enough password' },
  'POST /api/v1/api-tokens': { name: 'Integration' },
  'POST /api/v1/channels': {
    type: 'whatsapp', name: 'X', phoneNumberId: '123456789012', wabaId: '123456789012', accessToken: 'token-123456',
    appSecret: 'secret-123456', verifyToken: 'verify-123456', apiBaseUrl: 'http://127.0.0.1:9',
  },
  'PATCH /api/v1/channels/:channelId': { name: 'Renamed number' },
  'POST /api/v1/conversations/:conversationId/messages': { type: 'text', text: 'hola' },
  'POST /api/v1/conversations/:conversationId/read': { typing: false },
  'POST /api/v1/conversations/:conversationId/assign': { assigneeId: null },
  'POST /api/v1/conversations/:conversationId/escalate': {},
  'POST /api/v1/conversations/:conversationId/presence': { state: 'viewing' },
  'PATCH /api/v1/conversations/:conversationId': { priority: 'high' },
  'POST /api/v1/conversations/bulk': { conversationIds: ['00000000-0000-4000-8000-000000000000'], action: { type: 'resolve' } },
  'POST /api/v1/tags': { name: 'Nueva', color: 'red' },
  'PATCH /api/v1/tags/:tagId': { color: 'red' },
  'POST /api/v1/teams': { name: 'Nuevo equipo' },
  'PATCH /api/v1/teams/:teamId': { name: 'Otro nombre' },
  'POST /api/v1/canned-responses': { shortcut: 'hola', title: 'Hola', body: 'Hola {{contact.first_name}}' },
  'PATCH /api/v1/canned-responses/:cannedResponseId': { title: 'Otro' },
  'POST /api/v1/notifications/read': {},
  'POST /api/v1/views': { name: 'Vista', filters: {} },
  'POST /api/v1/routing/rules': { name: 'Regla', conditions: [], actions: {} },
  'PATCH /api/v1/routing/rules/:ruleId': { enabled: false },
  'PUT /api/v1/routing/rules/order': { ids: ['00000000-0000-4000-8000-000000000000'] },
  'POST /api/v1/routing/rules/test': { days: 1 },
  'PATCH /api/v1/routing/settings': { awayAfterMinutes: 15 },
  'PATCH /api/v1/routing/agents/:memberId': { capacity: 3 },
  'PATCH /api/v1/teams/:teamId/routing': { shiftEndPolicy: 'queue' },
  'PUT /api/v1/me/status': { status: 'away' },
  'PATCH /api/v1/channels/:channelId/routing': { outOfHoursReply: 'Volvemos {{next_open}}' },
  'PATCH /api/v1/contacts/:contactId': { vip: true },
};

/** The event stream never ends, so inject cannot wait for it: server/realtime/stream.test.ts covers it over real HTTP. */
const STREAMING = new Set(['/api/v1/stream']);

/** Resources every workspace gets for the walk: a tag, a team, a canned response, a saved view. */
async function inboxFixtures(owner: TestClient, label: string) {
  const tag = (await owner.post('/api/v1/tags', { name: `Etiqueta ${label}`, color: 'teal' })).json();
  const team = (await owner.post('/api/v1/teams', { name: `Equipo ${label}` })).json();
  const canned = (await owner.post('/api/v1/canned-responses', { shortcut: `resp${label.toLowerCase()}`, title: `Respuesta ${label}`, body: `Texto ${label}` })).json();
  const view = (await owner.post('/api/v1/views', { name: `Vista ${label}`, filters: { view: 'mine' } })).json();
  const rule = (await owner.post('/api/v1/routing/rules', { name: `Regla ${label}`, conditions: [{ kind: 'text', values: [`clave${label}`] }], actions: {} })).json();
  return { tagId: tag.id, teamId: team.id, cannedResponseId: canned.id, viewId: view.id, ruleId: rule.id };
}

type Fixtures = Record<string, string>;

let t: TestApp;
let routes: RouteEntry[];
/** Workspace A: the victim. Its ids are what B tries to reach. */
const a: { fixtures: Fixtures; secrets: string[]; workspaceId: string } = { fixtures: {}, secrets: [], workspaceId: '' };
/** Workspace B: callers of every role, and B's own resources for the role table. */
const b: { fixtures: Fixtures; callers: { label: string; role: Role; client: TestClient }[] } = { fixtures: {}, callers: [] };

async function createInvitation(owner: TestClient, email: string) {
  return (await owner.post('/api/v1/invitations', { email, role: 'agent' })).json().invitation.id as string;
}
async function createToken(owner: TestClient, name: string, role: Role = 'admin') {
  return (await owner.post('/api/v1/api-tokens', { name, role })).json() as { token: string; apiToken: { id: string } };
}

beforeAll(async () => {
  t = await createTestApp();
  routes = t.app.routeCatalog;

  const alfa = await workspaceWithOwner(t, 'Alfa Secreta');
  const alfaAgent = await addMember(t, alfa.client, 'agent', 'Agente Alfa');
  const alfaToken = await createToken(alfa.client, 'Alfa CRM');
  a.fixtures = {
    memberId: alfaAgent.memberId,
    invitationId: await createInvitation(alfa.client, 'alfa-secret-invitee@example.com'),
    tokenId: alfaToken.apiToken.id,
    channelId: '',
  };
  const alfaChannel = await insertChannel(t, alfa.workspace.id);
  a.fixtures.channelId = alfaChannel.channel.id;
  const alfaChat = await receiveText(t, alfaChannel, '5491177770000', 'mensaje secreto de Alfa', 'Cliente Alfa');
  a.fixtures.conversationId = alfaChat.conversationId;
  a.fixtures.contactId = alfaChat.contactId;
  a.fixtures.mediaId = await storedMedia(t, alfa.workspace.id, alfaChannel.channel.id, alfaChat.messageId);
  Object.assign(a.fixtures, await inboxFixtures(alfa.client, 'Alfa'));
  a.workspaceId = alfa.workspace.id;
  a.secrets = ['Etiqueta Alfa', 'Equipo Alfa', 'Respuesta Alfa', 'Texto Alfa', alfa.workspace.id, alfa.email, alfaAgent.email, 'Alfa Secreta', 'Agente Alfa', 'Alfa CRM', 'alfa-secret-invitee', alfaChannel.phoneNumberId, 'Cliente Alfa', 'mensaje secreto de Alfa', alfaChat.conversationId];

  const beta = await workspaceWithOwner(t, 'Beta');
  const admin = await addMember(t, beta.client, 'admin', 'Admin Beta');
  const supervisor = await addMember(t, beta.client, 'supervisor', 'Supervisora Beta');
  const agent = await addMember(t, beta.client, 'agent', 'Agente Beta');
  const target = await addMember(t, beta.client, 'agent', 'Objetivo Beta');
  b.fixtures = {
    memberId: target.memberId,
    invitationId: await createInvitation(beta.client, 'beta-invitee@example.com'),
    tokenId: (await createToken(beta.client, 'Beta victim')).apiToken.id,
    channelId: '',
  };
  const betaChannel = await insertChannel(t, beta.workspace.id);
  b.fixtures.channelId = betaChannel.channel.id;
  const betaChat = await receiveText(t, betaChannel, '5491188880000', 'hola Beta');
  b.fixtures.conversationId = betaChat.conversationId;
  b.fixtures.contactId = betaChat.contactId;
  b.fixtures.mediaId = await storedMedia(t, beta.workspace.id, betaChannel.channel.id, betaChat.messageId);
  Object.assign(b.fixtures, await inboxFixtures(beta.client, 'Beta'));
  b.callers = [
    { label: 'owner', role: 'owner', client: beta.client },
    { label: 'admin', role: 'admin', client: admin.client },
    { label: 'supervisor', role: 'supervisor', client: supervisor.client },
    { label: 'agent', role: 'agent', client: agent.client },
    { label: 'admin API token', role: 'admin', client: TestClient.withToken(t, (await createToken(beta.client, 'Beta admin')).token) },
    { label: 'agent API token', role: 'agent', client: TestClient.withToken(t, (await createToken(beta.client, 'Beta agent', 'agent')).token) },
  ];
});

afterAll(async () => {
  await t?.close();
});

function fill(url: string, fixtures: Fixtures) {
  return url.replace(/:(\w+)/g, (_, param: string) => {
    const value = fixtures[param];
    if (!value) throw new Error(`No fixture for :${param} in ${url}: add one to test/isolation.test.ts`);
    return value;
  });
}

function key(route: RouteEntry) {
  return `${route.method} ${route.url}`;
}

function bodyFor(route: RouteEntry) {
  if (!route.hasBody) return undefined;
  if (!(key(route) in exampleBodies)) throw new Error(`No example body for ${key(route)}: add one to test/isolation.test.ts`);
  return exampleBodies[key(route)];
}

const workspaceRoutes = () => routes.filter((route) => 'permission' in route.access && !STREAMING.has(route.url));

describe('route catalogue', () => {
  it('lists every API route with an access rule, and knows a body for each that takes one', () => {
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) {
      bodyFor(route);
      fill(route.url, { ...a.fixtures, token: 'x'.repeat(20) });
    }
  });
});

describe('workspace isolation', () => {
  it("answers 404 to every caller of workspace B that names one of workspace A's resources", async () => {
    const failures: string[] = [];
    for (const route of workspaceRoutes().filter((r) => r.url.includes(':'))) {
      for (const caller of b.callers) {
        const response = await caller.client.request(route.method as 'GET', fill(route.url, a.fixtures), bodyFor(route));
        const allowed = can({ kind: caller.label.includes('token') ? 'api_token' : 'user', role: caller.role } as never, (route.access as { permission: Permission }).permission);
        const expected = allowed ? 404 : 403;
        if (response.statusCode !== expected) failures.push(`${key(route)} as ${caller.label}: ${response.statusCode} (expected ${expected}) ${response.body}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("never shows workspace A's data in workspace B's lists", async () => {
    const failures: string[] = [];
    for (const route of workspaceRoutes().filter((r) => r.method === 'GET' && !r.url.includes(':'))) {
      for (const caller of b.callers) {
        const response = await caller.client.get(route.url);
        const leaked = a.secrets.filter((secret) => response.body.includes(secret));
        if (leaked.length) failures.push(`${key(route)} as ${caller.label} shows ${leaked.join(', ')}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("cannot act on workspace A's conversations in bulk", async () => {
    const response = await b.callers[0]!.client.post('/api/v1/conversations/bulk', { conversationIds: [a.fixtures.conversationId], action: { type: 'resolve' } });
    expect(response.json().results).toEqual([expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'not_found' }) })]);
  });

  it("cannot switch a session into a workspace the person does not belong to", async () => {
    const response = await b.callers[0]!.client.post('/api/v1/session/workspace', { workspaceId: a.workspaceId });
    expect(response.statusCode).toBe(404);
  });

  it("does not let A's invitation or token ids be used from B even by B's owner", async () => {
    const owner = b.callers[0]!.client;
    expect((await owner.delete(`/api/v1/invitations/${a.fixtures.invitationId}`)).statusCode).toBe(404);
    expect((await owner.delete(`/api/v1/api-tokens/${a.fixtures.tokenId}`)).statusCode).toBe(404);
    expect((await owner.patch(`/api/v1/members/${a.fixtures.memberId}`, { status: 'deactivated' })).statusCode).toBe(404);
  });
});

describe('roles', () => {
  it('gives 403 exactly where the policy says the role may not act, on its own workspace', async () => {
    const failures: string[] = [];
    for (const route of workspaceRoutes()) {
      for (const caller of b.callers) {
        const permission = (route.access as { permission: Permission }).permission;
        const actor = { kind: caller.label.includes('token') ? 'api_token' : 'user', role: caller.role } as never;
        // An empty object body: allowed callers stop at validation (400) without changing anything.
        const response = await caller.client.request(route.method as 'GET', fill(route.url, b.fixtures), route.hasBody ? {} : undefined);
        const denied = response.statusCode === 403 && response.json().error.code === 'forbidden';
        if (can(actor, permission) === denied || response.statusCode === 401) {
          failures.push(`${key(route)} as ${caller.label}: ${response.statusCode} ${response.body.slice(0, 120)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('asks for a session or token on every non-public route', async () => {
    const stranger = new TestClient(t);
    const failures: string[] = [];
    for (const route of routes.filter((r) => !('public' in r.access))) {
      const response = await stranger.request(route.method as 'GET', fill(route.url, b.fixtures), route.hasBody ? {} : undefined);
      if (response.statusCode !== 401) failures.push(`${key(route)}: ${response.statusCode}`);
    }
    expect(failures).toEqual([]);
  });
});
