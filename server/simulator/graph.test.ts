import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  validateGraphError,
  validateMarkReadResponse,
  validateMediaDeleteResponse,
  validateMediaLookupResponse,
  validateMediaUploadResponse,
  validatePhoneNumberResponse,
  validateSendMessageRequest,
  validateSendMessageResponse,
  validateTemplatesResponse,
  validateWebhookPayload,
} from './meta-schema.js';
import { samplePng } from './media-samples.js';
import { startHarness, valueOf, type Harness } from './testing/harness.js';

let h: Harness;
const CUSTOMER = '16505551234';
beforeAll(async () => {
  h = await startHarness({ number: { pairRate: false } });
  await h.sim.customer(h.number.phoneNumberId, { waId: CUSTOMER, name: 'Sheena Nelson' }).sendText('Hola');
});
afterAll(async () => {
  await h.close();
});

function expectGraphError(result: { status: number; json: any }, status: number, code: number, details?: RegExp, type = 'OAuthException') {
  expect(validateGraphError(result.json)).toEqual({ valid: true, errors: [] });
  expect({ status: result.status, code: result.json.error.code, type: result.json.error.type }).toEqual({ status, code, type });
  // WhatsApp errors read "(#code) Title"; Graph-level ones (190, 100/33) use Meta's own sentences.
  if (result.json.error.error_data) expect(result.json.error.message).toMatch(new RegExp(`^\\(#${code}\\)`));
  if (details) expect(result.json.error.error_data).toEqual({ messaging_product: 'whatsapp', details: expect.stringMatching(details) });
}

async function upload(bytes: Buffer, mimeType: string, fields: Record<string, string> = { messaging_product: 'whatsapp' }, token = h.number.accessToken) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  form.set('type', mimeType);
  form.set('file', new Blob([new Uint8Array(bytes)], { type: mimeType }), 'file.bin');
  const response = await fetch(`${h.sim.url}/v23.0/${h.number.phoneNumberId}/media`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  return { status: response.status, json: await response.json() };
}

describe('POST /{version}/{phone-number-id}/messages', () => {
  it('accepts every message type Bandeja sends, with Meta-valid requests and responses', async () => {
    const mediaId = (await upload(samplePng(), 'image/png')).json.id;
    const reply = { message_id: h.sim.customers(h.number.phoneNumberId)[0]!.conversation()[0]!.id };
    const bodies: Record<string, unknown>[] = [
      { type: 'text', text: { body: 'Hola ñandú 👋', preview_url: false }, context: reply },
      { type: 'image', image: { id: mediaId, caption: 'Taladro' } },
      { type: 'image', image: { link: 'https://example.com/taladro.jpg' } },
      { type: 'document', document: { link: 'https://example.com/presupuesto.pdf', filename: 'presupuesto.pdf', caption: 'Presupuesto' } },
      { type: 'audio', audio: { id: mediaId } },
      { type: 'video', video: { link: 'https://example.com/v.mp4' } },
      { type: 'sticker', sticker: { id: mediaId } },
      { type: 'location', location: { latitude: -34.6, longitude: -58.38, name: 'Local', address: 'Av. Corrientes 1234' } },
      { type: 'contacts', contacts: [{ name: { formatted_name: 'Soporte', first_name: 'Soporte' }, phones: [{ phone: '+54 11 5555 0000', type: 'WORK' }] }] },
      { type: 'reaction', reaction: { message_id: reply.message_id, emoji: '👍' } },
      { type: 'reaction', reaction: { message_id: reply.message_id, emoji: '' } },
      { type: 'template', template: { name: 'order_update', language: { code: 'es_AR' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }, { type: 'text', text: '#1043' }, { type: 'text', text: 'en camino' }] }, { type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'DETAIL' }] }] } },
      { type: 'template', template: { name: 'envio_en_camino', language: { code: 'es_AR' }, components: [{ type: 'header', parameters: [{ type: 'text', text: '#1043' }] }, { type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }, { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'AR1043' }] }] } },
      { type: 'template', template: { name: 'catalogo_temporada', language: { code: 'es' }, components: [{ type: 'header', parameters: [{ type: 'image', image: { link: 'https://example.com/catalogo.jpg' } }] }, { type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }] } },
      { type: 'interactive', interactive: { type: 'button', header: { type: 'text', text: 'Reserva' }, body: { text: '¿Reservamos?' }, footer: { text: 'Bandeja' }, action: { buttons: [{ type: 'reply', reply: { id: 'yes', title: 'Sí' } }, { type: 'reply', reply: { id: 'no', title: 'No' } }] } } },
      { type: 'interactive', interactive: { type: 'list', body: { text: 'Elegí envío' }, action: { button: 'Opciones', sections: [{ title: 'Envíos', rows: [{ id: 'express', title: 'Express', description: 'Mañana' }] }] } } },
      { type: 'interactive', interactive: { type: 'cta_url', body: { text: 'Mirá el catálogo' }, action: { name: 'cta_url', parameters: { display_text: 'Abrir', url: 'https://example.com' } } } },
      { type: 'interactive', interactive: { type: 'location_request_message', body: { text: '¿Dónde estás?' }, action: { name: 'send_location' } } },
    ];
    for (const body of bodies) {
      const request = { messaging_product: 'whatsapp', recipient_type: 'individual', to: `+${CUSTOMER}`, ...body, biz_opaque_callback_data: `case-${String(body.type)}` };
      expect(validateSendMessageRequest(request)).toEqual({ valid: true, errors: [] });
      const result = await h.graph('POST', `/v23.0/${h.number.phoneNumberId}/messages`, request);
      expect({ type: body.type, status: result.status }).toEqual({ type: body.type, status: 200 });
      expect(validateSendMessageResponse(result.json)).toEqual({ valid: true, errors: [] });
      expect(result.json.contacts).toEqual([{ input: `+${CUSTOMER}`, wa_id: CUSTOMER }]);
      expect(result.json.messages[0].id).toMatch(/^wamid\.[A-Za-z0-9+/=]+$/);
    }
    await h.sim.waitForIdle();
    const sends = h.sim.requests({ endpoint: 'messages' }).filter((r) => r.response?.status === 200);
    expect(sends.filter((r) => (r.body as { biz_opaque_callback_data?: string }).biz_opaque_callback_data === 'case-template')).toHaveLength(3);
    expect(sends[0]!.headers.authorization).toBe('Bearer ***');
    for (const webhook of h.receiver.received) expect(validateWebhookPayload(webhook.body).valid).toBe(true);
  });

  it('marks messages read with a typing indicator', async () => {
    const customer = h.sim.customer(h.number.phoneNumberId, { waId: CUSTOMER, name: 'Sheena Nelson' });
    const first = await customer.sendText('uno');
    const second = await customer.sendText('dos');
    const result = await h.send({ status: 'read', message_id: second, typing_indicator: { type: 'text' } });
    expect(result).toMatchObject({ status: 200, json: { success: true } });
    expect(validateMarkReadResponse(result.json).valid).toBe(true);
    const inbound = customer.conversation().filter((m) => m.direction === 'inbound');
    expect(inbound.find((m) => m.id === first)).toHaveProperty('readAt');
    expect(inbound.find((m) => m.id === second)).toHaveProperty('typingIndicatorAt');
    expectGraphError(await h.send({ status: 'read', message_id: 'wamid.unknown' }), 400, 100, /message_id/);
  });

  it.each([
    ['text over 4096 characters', { type: 'text', text: { body: 'a'.repeat(4097) } }, 100, /text\['body'\] must be at most 4096/],
    ['caption over 1024', { type: 'image', image: { link: 'https://example.com/a.jpg', caption: 'a'.repeat(1025) } }, 100, /image\['caption'\]/],
    ['four buttons', { type: 'interactive', interactive: { type: 'button', body: { text: 'x' }, action: { buttons: [1, 2, 3, 4].map((i) => ({ type: 'reply', reply: { id: `b${i}`, title: `B${i}` } })) } } }, 131009, /Buttons count/],
    ['button title over 20', { type: 'interactive', interactive: { type: 'button', body: { text: 'x' }, action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'a'.repeat(21) } }] } } }, 131009, /Button title length/],
    ['eleven list rows', { type: 'interactive', interactive: { type: 'list', body: { text: 'x' }, action: { button: 'Ver', sections: [{ title: 's', rows: Array.from({ length: 11 }, (_, i) => ({ id: `r${i}`, title: `R${i}` })) }] } } }, 131009, /row count/],
    ['list row description over 72', { type: 'interactive', interactive: { type: 'list', body: { text: 'x' }, action: { button: 'Ver', sections: [{ rows: [{ id: 'r', title: 'R', description: 'd'.repeat(73) }] }] } } }, 131009, /Row description/],
    ['header over 60', { type: 'interactive', interactive: { type: 'button', header: { type: 'text', text: 'h'.repeat(61) }, body: { text: 'x' }, action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'A' } }] } } }, 131009, /Header text/],
    ['missing text body', { type: 'text', text: {} }, 131008, /text\['body'\]/],
    ['missing recipient', { to: undefined, type: 'text', text: { body: 'x' } }, 131008, /to/],
    ['an unknown field', { type: 'text', text: { body: 'x' }, priority: 'high' }, 100, /Unexpected key "priority"/],
    ['media with neither id nor link', { type: 'image', image: { caption: 'x' } }, 131008, /image/],
    ['an unknown type', { type: 'poll', poll: {} }, 100, /type must be one of/],
    ['a multi-character reaction', { type: 'reaction', reaction: { message_id: 'wamid.X', emoji: 'ok' } }, 131009, /single emoji/],
    ['an unknown template', { type: 'template', template: { name: 'nope', language: { code: 'es' } } }, 132001, /does not exist/],
    ['a pending template', { type: 'template', template: { name: 'promo_invierno', language: { code: 'es' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] }] } }, 132001, /PENDING/],
    ['wrong template parameters', { type: 'template', template: { name: 'bienvenida', language: { code: 'es' } } }, 132000, /localizable_params \(0\).*\(1\)/],
    ['a media header without its media', { type: 'template', template: { name: 'catalogo_temporada', language: { code: 'es' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }] } }, 132012, /header: Format mismatch, expected IMAGE, received UNKNOWN/],
    ['a media header of another kind', { type: 'template', template: { name: 'catalogo_temporada', language: { code: 'es' }, components: [{ type: 'header', parameters: [{ type: 'video', video: { link: 'https://example.com/v.mp4' } }] }, { type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }] } }, 132012, /expected IMAGE, received VIDEO/],
    ['a header variable left empty', { type: 'template', template: { name: 'envio_en_camino', language: { code: 'es_AR' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }, { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'AR1043' }] }] } }, 132000, /header: number of localizable_params \(0\)/],
    ['a URL button without its suffix', { type: 'template', template: { name: 'envio_en_camino', language: { code: 'es_AR' }, components: [{ type: 'header', parameters: [{ type: 'text', text: '#1043' }] }, { type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }] } }, 131008, /Button at index 0 of type Url requires a parameter/],
    ['a parameter on a static URL button', { type: 'template', template: { name: 'catalogo_temporada', language: { code: 'es' }, components: [{ type: 'header', parameters: [{ type: 'image', image: { link: 'https://example.com/c.jpg' } }] }, { type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }, { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'x' }] }] } }, 100, /index 0 is of type Url and does not support parameters/],
    ['sending to itself', { to: '15550783881', type: 'text', text: { body: 'x' } }, 131021, /same/],
  ])('refuses %s', async (_name, body, code, details) => {
    const result = await h.send({ to: CUSTOMER, ...body });
    expectGraphError(result, code === 132001 ? 404 : 400, code, details);
  });

  it('refuses bodies that are not JSON objects', async () => {
    const response = await fetch(`${h.sim.url}/v23.0/${h.number.phoneNumberId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.number.accessToken}`, 'content-type': 'application/json' },
      body: '{"messaging_product":',
    });
    expectGraphError({ status: response.status, json: await response.json() }, 400, 100);
  });
});

describe('auth and unknown objects', () => {
  it('answers 401 / 190 to a wrong, missing or foreign token', async () => {
    const wrong = await h.graph('POST', `/v23.0/${h.number.phoneNumberId}/messages`, { messaging_product: 'whatsapp', to: CUSTOMER, text: { body: 'x' } }, 'EAAG-wrong');
    expectGraphError(wrong, 401, 190);
    expect(wrong.json.error.error_data).toBeUndefined();
    expect(wrong.headers.get('www-authenticate')).toMatch(/invalid_token/);
    expectGraphError(await h.graph('GET', `/v23.0/${h.number.phoneNumberId}`, undefined, null), 401, 190);
    const other = await startHarness();
    try {
      expectGraphError(await h.graph('GET', `/v23.0/${h.number.phoneNumberId}`, undefined, other.number.accessToken), 401, 190);
    } finally {
      await other.close();
    }
  });

  it('answers unknown objects with 100/33 and unknown paths with 2500', async () => {
    const unknown = await h.graph('GET', '/v23.0/999999999999999');
    expectGraphError(unknown, 400, 100, undefined, 'GraphMethodException');
    expect(unknown.json.error).toMatchObject({ error_subcode: 33, message: expect.stringMatching(/^Unsupported get request. Object with ID '999999999999999' does not exist/) });
    expect((await h.graph('GET', `/v23.0/${h.number.phoneNumberId}/nothing_here`)).json.error.code).toBe(2500);
    expect((await h.graph('GET', `/latest/${h.number.phoneNumberId}`)).json.error.code).toBe(2500);
  });
});

describe('media', () => {
  it('uploads, looks up, downloads (with the token, until the URL expires) and deletes', async () => {
    const bytes = samplePng(7);
    const uploaded = await upload(bytes, 'image/png');
    expect(uploaded.status).toBe(200);
    expect(validateMediaUploadResponse(uploaded.json)).toEqual({ valid: true, errors: [] });
    const lookup = await h.graph('GET', `/v21.0/${uploaded.json.id}?phone_number_id=${h.number.phoneNumberId}`);
    expect(validateMediaLookupResponse(lookup.json)).toEqual({ valid: true, errors: [] });
    expect(lookup.json).toMatchObject({ messaging_product: 'whatsapp', mime_type: 'image/png', file_size: String(bytes.length), id: uploaded.json.id });
    expect(lookup.json.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(lookup.json.url.startsWith(`${h.sim.url}/whatsapp_business/attachments/?mid=${uploaded.json.id}`)).toBe(true);

    const download = (url: string, token: string | null = h.number.accessToken) => fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const ok = await download(lookup.json.url);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await ok.arrayBuffer())).toEqual(bytes);
    expect((await download(lookup.json.url, null)).status).toBe(401);

    h.sim.advanceClock(5 * 60_000 + 1000);
    expect((await download(lookup.json.url)).status).toBe(404);
    const fresh = await h.graph('GET', `/v21.0/${uploaded.json.id}`);
    expect((await download(fresh.json.url)).status).toBe(200);

    const deleted = await h.graph('DELETE', `/v21.0/${uploaded.json.id}`);
    expect(deleted.json).toEqual({ success: true });
    expect(validateMediaDeleteResponse(deleted.json).valid).toBe(true);
    expect((await h.graph('GET', `/v21.0/${uploaded.json.id}`)).json.error.code).toBe(100);
  });

  it('enforces the type and size limits', async () => {
    expectGraphError(await upload(Buffer.from('GIF89a'), 'image/gif'), 400, 131053, /image\/gif/);
    expectGraphError(await upload(Buffer.alloc(5 * 1024 * 1024 + 1), 'image/jpeg'), 400, 131053, /too big/);
    expectGraphError(await upload(samplePng(), 'image/png', {}), 400, 131008, /messaging_product/);
    expectGraphError(await upload(samplePng(), 'image/png', undefined, 'EAAG-wrong'), 401, 190);
    expect((await upload(Buffer.from('%PDF-1.4'), 'application/pdf')).status).toBe(200);
  });
});

describe('business data', () => {
  it('lists the WABA templates in Meta shape', async () => {
    const result = await h.graph('GET', `/v23.0/${h.number.wabaId}/message_templates`);
    expect(validateTemplatesResponse(result.json)).toEqual({ valid: true, errors: [] });
    const statuses = new Set(result.json.data.map((t: { status: string }) => t.status));
    expect(statuses).toEqual(new Set(['APPROVED', 'PENDING', 'REJECTED']));
    expect(new Set(result.json.data.map((t: { language: string }) => t.language.slice(0, 2)))).toEqual(new Set(['es', 'en']));
    expect((await h.graph('GET', `/v23.0/${h.number.wabaId}/message_templates?name=hello`)).json.data.map((t: { name: string }) => t.name)).toEqual(['hello_world']);
    expectGraphError(await h.graph('GET', `/v23.0/${h.number.wabaId}/message_templates`, undefined, 'EAAG-wrong'), 401, 190);
  });

  it('describes the phone number (what "check credentials" reads)', async () => {
    const result = await h.graph('GET', `/v22.0/${h.number.phoneNumberId}`);
    expect(validatePhoneNumberResponse(result.json)).toEqual({ valid: true, errors: [] });
    expect(result.json).toMatchObject({ id: h.number.phoneNumberId, display_phone_number: '+1 555-078-3881', verified_name: 'Ferretería Norte', quality_rating: 'GREEN' });
    expect((await h.graph('GET', `/v22.0/${h.number.phoneNumberId}?fields=verified_name,name_status`)).json).toEqual({ verified_name: 'Ferretería Norte', name_status: 'APPROVED', id: h.number.phoneNumberId });
  });
});

describe('fault injection', () => {
  const text = (body: string) => ({ to: CUSTOMER, type: 'text', text: { body } });

  it('scripts "500 then 200" and "130429 twice then success"', async () => {
    h.sim.injectFault(h.number.phoneNumberId, { status: 500 });
    expectGraphError(await h.send(text('a')), 500, 131000);
    expect((await h.send(text('a'))).status).toBe(200);
    h.sim.injectFault(h.number.phoneNumberId, { code: 130429, status: 400, times: 2 });
    expectGraphError(await h.send(text('b')), 400, 130429);
    expectGraphError(await h.send(text('b')), 400, 130429);
    expect((await h.send(text('b'))).status).toBe(200);
  });

  it('accepts a send and then fails it asynchronously (131047 as a failed status)', async () => {
    h.sim.injectFault(h.number.phoneNumberId, { failAsync: 131047 });
    const sent = await h.send(text('fuera de ventana'));
    expect(sent.status).toBe(200);
    await h.sim.waitForIdle();
    const statuses = h.receiver.received.flatMap((r) => valueOf(r.body).statuses ?? []).filter((s: { id: string }) => s.id === sent.json.messages[0].id);
    expect(statuses.map((s: { status: string }) => s.status)).toEqual(['failed']);
    expect(statuses[0].errors[0]).toMatchObject({ code: 131047, title: 'Re-engagement message' });
  });

  it('hangs until the client gives up, and filters by endpoint', async () => {
    h.sim.injectFault(h.number.phoneNumberId, { timeout: true, endpoint: 'messages' });
    h.sim.injectFault(h.number.phoneNumberId, { status: 503, endpoint: 'phone-number' });
    expectGraphError(await h.graph('GET', `/v23.0/${h.number.phoneNumberId}`), 503, 131016);
    const started = Date.now();
    const hung = fetch(`${h.sim.url}/v23.0/${h.number.phoneNumberId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.number.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ messaging_product: 'whatsapp', ...text('hang') }),
      signal: AbortSignal.timeout(150),
    });
    await expect(hung).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    h.sim.injectFault(h.number.phoneNumberId, { delayMs: 80 });
    const slowStart = Date.now();
    expect((await h.send(text('slow'))).status).toBe(200);
    expect(Date.now() - slowStart).toBeGreaterThanOrEqual(75);
    expect(h.sim.faults()).toEqual([]);
  });
});
