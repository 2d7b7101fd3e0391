import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from './index.js';
import { startWebhookReceiver, type WebhookReceiver } from './testing/webhook-receiver.js';

let sim: Simulator;
let receiver: WebhookReceiver;
const NUMBER = '109876543210987';

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${sim.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as any };
}

beforeAll(async () => {
  receiver = await startWebhookReceiver({ appSecret: 'control-secret', verifyToken: 'vt' });
  sim = await startSimulator({ retryBaseMs: 5 });
});
afterAll(async () => {
  await sim.stop();
  await receiver.close();
});

describe('the /_sim control API', () => {
  it('drives a whole conversation over HTTP, as the page and other processes do', async () => {
    const created = await call('POST', '/_sim/numbers', {
      phoneNumberId: NUMBER,
      wabaId: '209876543210987',
      displayPhoneNumber: '+54 9 11 5555-0000',
      verifiedName: 'Librería Sur',
      accessToken: 'EAAG-control',
      appSecret: 'control-secret',
      webhookUrl: receiver.url,
      verifyToken: 'vt',
    });
    expect(created.status).toBe(200);
    expect(created.json).not.toHaveProperty('accessToken');
    expect(created.json).not.toHaveProperty('appSecret');
    expect((await call('POST', `/_sim/numbers/${NUMBER}/verify-webhook`, {})).json).toMatchObject({ verified: true });

    const customer = await call('POST', `/_sim/numbers/${NUMBER}/customers`, { waId: '+54 9 11 2233-4455', name: 'Ana', behaviour: { autoRead: false } });
    expect(customer.json).toMatchObject({ waId: '5491122334455', windowOpen: false });
    const path = `/_sim/numbers/${NUMBER}/customers/5491122334455`;
    const sent = await call('POST', `${path}/messages`, { type: 'text', text: 'Hola, ¿tienen el libro?' });
    expect(sent.json.id).toMatch(/^wamid\./);
    await call('POST', `${path}/messages`, { type: 'location', latitude: -34.6, longitude: -58.4, name: 'Casa' });
    await call('POST', `${path}/messages`, { type: 'image', caption: 'Este', dataBase64: Buffer.from('fake-png').toString('base64'), mimeType: 'image/png' });

    const reply = await fetch(`${sim.url}/v23.0/${NUMBER}/messages`, {
      method: 'POST',
      headers: { authorization: 'Bearer EAAG-control', 'content-type': 'application/json' },
      body: JSON.stringify({ messaging_product: 'whatsapp', to: '5491122334455', type: 'interactive', interactive: { type: 'button', body: { text: '¿Lo reservamos?' }, action: { buttons: [{ type: 'reply', reply: { id: 'si', title: 'Sí' } }] } } }),
    }).then((r) => r.json() as Promise<any>);
    expect((await call('POST', '/_sim/wait-for-idle', { timeoutMs: 5000 })).json).toEqual({ idle: true });

    const conversation = (await call('GET', `${path}/conversation`)).json;
    expect(conversation.customer.windowOpen).toBe(true);
    expect(conversation.messages.map((m: any) => [m.direction, m.type])).toEqual([
      ['inbound', 'text'],
      ['inbound', 'location'],
      ['inbound', 'image'],
      ['outbound', 'interactive'],
    ]);
    const business = conversation.messages[3];
    expect(business).toMatchObject({ id: reply.messages[0].id, status: 'delivered', text: '¿Lo reservamos?', buttons: [{ id: 'si', title: 'Sí', kind: 'button' }] });
    const media = await fetch(`${sim.url}/_sim/media/${conversation.messages[2].mediaId}`);
    expect(Buffer.from(await media.arrayBuffer()).toString()).toBe('fake-png');

    const tapped = await call('POST', `${path}/messages`, { type: 'button_reply', id: 'si', title: 'Sí' });
    expect((await call('POST', `${path}/read`, {})).json).toEqual({ read: [business.id] });
    await call('POST', '/_sim/wait-for-idle', {});
    const after = (await call('GET', `${path}/conversation`)).json.messages;
    expect(after.find((m: any) => m.id === business.id).status).toBe('read');
    expect(after.find((m: any) => m.id === tapped.json.id).replyTo).toBe(business.id);

    expect((await call('GET', '/_sim/deliveries')).json.deliveries.every((d: any) => d.state === 'delivered' && d.attemptCount === 1)).toBe(true);
    expect((await call('GET', `/_sim/requests?endpoint=messages`)).json.requests).toHaveLength(1);
    expect((await call('GET', `/_sim/sent?phoneNumberId=${NUMBER}`)).json.messages).toHaveLength(1);
  });

  it('injects faults, moves the clock and reports bad input with field errors', async () => {
    const fault = await call('POST', `/_sim/numbers/${NUMBER}/faults`, { status: 503, times: 2, endpoint: 'messages' });
    expect(fault.json).toMatchObject({ remaining: 2, status: 503 });
    expect((await call('GET', '/_sim/faults')).json.faults).toHaveLength(1);
    expect((await call('DELETE', '/_sim/faults')).json).toEqual({ cleared: 1 });

    const before = (await call('GET', '/_sim/clock')).json.now;
    expect((await call('POST', '/_sim/clock/advance', { ms: 25 * 3600_000 })).json.now).toBeGreaterThanOrEqual(before + 25 * 3600_000);
    expect((await call('GET', `/_sim/numbers/${NUMBER}/customers`)).json.customers[0].windowOpen).toBe(false);

    const bad = await call('POST', `/_sim/numbers/${NUMBER}/customers`, { waId: 'abc', name: '' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields.map((f: any) => f.path)).toEqual(['waId', 'name']);
    expect((await call('GET', '/_sim/numbers/404/customers')).status).toBe(404);
    expect((await call('POST', `/_sim/numbers/${NUMBER}/customers/5491122334455/messages`, { type: 'telepathy' })).status).toBe(400);
  });

  it('serves the customer page', async () => {
    const page = await fetch(`${sim.url}/`);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('Simulador de cliente');
    expect(html).toContain("'/_sim/numbers'");
    expect(html).not.toMatch(/<script[^>]+src=/);
  });
});
