import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversations, messages } from '../../db/schema.js';
import type { Simulator } from '../../simulator/index.js';
import { validateSendMessageRequest } from '../../simulator/index.js';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import type { TestClient } from '../../../test/support/client.js';
import { workspaceWithOwner } from '../../../test/support/factories.js';
import { connectSimulatedNumber, withSimulator } from '../../../test/support/whatsapp.js';
import { sendOutboundMessage, UNKNOWN_OUTCOME_GRACE_MS } from './send-message.job.js';

let t: TestApp;
let simulator: Simulator;
let owner: TestClient;
let number: Awaited<ReturnType<typeof connectSimulatedNumber>>;

beforeAll(async () => {
  t = await createTestApp({ listen: true });
  simulator = await withSimulator();
  ({ client: owner } = await workspaceWithOwner(t, 'Envíos'));
  number = await connectSimulatedNumber(t, owner, simulator);
});
afterAll(async () => {
  await simulator?.stop();
  await t?.close();
});

/** A customer writes first (opening the window); returns the conversation id Bandeja opened. */
async function customerWrites(waId: string, text = 'Hola, ¿tienen stock?') {
  const customer = simulator.customer(number.phoneNumberId, { waId, name: 'Carla Cliente' });
  await customer.sendText(text);
  await simulator.waitForIdle();
  await t.ctx.webhooks.idle();
  const list = (await owner.get(`/api/v1/conversations?limit=100`)).json().conversations as { id: string; contact: { phone: string } }[];
  const conversation = list.find((c) => c.contact.phone === `+${waId}`);
  if (!conversation) throw new Error(`no conversation for ${waId}`);
  return { customer, conversationId: conversation.id };
}

async function messageRow(id: string) {
  return (await t.ctx.db.select().from(messages).where(eq(messages.id, id)))[0]!;
}

describe('connecting a number', () => {
  it('checks the credentials against the Graph API and never returns the secrets', async () => {
    expect(number.check).toMatchObject({ ok: true, health: 'connected' });
    const listed = await owner.get('/api/v1/channels');
    expect(listed.body).not.toContain(number.accessToken);
    expect(listed.body).not.toContain(number.appSecret);
    expect(listed.json().channels[0]).toMatchObject({ verifiedName: 'Tienda Sur', health: 'connected', webhookUrl: 'http://bandeja.test/webhooks/whatsapp' });
    const verified = await simulator.verifyWebhook(number.phoneNumberId, { verifyToken: number.verifyToken });
    expect(verified.verified).toBe(true);
  });

  it('says in plain words when the token is wrong, and marks the number', async () => {
    const bad = await owner.post('/api/v1/channels', {
      type: 'whatsapp', name: 'Mala', phoneNumberId: '555000111222', wabaId: '102290129340398', apiBaseUrl: simulator.url,
      accessToken: 'EAAG-wrong-token', appSecret: 'whatever-secret', verifyToken: 'verify-abcdef',
    });
    expect(bad.statusCode).toBe(201);
    expect(bad.json().check).toMatchObject({ ok: false });
    expect(bad.json().channel.health).not.toBe('connected');
  });
});

describe('sending', () => {
  it('sends a text through the outbox and follows pending → sent → delivered → read', async () => {
    const { conversationId, customer } = await customerWrites('5491150000001');
    const created = await owner.post(`/api/v1/conversations/${conversationId}/messages`, { type: 'text', text: '¡Hola Carla! Sí, hay stock.' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ status: 'pending', direction: 'outbound', externalId: null });
    expect(await sendOutboundMessage(t.ctx, created.json().id)).toBe('sent');
    await simulator.waitForIdle();
    await t.ctx.webhooks.idle();
    const row = await messageRow(created.json().id);
    expect(row.status).toBe('read');
    expect(customer.received().map((m) => m.request)).toContainEqual(expect.objectContaining({ type: 'text', text: { body: '¡Hola Carla! Sí, hay stock.', preview_url: false } }));
    const [conversation] = await t.ctx.db.select().from(conversations).where(eq(conversations.id, conversationId));
    expect(conversation!.waitingSince).toBeNull();
    const listed = (await owner.get(`/api/v1/conversations/${conversationId}/messages`)).json().messages;
    expect(listed[0]).toMatchObject({ id: created.json().id, status: 'read', externalId: row.externalId });
  });

  it('sends every request body in a shape Meta’s schema accepts', async () => {
    const { conversationId } = await customerWrites('5491150000002');
    const inbound = (await owner.get(`/api/v1/conversations/${conversationId}/messages`)).json().messages[0];
    const requests = [
      { type: 'text', text: 'respuesta citada', replyTo: inbound.id },
      { type: 'image', image: { link: 'https://example.com/a.jpg', caption: 'Catálogo' } },
      { type: 'document', document: { link: 'https://example.com/a.pdf', filename: 'precios.pdf' } },
      { type: 'location', location: { latitude: -34.6, longitude: -58.38, name: 'Local', address: 'Av. Corrientes 1234' } },
      { type: 'reaction', reaction: { messageId: inbound.id, emoji: '👍' } },
      { type: 'buttons', body: '¿Retirás o envío?', buttons: [{ id: 'pickup', title: 'Retiro' }, { id: 'ship', title: 'Envío' }] },
      { type: 'list', body: 'Elegí un talle', button: 'Talles', sections: [{ title: 'Remeras', rows: [{ id: 's', title: 'S' }, { id: 'm', title: 'M', description: 'Mediano' }] }] },
      { type: 'contacts', contacts: [{ name: { formatted_name: 'Soporte', first_name: 'Soporte' }, phones: [{ phone: '+5491100000000', type: 'WORK' }] }] },
    ];
    simulator.clearRequests();
    for (const request of requests) {
      const created = await owner.post(`/api/v1/conversations/${conversationId}/messages`, request);
      expect(created.statusCode, created.body).toBe(201);
      expect(await sendOutboundMessage(t.ctx, created.json().id)).toBe('sent');
    }
    const sent = simulator.requests({ phoneNumberId: number.phoneNumberId, endpoint: 'messages', method: 'POST' });
    expect(sent.length).toBe(requests.length);
    for (const request of sent) {
      const result = validateSendMessageRequest(request.body);
      expect(result.errors, JSON.stringify(request.body)).toEqual([]);
    }
  });

  it('retries a Graph 500 and sends exactly once', async () => {
    const { conversationId, customer } = await customerWrites('5491150000003');
    simulator.injectFault(number.phoneNumberId, { endpoint: 'messages', status: 500, code: 131000, times: 1 });
    const created = await owner.post(`/api/v1/conversations/${conversationId}/messages`, { type: 'text', text: 'reintento' });
    await expect(sendOutboundMessage(t.ctx, created.json().id)).rejects.toThrow();
    expect((await messageRow(created.json().id)).status).toBe('pending');
    expect(await sendOutboundMessage(t.ctx, created.json().id)).toBe('sent');
    await simulator.waitForIdle();
    expect(customer.received().filter((m) => (m.request.text as { body: string })?.body === 'reintento')).toHaveLength(1);
    expect((await messageRow(created.json().id)).attempts).toBe(2);
  });

  it('does not send again after a restart while the previous attempt’s outcome is unknown', async () => {
    const { conversationId, customer } = await customerWrites('5491150000004');
    // Statuses come late, so the "crash" below happens before any of them arrives.
    customer.setBehaviour({ delaysMs: { sent: 1500, delivered: 1600, read: 1700 } });
    const created = await owner.post(`/api/v1/conversations/${conversationId}/messages`, { type: 'text', text: 'una sola vez' });
    expect(await sendOutboundMessage(t.ctx, created.json().id)).toBe('sent');
    // Simulate the crash: the Graph call succeeded but the process died before storing its answer.
    await t.ctx.db.update(messages).set({ status: 'sending', externalId: null, statusAt: new Date() }).where(eq(messages.id, created.json().id));
    await expect(sendOutboundMessage(t.ctx, created.json().id)).rejects.toThrow(/no known outcome/);
    // Its status webhook carries our id (biz_opaque_callback_data) and ties the wamid back.
    await simulator.waitForIdle();
    await t.ctx.webhooks.idle();
    const row = await messageRow(created.json().id);
    expect(row.externalId).not.toBeNull();
    await t.ctx.db.update(messages).set({ statusAt: new Date(Date.now() - UNKNOWN_OUTCOME_GRACE_MS - 1000) }).where(eq(messages.id, row.id));
    expect(await sendOutboundMessage(t.ctx, row.id)).toBe('skipped');
    expect(customer.received().filter((m) => (m.request.text as { body: string })?.body === 'una sola vez')).toHaveLength(1);
  });

  it('refuses free-form text outside the 24-hour window before calling Meta, and allows templates', async () => {
    const { conversationId } = await customerWrites('5491150000005');
    await t.ctx.db.update(conversations).set({ windowExpiresAt: new Date(Date.now() - 1000) }).where(eq(conversations.id, conversationId));
    simulator.clearRequests();
    const refused = await owner.post(`/api/v1/conversations/${conversationId}/messages`, { type: 'text', text: 'hola' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('window_closed');
    expect(simulator.requests({ phoneNumberId: number.phoneNumberId }).length).toBe(0);
    const template = await owner.post(`/api/v1/conversations/${conversationId}/messages`, {
      type: 'template',
      template: { name: 'seguimiento_pedido', language: 'es_AR', components: [{ type: 'body', parameters: [{ type: 'text', text: 'Carla' }] }] },
    });
    expect(template.statusCode).toBe(201);
    expect(template.json().text).toBe('seguimiento_pedido');
    await owner.post(`/api/v1/channels/${number.channel.id}/templates/sync`);
    const synced = await owner.post(`/api/v1/conversations/${conversationId}/messages`, {
      type: 'template',
      template: { name: 'seguimiento_pedido', language: 'es_AR', components: [{ type: 'body', parameters: [{ type: 'text', text: 'Carla' }] }] },
    });
    // Once synced, the timeline shows what the customer reads.
    expect(synced.json().text).toContain('Carla');
    expect(synced.json().text).not.toContain('{{1}}');
  });

  it('fills a template’s header variable, media header and URL button, in a body Meta’s schema accepts, and the customer reads them filled', async () => {
    const { conversationId } = await customerWrites('5491150000010');
    await t.ctx.db.update(conversations).set({ windowExpiresAt: new Date(Date.now() - 1000) }).where(eq(conversations.id, conversationId));
    await owner.post(`/api/v1/channels/${number.channel.id}/templates/sync`);
    const shipping = {
      type: 'template',
      template: {
        name: 'envio_en_camino',
        language: 'es_AR',
        components: [
          { type: 'header', parameters: [{ type: 'text', text: '#2071' }] },
          { type: 'body', parameters: [{ type: 'text', text: 'Carla' }] },
          { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'AR2071' }] },
        ],
      },
    };
    const catalogue = {
      type: 'template',
      template: {
        name: 'catalogo_temporada',
        language: 'es',
        components: [
          { type: 'header', parameters: [{ type: 'image', image: { link: 'https://tienda.example/catalogo-invierno.jpg' } }] },
          { type: 'body', parameters: [{ type: 'text', text: 'Carla' }] },
        ],
      },
    };
    simulator.clearRequests();
    const created = [];
    for (const request of [shipping, catalogue]) {
      const response = await owner.post(`/api/v1/conversations/${conversationId}/messages`, request);
      expect(response.statusCode, response.body).toBe(201);
      expect(await sendOutboundMessage(t.ctx, response.json().id)).toBe('sent');
      created.push(response.json());
    }
    const sent = simulator.requests({ phoneNumberId: number.phoneNumberId, endpoint: 'messages', method: 'POST' });
    expect(sent.map((request) => request.response?.status)).toEqual([200, 200]);
    for (const request of sent) expect(validateSendMessageRequest(request.body).errors, JSON.stringify(request.body)).toEqual([]);
    expect(sent[0]!.body).toMatchObject({ type: 'template', template: { name: 'envio_en_camino', language: { code: 'es_AR' }, components: shipping.template.components } });

    // The timeline shows the whole template as sent: header, body, footer and buttons filled.
    expect(created[0]).toMatchObject({
      text: 'Hola Carla, tu pedido ya salió. Seguilo desde el botón de abajo.',
      content: {
        rendered: {
          header: { type: 'text', text: 'Pedido #2071 en camino' },
          footer: 'Tienda Sur',
          buttons: [{ type: 'url', text: 'Seguir envío', url: 'https://tienda.example/envios/AR2071' }, { type: 'quick_reply', text: 'Hablar con alguien' }],
        },
      },
    });
    expect(created[1].content.rendered.header).toEqual({ type: 'image', link: 'https://tienda.example/catalogo-invierno.jpg' });

    // What the customer's phone shows, read over the simulator's HTTP API.
    await simulator.waitForIdle();
    const view = await (await fetch(`${simulator.url}/_sim/numbers/${number.phoneNumberId}/customers/5491150000010/conversation`)).json();
    const templates = view.messages.filter((message: { type: string }) => message.type === 'template');
    expect(templates[0]).toMatchObject({
      text: '*Pedido #2071 en camino*\nHola Carla, tu pedido ya salió. Seguilo desde el botón de abajo.\n_Tienda Sur_',
      buttons: [{ kind: 'url', title: 'Seguir envío', url: 'https://tienda.example/envios/AR2071' }, { kind: 'quick_reply', title: 'Hablar con alguien' }],
    });
    expect(templates[1]).toMatchObject({ text: '[image]\nHola Carla, ya está el catálogo de la temporada.', link: 'https://tienda.example/catalogo-invierno.jpg' });
  });

  it('fails a template whose URL button got no suffix with Meta’s reason, without retrying', async () => {
    const { conversationId } = await customerWrites('5491150000011');
    await owner.post(`/api/v1/channels/${number.channel.id}/templates/sync`);
    const created = await owner.post(`/api/v1/conversations/${conversationId}/messages`, {
      type: 'template',
      template: { name: 'envio_en_camino', language: 'es_AR', components: [{ type: 'header', parameters: [{ type: 'text', text: '#2071' }] }, { type: 'body', parameters: [{ type: 'text', text: 'Carla' }] }] },
    });
    expect(await sendOutboundMessage(t.ctx, created.json().id)).toBe('failed');
    expect((await messageRow(created.json().id)).error).toMatchObject({ code: 131008, details: 'buttons: Button at index 0 of type Url requires a parameter' });
  });

  it('marks a message failed with the window reason when Meta answers 131047', async () => {
    const { conversationId } = await customerWrites('5491150000006');
    simulator.advanceClock(25 * 3600 * 1000);
    const created = await owner.post(`/api/v1/conversations/${conversationId}/messages`, { type: 'text', text: 'tarde' });
    expect(await sendOutboundMessage(t.ctx, created.json().id)).toBe('sent');
    await simulator.waitForIdle();
    await t.ctx.webhooks.idle();
    const row = await messageRow(created.json().id);
    expect(row.status).toBe('failed');
    expect(row.error?.code).toBe(131047);
    const listed = (await owner.get(`/api/v1/conversations/${conversationId}/messages`)).json().messages[0];
    expect(listed.error.explanation).toContain('24 horas');
  });

  it('honours Idempotency-Key: the same key returns the first message', async () => {
    const { conversationId } = await customerWrites('5491150000007');
    const headers = { 'idempotency-key': 'crm-order-42' };
    const first = await owner.request('POST', `/api/v1/conversations/${conversationId}/messages`, { type: 'text', text: 'pedido 42' }, { headers });
    const second = await owner.request('POST', `/api/v1/conversations/${conversationId}/messages`, { type: 'text', text: 'pedido 42' }, { headers });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(200);
    expect(second.json().id).toBe(first.json().id);
  });

  it('fails without retrying on an error that cannot succeed', async () => {
    const { conversationId } = await customerWrites('5491150000008');
    simulator.injectFault(number.phoneNumberId, { endpoint: 'messages', status: 400, code: 131026, details: 'Receiver is incapable of receiving this message', times: 1 });
    const created = await owner.post(`/api/v1/conversations/${conversationId}/messages`, { type: 'text', text: 'no llega' });
    expect(await sendOutboundMessage(t.ctx, created.json().id)).toBe('failed');
    const row = await messageRow(created.json().id);
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row.error?.code).toBe(131026);
  });

  it('keeps the message queued and marks the number when the token expired', async () => {
    const { conversationId } = await customerWrites('5491150000009');
    simulator.injectFault(number.phoneNumberId, { endpoint: 'messages', status: 401, code: 190, times: 1 });
    const created = await owner.post(`/api/v1/conversations/${conversationId}/messages`, { type: 'text', text: 'token' });
    expect(await sendOutboundMessage(t.ctx, created.json().id)).toBe('requeued');
    expect((await messageRow(created.json().id)).status).toBe('pending');
    const channel = (await owner.get(`/api/v1/channels/${number.channel.id}`)).json();
    expect(channel).toMatchObject({ health: 'token_expired', lastError: { code: 190 } });
    expect(await sendOutboundMessage(t.ctx, created.json().id)).toBe('sent');
    expect((await owner.get(`/api/v1/channels/${number.channel.id}`)).json().health).toBe('connected');
  });
});
