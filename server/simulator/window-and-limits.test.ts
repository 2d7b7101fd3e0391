import { afterEach, describe, expect, it } from 'vitest';
import { validateGraphError, validateWebhookPayload } from './meta-schema.js';
import { startHarness, valueOf, type Harness } from './testing/harness.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const HOUR = 3600_000;
const text = (to: string, body = 'hola') => ({ to, type: 'text', text: { body } });
const template = (to: string) => ({ to, type: 'template', template: { name: 'bienvenida', language: { code: 'es' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }] } });

function statusesOf(id: string): any[] {
  return h.receiver.received.flatMap((r) => valueOf(r.body).statuses ?? []).filter((s: { id: string }) => s.id === id);
}

describe('the 24 h customer service window', () => {
  it('accepts a text after 24 h and then fails it with 131047; a template still goes through', async () => {
    h = await startHarness();
    const ana = h.sim.customer(h.number.phoneNumberId, { waId: '5491122334455', name: 'Ana' });
    await ana.sendText('hola');
    const inside = await h.send(text(ana.waId));
    h.sim.advanceClock(24 * HOUR + 1000);
    const outside = await h.send(text(ana.waId, 'seguís ahí?'));
    const reEngage = await h.send(template(ana.waId));
    expect([inside.status, outside.status, reEngage.status]).toEqual([200, 200, 200]);
    await h.sim.waitForIdle();

    expect(statusesOf(inside.json.messages[0].id).map((s) => s.status)).toEqual(['sent', 'delivered', 'read']);
    const failed = statusesOf(outside.json.messages[0].id);
    expect(failed.map((s) => s.status)).toEqual(['failed']);
    expect(failed[0].errors[0]).toEqual({
      code: 131047,
      title: 'Re-engagement message',
      message: 'Re-engagement message',
      error_data: { details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' },
      href: '/documentation/business-messaging/whatsapp/support/error-codes',
    });
    const templated = statusesOf(reEngage.json.messages[0].id);
    expect(templated.map((s) => s.status)).toEqual(['sent', 'delivered', 'read']);
    expect(templated[0].pricing).toEqual({ billable: true, pricing_model: 'PMP', type: 'regular', category: 'utility' });
    for (const webhook of h.receiver.received) expect(validateWebhookPayload(webhook.body).valid).toBe(true);

    await ana.sendText('acá estoy');
    const reopened = await h.send(text(ana.waId, 'genial'));
    await h.sim.waitForIdle();
    expect(statusesOf(reopened.json.messages[0].id).map((s) => s.status)).toEqual(['sent', 'delivered', 'read']);
  });

  it('never opened for someone who never wrote; 72 h after an ad', async () => {
    h = await startHarness();
    const stranger = await h.send(text('5215512345678'));
    const fromAd = h.sim.customer(h.number.phoneNumberId, { waId: '5491166778899', name: 'Beto' });
    await fromAd.fromAd('Vi el anuncio');
    h.sim.advanceClock(48 * HOUR);
    const stillOpen = await h.send(text(fromAd.waId));
    await h.sim.waitForIdle();
    expect(statusesOf(stranger.json.messages[0].id)[0].errors[0].code).toBe(131047);
    expect(statusesOf(stillOpen.json.messages[0].id).map((s) => s.status)).toEqual(['sent', 'delivered', 'read']);
  });

  it('answers with the wa_id it knows for a regional variant, and 131026 for non-users', async () => {
    h = await startHarness();
    const ana = h.sim.customer(h.number.phoneNumberId, { waId: '5491122334455', name: 'Ana' });
    await ana.sendText('hola');
    const variant = await h.send(text('+54 11 2233-4455'));
    expect(variant.json.contacts).toEqual([{ input: '+54 11 2233-4455', wa_id: '5491122334455' }]);
    h.sim.customer(h.number.phoneNumberId, { waId: '5491100000000', name: 'Ghost', behaviour: { onWhatsApp: false } });
    const ghost = await h.send(template('5491100000000'));
    await h.sim.waitForIdle();
    expect(statusesOf(ghost.json.messages[0].id)[0].errors[0].code).toBe(131026);
  });
});

describe('rate limits', () => {
  it('answers 131056 to rapid sends to one customer, and refills with time', async () => {
    h = await startHarness({ number: { pairRate: { burst: 3, intervalMs: 6000 } } });
    const ana = h.sim.customer(h.number.phoneNumberId, { waId: '5491122334455', name: 'Ana' });
    await ana.sendText('hola');
    const results = [];
    for (let i = 0; i < 4; i += 1) results.push(await h.send(text(ana.waId, `m${i}`)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 400]);
    expect(results[3]!.json.error).toMatchObject({ code: 131056, error_data: { details: expect.stringContaining('same phone number') } });
    expect(validateGraphError(results[3]!.json).valid).toBe(true);
    const other = h.sim.customer(h.number.phoneNumberId, { waId: '5491166778899', name: 'Beto' });
    await other.sendText('hola');
    expect((await h.send(text(other.waId))).status).toBe(200);
    h.sim.advanceClock(6000);
    expect((await h.send(text(ana.waId, 'later'))).status).toBe(200);
  });

  it('answers 130429 over the number throughput (HTTP status configurable), and can be disabled', async () => {
    h = await startHarness({ number: { throughputPerSecond: 5, pairRate: false, rateLimitHttpStatus: 429 } });
    const results = [];
    for (let i = 0; i < 6; i += 1) results.push(await h.send(template(`54911000000${10 + i}`)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 429]);
    expect(results[5]!.json.error.code).toBe(130429);
    h.sim.advanceClock(1000);
    expect((await h.send(template('5491100000099'))).status).toBe(200);

    h.sim.updateNumber(h.number.phoneNumberId, { throughputPerSecond: null });
    const burst = await Promise.all(Array.from({ length: 40 }, () => h.send(template('5491100000042'))));
    expect(burst.every((r) => r.status === 200)).toBe(true);
  });
});
