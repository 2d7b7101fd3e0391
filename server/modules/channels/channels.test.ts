import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels, conversations, events, messages, webhookPayloads } from '../../db/schema.js';
import { processPayloads } from '../../channels/whatsapp/webhook-processor.js';
import type { Simulator } from '../../simulator/index.js';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { insertChannel, workspaceWithOwner } from '../../../test/support/factories.js';
import { metaJson, postWebhook, receiveText } from '../../../test/support/webhooks.js';
import { withSimulator } from '../../../test/support/whatsapp.js';

/** An "internal service" on loopback that answers like a leaky admin panel, counting what reaches it. */
async function internalService(answer: { status: number; body: string; type?: string }) {
  const hits: string[] = [];
  const server: Server = createServer((request, response) => {
    hits.push(`${request.method} ${request.url}`);
    response.writeHead(answer.status, { 'content-type': answer.type ?? 'text/html' });
    response.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, hits, close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}

const credentials = () => ({
  accessToken: `EAAG${randomBytes(12).toString('hex')}`,
  appSecret: randomBytes(16).toString('hex'),
  verifyToken: `verify-${randomBytes(6).toString('hex')}`,
});
const newPhoneNumberId = () => String(100000000000 + Math.floor(Math.random() * 8e11));

describe('a number’s Graph API address, with nothing listed in OUTBOUND_ALLOWED_ORIGINS', () => {
  let t: TestApp;
  let internal: Awaited<ReturnType<typeof internalService>>;
  beforeAll(async () => {
    t = await createTestApp({ config: { outboundAllowedOrigins: [] } });
    internal = await internalService({ status: 500, body: '<h1>Jenkins admin</h1> db password hunter2' });
  });
  afterAll(async () => {
    await internal.close();
    await t.close();
  });

  it('refuses an internal address at save time with a 400 naming the field, and calls nothing', async () => {
    const { client, workspace } = await workspaceWithOwner(t);
    const response = await client.post('/api/v1/channels', {
      type: 'whatsapp', name: 'Interna', phoneNumberId: newPhoneNumberId(), wabaId: '102290129340398', apiBaseUrl: internal.url, ...credentials(),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.fields).toEqual([{ path: 'body.apiBaseUrl', message: expect.stringContaining('OUTBOUND_ALLOWED_ORIGINS') }]);
    const patch = await client.patch(`/api/v1/channels/${(await insertChannel(t, workspace.id, { apiBaseUrl: 'https://graph.facebook.com' })).channel.id}`, { apiBaseUrl: `${internal.url}/` });
    expect(patch.statusCode).toBe(400);
    expect(await t.ctx.db.select().from(channels).where(eq(channels.apiBaseUrl, internal.url))).toEqual([]);
    expect(internal.hits).toEqual([]);
  });

  it('refuses a stored internal address when the number is checked, without echoing anything', async () => {
    const { client, workspace } = await workspaceWithOwner(t);
    // A row from before this release, or a hand edit: the guard still stands at call time.
    const { channel } = await insertChannel(t, workspace.id, { apiBaseUrl: internal.url });
    const check = await client.post(`/api/v1/channels/${channel.id}/check`, {});
    expect(check.statusCode).toBe(200);
    expect(check.json()).toMatchObject({ ok: false, health: 'disconnected', message: expect.stringContaining('not allowed') });
    expect((await client.get(`/api/v1/channels/${channel.id}`)).json().lastError).toMatchObject({ reason: 'address_not_allowed' });
    expect(internal.hits).toEqual([]);
  });
});

describe('what a Graph error leaves in responses, the list and the audit log', () => {
  let t: TestApp;
  let leaky: Awaited<ReturnType<typeof internalService>>;
  let oddCode: Awaited<ReturnType<typeof internalService>>;
  beforeAll(async () => {
    t = await createTestApp();
    leaky = await internalService({ status: 401, body: 'Traceback (most recent call last): SECRET-INTERNAL-TEXT at /srv/app.py line 12' });
    oddCode = await internalService({ status: 400, type: 'application/json', body: JSON.stringify({ error: { code: 'OAuthException', message: 'Weird\u0000 error\nwith lines\ud800' } }) });
  });
  afterAll(async () => {
    await leaky.close();
    await oddCode.close();
    await t.close();
  });

  it('never repeats a body that is not a Graph error', async () => {
    const { client, workspace } = await workspaceWithOwner(t);
    const { channel } = await insertChannel(t, workspace.id, { apiBaseUrl: leaky.url });
    const check = await client.post(`/api/v1/channels/${channel.id}/check`, {});
    expect(check.json()).toMatchObject({ ok: false, health: 'token_expired' });
    const everything = [check.body, (await client.get('/api/v1/channels')).body, (await client.get('/api/v1/audit-log?limit=100')).body].join('\n');
    expect(everything).not.toContain('SECRET-INTERNAL-TEXT');
    expect(everything).not.toContain('Traceback');
    expect(leaky.hits).toHaveLength(1);
  });

  it('stores a non-numeric error code as no code, and the channels list keeps answering', async () => {
    const { client, workspace } = await workspaceWithOwner(t);
    const { channel } = await insertChannel(t, workspace.id, { apiBaseUrl: oddCode.url });
    expect((await client.post(`/api/v1/channels/${channel.id}/check`, {})).json()).toMatchObject({ ok: false });
    const [stored] = await t.ctx.db.select().from(channels).where(eq(channels.id, channel.id));
    expect(stored!.lastError).toMatchObject({ code: null, message: 'Weird\ufffd error with lines\ufffd' });
    const list = await client.get('/api/v1/channels');
    expect(list.statusCode).toBe(200);
    expect(list.json().channels[0].lastError).toMatchObject({ code: null, message: 'Weird\ufffd error with lines\ufffd' });
  });

  it('a failed status with an odd error, or a send failure an older release stored, never breaks a conversation’s messages', async () => {
    const { client, workspace } = await workspaceWithOwner(t);
    const number = await insertChannel(t, workspace.id);
    const { conversationId } = await receiveText(t, number, '5491155550199', 'Hola');
    const outbound = { workspaceId: workspace.id, conversationId, channelId: number.channel.id, direction: 'outbound' as const, type: 'text', text: 'Hola', status: 'sent' as const };
    const [sent] = await t.ctx.db.insert(messages).values({ ...outbound, externalId: `wamid.${randomBytes(6).toString('hex')}` }).returning();
    await t.ctx.db.insert(messages).values({ ...outbound, status: 'failed', error: { code: '131026' as unknown as number, title: 42 as unknown as string } });
    const status = { id: sent!.externalId, status: 'failed', timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: '5491155550199', errors: [{ code: 'x131047', title: { nested: true }, message: 'Re-engagement\u0000 message' }] };
    const body = metaJson({ object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '1', phone_number_id: number.phoneNumberId }, statuses: [status] } }] }] });
    expect((await postWebhook(t, body, number.appSecret)).statusCode).toBe(200);
    await t.ctx.webhooks.idle();
    const listed = await client.get(`/api/v1/conversations/${conversationId}/messages`);
    expect(listed.statusCode).toBe(200);
    const errors = listed.json().messages.filter((m: { direction: string }) => m.direction === 'outbound').map((m: { error: unknown }) => m.error);
    expect(errors).toEqual(
      expect.arrayContaining([
        { code: 131026, title: 'Failed', explanation: expect.stringContaining('WhatsApp') },
        { code: null, title: expect.stringMatching(/^Re-engagement\S? message$/), explanation: null },
      ]),
    );
  });

  it('presents an error an older release stored with a string code, and one bad row never breaks the list', async () => {
    const { client, workspace } = await workspaceWithOwner(t);
    const { channel: older } = await insertChannel(t, workspace.id);
    const { channel: broken } = await insertChannel(t, workspace.id);
    await t.ctx.db.update(channels).set({ lastError: { code: '190' as unknown as number, message: 'Invalid OAuth access token', at: '2026-12-01T10:00:00.000Z' } }).where(eq(channels.id, older.id));
    await t.ctx.db.update(channels).set({ health: 'paused_by_meta' as 'connected' }).where(eq(channels.id, broken.id));
    const list = await client.get('/api/v1/channels');
    expect(list.statusCode).toBe(200);
    expect(list.json().channels.map((c: { id: string }) => c.id)).toEqual([older.id]);
    expect(list.json().channels[0].lastError).toEqual({ code: 190, reason: null, message: 'Invalid OAuth access token', at: '2026-12-01T10:00:00.000Z' });
  });
});

describe('claiming a phone number id', () => {
  let t: TestApp;
  let simulator: Simulator;
  beforeAll(async () => {
    t = await createTestApp({ listen: true });
    simulator = await withSimulator();
  });
  afterAll(async () => {
    await simulator?.stop();
    await t?.close();
  });

  function realNumber(wabaId = '102290129340398') {
    const phoneNumberId = newPhoneNumberId();
    const secrets = credentials();
    simulator.addNumber({ phoneNumberId, wabaId, displayPhoneNumber: '+54 11 5555-0101', verifiedName: 'Dueña Real', webhookUrl: `${t.url}/webhooks/whatsapp`, ...secrets });
    return { phoneNumberId, wabaId, ...secrets };
  }
  const connect = (client: Awaited<ReturnType<typeof workspaceWithOwner>>['client'], number: ReturnType<typeof realNumber>, overrides: Record<string, string> = {}) =>
    client.post('/api/v1/channels', { type: 'whatsapp', name: 'Ventas', apiBaseUrl: simulator.url, apiVersion: 'v23.0', ...number, ...overrides });

  it('an unverified claim with fake credentials holds nothing: the real owner connects, verifies and receives the messages', async () => {
    const number = realNumber();
    const squatter = await workspaceWithOwner(t, 'Okupa');
    const claim = await connect(squatter.client, number, { accessToken: 'EAAG-fake-token-123', appSecret: 'fake-app-secret' });
    expect(claim.statusCode).toBe(201);
    expect(claim.json().check).toMatchObject({ ok: false, health: 'token_expired' });
    const owner = await workspaceWithOwner(t, 'Dueña');
    const real = await connect(owner.client, number);
    expect(real.statusCode).toBe(201);
    expect(real.json().check).toMatchObject({ ok: true, health: 'connected' });
    const [verified] = await t.ctx.db.select().from(channels).where(eq(channels.id, real.json().channel.id));
    expect(verified!.verifiedAt).not.toBeNull();

    await receiveText(t, number, '5491155550101', 'Hola, ¿llegó mi pedido?');
    const inOwner = await t.ctx.db.select().from(conversations).where(eq(conversations.workspaceId, owner.workspace.id));
    const inSquatter = await t.ctx.db.select().from(conversations).where(eq(conversations.workspaceId, squatter.workspace.id));
    expect(inOwner).toHaveLength(1);
    expect(inSquatter).toHaveLength(0);
  });

  const textPayload = (phoneNumberId: string, text: string) =>
    metaJson({
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'messages', value: {
        messaging_product: 'whatsapp',
        metadata: { display_phone_number: '1', phone_number_id: phoneNumberId },
        contacts: [{ profile: { name: 'Falso' }, wa_id: '5491155550777' }],
        messages: [{ from: '5491155550777', id: `wamid.${randomBytes(8).toString('hex')}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: text } }],
      } }] }],
    });
  const conversationsOf = (workspaceId: string) => t.ctx.db.select().from(conversations).where(eq(conversations.workspaceId, workspaceId));

  it('a claim Graph refused receives nothing, even alone: its own app secret cannot feed its inbox', async () => {
    const number = realNumber();
    const squatter = await workspaceWithOwner(t, 'Okupa sola');
    const claim = await connect(squatter.client, number, { accessToken: 'EAAG-fake-token-456', appSecret: 'squatter-app-secret' });
    expect(claim.json().check.ok).toBe(false);
    const forged = await postWebhook(t, textPayload(number.phoneNumberId, 'mensaje inventado'), 'squatter-app-secret');
    expect(forged.statusCode).toBe(200);
    await t.ctx.webhooks.idle();
    expect(await conversationsOf(squatter.workspace.id)).toHaveLength(0);
  });

  it('a payload is processed for the number that verified its signature, even if the id changed hands before processing', async () => {
    const number = realNumber();
    // A claim saved while Graph could not be reached is the only one: it receives, signed with its own secret.
    const early = await workspaceWithOwner(t, 'Temprana');
    simulator.injectFault(number.phoneNumberId, { endpoint: 'phone-number', status: 503, code: 2, times: 1 });
    const claim = await connect(early.client, number, { appSecret: 'early-app-secret' });
    expect(claim.json().check).toMatchObject({ ok: false, health: 'unchecked' });
    const body = textPayload(number.phoneNumberId, 'firmado por la primera');
    // Stored at the 200 by the route, as it would be while processing lags behind.
    const [row] = await t.ctx.db.insert(webhookPayloads).values({ body, channelIds: [claim.json().channel.id] }).returning();
    // The real owner verifies before that payload is processed.
    const owner = await workspaceWithOwner(t, 'Dueña tardía');
    expect((await connect(owner.client, number)).json().check.ok).toBe(true);
    await processPayloads(t.ctx, [{ id: row!.id, body, channelIds: row!.channelIds }]);
    expect(await conversationsOf(owner.workspace.id)).toHaveLength(0);
    expect(await conversationsOf(early.workspace.id)).toHaveLength(1);
    // And the route records who verified what it stores.
    expect((await postWebhook(t, textPayload(number.phoneNumberId, 'hola'), number.appSecret)).statusCode).toBe(200);
    await t.ctx.webhooks.idle();
    const [latest] = await t.ctx.db.select().from(webhookPayloads).orderBy(desc(webhookPayloads.id)).limit(1);
    const [verified] = await t.ctx.db.select().from(channels).where(eq(channels.workspaceId, owner.workspace.id));
    expect(latest!.channelIds).toEqual([verified!.id]);
  });

  it('a verified number cannot be claimed by another workspace, even with the right credentials', async () => {
    const number = realNumber();
    expect((await connect((await workspaceWithOwner(t, 'Primera')).client, number)).json().check.ok).toBe(true);
    const second = await workspaceWithOwner(t, 'Segunda');
    const again = await connect(second.client, number);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.details.fields[0].path).toBe('body.phoneNumberId');
    expect(await t.ctx.db.select().from(channels).where(eq(channels.workspaceId, second.workspace.id))).toEqual([]);
  });

  it('a holder whose token no longer opens the number lets it move to the workspace that verifies it now', async () => {
    const number = realNumber();
    const agency = await workspaceWithOwner(t, 'Agencia');
    const held = await connect(agency.client, number);
    expect(held.json().check.ok).toBe(true);
    // The business revokes the agency's token and gives a new one to its own workspace.
    const newToken = `EAAG${randomBytes(12).toString('hex')}`;
    simulator.updateNumber(number.phoneNumberId, { accessToken: newToken });
    const business = await workspaceWithOwner(t, 'Negocio');
    const moved = await connect(business.client, { ...number, accessToken: newToken });
    expect(moved.statusCode).toBe(201);
    expect(moved.json().check).toMatchObject({ ok: true, health: 'connected' });
    const agencyView = (await agency.client.get(`/api/v1/channels/${held.json().channel.id}`)).json();
    expect(agencyView).toMatchObject({ health: 'token_expired', verifiedAt: null });
    await receiveText(t, { phoneNumberId: number.phoneNumberId, appSecret: number.appSecret }, '5491155550102', 'Hola');
    expect(await conversationsOf(business.workspace.id)).toHaveLength(1);
    expect(await conversationsOf(agency.workspace.id)).toHaveLength(0);
  });

  it('refuses to verify a number that is not in the WABA given', async () => {
    const number = realNumber('102290129349999');
    const other = realNumber('102290129340398');
    const { client } = await workspaceWithOwner(t);
    // The token opens the number, but the WABA named is another business's.
    const response = await connect(client, number, { wabaId: other.wabaId });
    expect(response.statusCode).toBe(201);
    expect(response.json().check).toMatchObject({ ok: false, health: 'disconnected', message: expect.stringContaining('WhatsApp Business Account') });
    expect(response.json().channel.lastError).toMatchObject({ reason: 'not_in_waba' });
    const [row] = await t.ctx.db.select().from(channels).where(eq(channels.id, response.json().channel.id));
    expect(row!.verifiedAt).toBeNull();
  });

  it('verifies a number saved while Graph was unreachable once a check gets through', async () => {
    const number = realNumber();
    const { client } = await workspaceWithOwner(t);
    simulator.injectFault(number.phoneNumberId, { endpoint: 'phone-number', status: 503, code: 2, times: 1 });
    const saved = await connect(client, number);
    expect(saved.json().check).toMatchObject({ ok: false, health: 'unchecked', message: expect.stringContaining('not verified yet') });
    const check = await client.post(`/api/v1/channels/${saved.json().channel.id}/check`, {});
    expect(check.json()).toMatchObject({ ok: true, health: 'connected' });
    const changes = await t.ctx.db.select().from(events).where(eq(events.subjectId, saved.json().channel.id));
    expect(changes.map((event) => event.type)).toEqual(['channel.connected', 'channel.health_changed']);
  });
});
