import { createHash, createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { validateWebhookPayload } from './meta-schema.js';
import { startHarness, valueOf, type Harness } from './testing/harness.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

/** Each received webhook: signed over the exact bytes, pure ASCII, valid for Meta's schema. */
function expectMetaLike(raw: Buffer, signature: string, appSecret: string, body: unknown) {
  expect(signature).toBe(`sha256=${createHmac('sha256', appSecret).update(raw).digest('hex')}`);
  expect([...raw].every((byte) => byte < 0x80)).toBe(true);
  expect(validateWebhookPayload(body)).toEqual({ valid: true, errors: [] });
}

describe('webhooks the simulator posts', () => {
  it('posts every customer message type signed, \\u-escaped and valid for Meta', async () => {
    h = await startHarness();
    const customer = h.sim.customer(h.number.phoneNumberId, { waId: '+54 9 11 2233-4455', name: 'Ñandú Pérez 😀', userId: true, username: '@nandu' });
    const sent = await h.send({ to: '5491122334455', type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } });
    const business = sent.json.messages[0].id;
    await customer.sendText('¿Tienen mañana? 🛠️');
    await customer.reply(business, 'Sí, respondo');
    await customer.forwarded('reenviado');
    await customer.forwarded('muy reenviado', { many: true });
    await customer.fromAd('Vengo del anuncio');
    await customer.sendText('¿Y este?', { referredProduct: { catalogId: '194836987003835', productRetailerId: 'di9ozbzfi4' } });
    await customer.sendImage({ caption: 'foto' });
    await customer.sendVideo();
    await customer.sendAudio({ voice: true });
    await customer.sendAudio();
    await customer.sendDocument({ caption: 'presupuesto', filename: 'presupuesto.pdf' });
    await customer.sendSticker({ animated: true });
    await customer.sendLocation({ latitude: -34.6, longitude: -58.38, name: 'Obelisco', address: 'Av. 9 de Julio' });
    await customer.sendContacts([{ name: { formatted_name: 'Lucía Gómez', first_name: 'Lucía' }, phones: [{ phone: '+54 9 11 5555-1234', wa_id: '5491155551234', type: 'MOBILE' }] }]);
    await customer.sendButtonReply('yes', 'Sí');
    await customer.sendListReply('row-1', 'Envío express', 'Llega mañana');
    await customer.sendFlowReply({ rating: '5', flow_token: 'tok' });
    await customer.sendTemplateButton('STOP', 'Dejar de recibir');
    await customer.react(business, '👍');
    await customer.react(business, null);
    await customer.sendOrder({ catalogId: '194836987003835', items: [{ product_retailer_id: 'sku-1', quantity: 2, item_price: 30, currency: 'ARS' }] });
    await customer.sendUnsupported('poll');
    await customer.changeNumber('5491199998888');
    await h.sim.waitForIdle();

    const inbound = h.receiver.received.filter((r) => valueOf(r.body).messages);
    expect(inbound).toHaveLength(23);
    for (const webhook of inbound) expectMetaLike(webhook.raw, String(webhook.headers['x-hub-signature-256']), h.number.appSecret, webhook.body);
    const types = inbound.map((w) => valueOf(w.body).messages[0].type);
    expect(new Set(types)).toEqual(new Set(['text', 'image', 'video', 'audio', 'document', 'sticker', 'location', 'contacts', 'interactive', 'button', 'reaction', 'order', 'unsupported', 'system']));
    const first = inbound[0]!.raw.toString('ascii');
    expect(first).toContain('"name":"\\u00d1and\\u00fa P\\u00e9rez \\ud83d\\ude00"');
    expect(first).toContain('\\u00bfTienen ma\\u00f1ana? \\ud83d\\udee0\\ufe0f');
    const system = valueOf(inbound.at(-1)!.body);
    expect(system.contacts).toBeUndefined();
    expect(system.messages[0]).toMatchObject({ from: '5491122334455', system: { wa_id: '5491199998888', type: 'user_changed_number' } });
    const removal = inbound.map((w) => valueOf(w.body).messages[0]).filter((m) => m.type === 'reaction')[1];
    expect(removal.reaction).toEqual({ message_id: business });
    const buttonReply = inbound.map((w) => valueOf(w.body).messages[0]).find((m) => m.type === 'button');
    expect(buttonReply.context).toEqual({ from: '15550783881', id: business });
  });

  it('identifies a user who hides their number by user id only', async () => {
    h = await startHarness();
    const hidden = h.sim.customer(h.number.phoneNumberId, { waId: '16505559999', name: 'Anon', userId: true, username: '@anon', hidePhoneNumber: true });
    await hidden.sendText('sin número');
    await h.sim.waitForIdle();
    const value = valueOf(h.receiver.received[0]!.body);
    expect(value.contacts[0]).toEqual({ profile: { name: 'Anon', username: '@anon' }, user_id: hidden.userId });
    expect(value.messages[0]).not.toHaveProperty('from');
    expect(value.messages[0].from_user_id).toMatch(/^US\.\d{20}$/);
    expect(validateWebhookPayload(h.receiver.received[0]!.body)).toEqual({ valid: true, errors: [] });
  });

  it('serves customer media through the Graph media endpoints with a matching sha256', async () => {
    h = await startHarness();
    const customer = h.sim.customer(h.number.phoneNumberId, { waId: '16505551234', name: 'Sheena' });
    await customer.sendImage({ caption: 'Taj Mahal' });
    await h.sim.waitForIdle();
    const image = valueOf(h.receiver.received[0]!.body).messages[0].image;
    const lookup = await h.graph('GET', `/v24.0/${image.id}`);
    expect(lookup.json).toMatchObject({ messaging_product: 'whatsapp', mime_type: image.mime_type, id: image.id });
    const download = await fetch(lookup.json.url, { headers: { authorization: `Bearer ${h.number.accessToken}` } });
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('base64')).toBe(image.sha256);
    expect(lookup.json.file_size).toBe(String(bytes.length));
  });

  it('posts statuses for business messages: sent → delivered → read (→ played), echoing biz_opaque_callback_data', async () => {
    h = await startHarness();
    const customer = h.sim.customer(h.number.phoneNumberId, { waId: '16505551234', name: 'Sheena', userId: 'US.13491208655302741918' });
    await customer.sendText('hola');
    const text = await h.send({ to: '+1 650-555-1234', type: 'text', text: { body: 'Hola Sheena' }, biz_opaque_callback_data: 'outbox:42' });
    const voice = await h.send({ to: '16505551234', type: 'audio', audio: { id: h.sim.addMedia(h.number.phoneNumberId, { bytes: Buffer.from('OggS'), mimeType: 'audio/ogg' }) } });
    await h.sim.waitForIdle();
    const statuses = h.receiver.received.map((r) => valueOf(r.body)).filter((v) => v.statuses);
    for (const webhook of h.receiver.received) expectMetaLike(webhook.raw, String(webhook.headers['x-hub-signature-256']), h.number.appSecret, webhook.body);
    const of = (id: string) => statuses.map((v) => v.statuses[0]).filter((s) => s.id === id);
    expect(of(text.json.messages[0].id).map((s) => s.status)).toEqual(['sent', 'delivered', 'read']);
    expect(of(voice.json.messages[0].id).map((s) => s.status)).toEqual(['sent', 'delivered', 'read', 'played']);
    const [sent] = of(text.json.messages[0].id);
    expect(sent).toMatchObject({ recipient_id: '16505551234', recipient_user_id: 'US.13491208655302741918', biz_opaque_callback_data: 'outbox:42' });
    expect(sent.conversation).toMatchObject({ origin: { type: 'service' } });
    expect(sent.pricing).toEqual({ billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' });
    expect(statuses[0].contacts[0]).toMatchObject({ wa_id: '16505551234', user_id: 'US.13491208655302741918' });
    expect(typeof sent.timestamp).toBe('string');
  });

  it('can skip delivered or post read before delivered, keeping timestamps in order', async () => {
    h = await startHarness({ sim: { customerDefaults: { delaysMs: { sent: 1, delivered: 1000, read: 1000, played: 1 } } } });
    const skipper = h.sim.customer(h.number.phoneNumberId, { waId: '16505550001', name: 'Skip', behaviour: { skipDelivered: true, delaysMs: { delivered: 1, read: 1 } } });
    const shuffler = h.sim.customer(h.number.phoneNumberId, { waId: '16505550002', name: 'Shuffle', behaviour: { readBeforeDelivered: true, delaysMs: { delivered: 5, read: 5 } } });
    await skipper.sendText('a');
    await shuffler.sendText('b');
    const one = await h.send({ to: skipper.waId, text: { body: 'uno' } });
    await h.sim.waitForIdle();
    const two = await h.send({ to: shuffler.waId, text: { body: 'dos' } });
    await h.sim.waitForIdle();
    const statusesOf = (id: string) => h.receiver.received.flatMap((r) => valueOf(r.body).statuses ?? []).filter((s: { id: string }) => s.id === id);
    expect(statusesOf(one.json.messages[0].id).map((s) => s.status)).toEqual(['sent', 'read']);
    const shuffled = statusesOf(two.json.messages[0].id);
    expect(shuffled.map((s) => s.status)).toEqual(['sent', 'read', 'delivered']);
    expect(Number(shuffled[2].timestamp)).toBeLessThanOrEqual(Number(shuffled[1].timestamp));
  });

  it('posts value-level errors and raw payloads as given', async () => {
    h = await startHarness();
    h.sim.emitValueError(h.number.phoneNumberId, 130429);
    const ids = h.sim.deliver(h.number.phoneNumberId, { object: 'whatsapp_business_account', entry: [{ id: 'w', changes: [{ field: 'messages', value: { messages: [{ id: 'wamid.RAW' }] } }] }] });
    await h.sim.waitForIdle();
    expect(ids).toEqual(['wamid.RAW']);
    expect(valueOf(h.receiver.received[0]!.body).errors[0]).toMatchObject({ code: 130429, title: 'Rate limit hit' });
    expect(validateWebhookPayload(h.receiver.received[0]!.body).valid).toBe(true);
    expect(h.receiver.received[1]!.signatureValid).toBe(true);
  });
});

describe('delivery like Meta', () => {
  it('retries a 500 at once and then with backoff, logging every attempt', async () => {
    h = await startHarness({ sim: { retryBaseMs: 20 } });
    h.receiver.respondWith([500, 500]);
    const id = await h.sim.customer(h.number.phoneNumberId, { waId: '16505551234', name: 'Sheena' }).sendText('hola');
    await h.sim.waitForIdle();
    const [delivery] = h.sim.deliveries();
    expect(delivery).toMatchObject({ state: 'delivered', wamids: [id] });
    expect(delivery!.attempts.map((a) => a.status)).toEqual([500, 500, 200]);
    expect(delivery!.attempts[2]!.at - delivery!.attempts[1]!.at).toBeGreaterThanOrEqual(18);
    expect(new Set(h.receiver.received.map((r) => r.raw.toString()))).toHaveProperty('size', 1);
    expect(h.receiver.acknowledged()).toHaveLength(1);
  });

  it('keeps retrying while the receiver is down and delivers once it is back', async () => {
    h = await startHarness({ sim: { retryBaseMs: 10, retry: { maxDelayMs: 40 } } });
    await h.receiver.goDown();
    await h.sim.customer(h.number.phoneNumberId, { waId: '16505551234', name: 'Sheena' }).sendText('¿hay alguien?');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(h.sim.pending()).toHaveLength(1);
    expect(h.sim.pending()[0]!.attempts.length).toBeGreaterThanOrEqual(3);
    expect(h.sim.pending()[0]!.attempts[0]!.error).toBe('ECONNREFUSED');
    await h.receiver.comeBack();
    await h.sim.waitForIdle();
    expect(h.sim.deliveries()[0]!.state).toBe('delivered');
    expect(h.receiver.acknowledged()).toHaveLength(1);
  });

  it('treats a receiver that does not answer in time as a failure', async () => {
    h = await startHarness({ sim: { retry: { timeoutMs: 100 } } });
    h.receiver.respondWith([-1]);
    await h.sim.customer(h.number.phoneNumberId, { waId: '16505551234', name: 'Sheena' }).sendText('hola');
    await h.sim.waitForIdle();
    expect(h.sim.deliveries()[0]!.attempts.map((a) => a.error ?? a.status)).toEqual(['timed out after 100 ms', 200]);
  });

  it('gives up after the configured attempts', async () => {
    h = await startHarness({ sim: { retry: { maxAttempts: 3 } } });
    h.receiver.respondWith([503, 503, 503, 503]);
    await h.sim.customer(h.number.phoneNumberId, { waId: '16505551234', name: 'Sheena' }).sendText('hola');
    await h.sim.waitForIdle();
    expect(h.sim.deliveries()[0]).toMatchObject({ state: 'failed' });
    expect(h.sim.deliveries()[0]!.attempts).toHaveLength(3);
  });

  it('delivers duplicates: the same signed bytes N times, one after another or concurrently', async () => {
    h = await startHarness();
    const customer = h.sim.customer(h.number.phoneNumberId, { waId: '16505551234', name: 'Sheena' });
    await customer.sendText('dup', { delivery: { duplicates: 3 } });
    await customer.sendText('race', { delivery: { duplicates: 4, concurrentDuplicates: true } });
    await h.sim.waitForIdle();
    const bodies = h.receiver.received.map((r) => r.raw.toString());
    expect(bodies).toHaveLength(7);
    const copies = new Map<string, number>();
    for (const body of bodies) copies.set(body, (copies.get(body) ?? 0) + 1);
    expect([...copies.values()].sort()).toEqual([3, 4]);
    expect(new Set(h.receiver.received.map((r) => r.headers['x-hub-signature-256'])).size).toBe(2);
    expect(h.sim.deliveries().filter((d) => d.duplicateOf)).toHaveLength(5);
  });

  it('batches several messages and statuses into one POST', async () => {
    h = await startHarness();
    const ana = h.sim.customer(h.number.phoneNumberId, { waId: '5491122334455', name: 'Ana' });
    const beto = h.sim.customer(h.number.phoneNumberId, { waId: '5491166778899', name: 'Beto' });
    const ids = await h.sim.batch(async () => [await ana.sendText('uno'), await ana.sendText('dos'), await beto.sendText('tres')]);
    await h.sim.waitForIdle();
    expect(h.receiver.received).toHaveLength(1);
    const value = valueOf(h.receiver.received[0]!.body);
    expect(value.messages.map((m: { id: string }) => m.id)).toEqual(ids);
    expect(value.contacts.map((c: { wa_id: string }) => c.wa_id)).toEqual(['5491122334455', '5491166778899']);
    expect(h.sim.deliveries()[0]!.wamids).toEqual(ids);
  });

  it('runs the GET verification handshake against the webhook URL', async () => {
    h = await startHarness();
    expect(await h.sim.verifyWebhook(h.number.phoneNumberId, { challenge: '1158201444' })).toEqual({ verified: true, status: 200, body: '1158201444', challenge: '1158201444' });
    expect(await h.sim.verifyWebhook(h.number.phoneNumberId, { verifyToken: 'wrong' })).toMatchObject({ verified: false, status: 403 });
  });
});
