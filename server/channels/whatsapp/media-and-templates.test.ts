import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaFiles, messages } from '../../db/schema.js';
import type { Simulator } from '../../simulator/index.js';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import type { TestClient } from '../../../test/support/client.js';
import { addMember, workspaceWithOwner } from '../../../test/support/factories.js';
import { connectSimulatedNumber, withSimulator } from '../../../test/support/whatsapp.js';
import { downloadMediaJob } from './download-media.job.js';

let t: TestApp;
let simulator: Simulator;
let owner: TestClient;
let number: Awaited<ReturnType<typeof connectSimulatedNumber>>;

beforeAll(async () => {
  t = await createTestApp({ listen: true });
  simulator = await withSimulator();
  ({ client: owner } = await workspaceWithOwner(t, 'Medios'));
  number = await connectSimulatedNumber(t, owner, simulator);
});
afterAll(async () => {
  await simulator?.stop();
  await t?.close();
});

describe('media', () => {
  it('downloads an inbound image, checks its sha256 and serves it to members only', async () => {
    const bytes = Buffer.from('\x89PNG\r\n\x1a\n fake image bytes for the test');
    const customer = simulator.customer(number.phoneNumberId, { waId: '5491160000001', name: 'Foto' });
    const wamid = await customer.sendImage({ bytes, mimeType: 'image/png', caption: 'mirá esto' });
    await simulator.waitForIdle();
    await t.ctx.webhooks.idle();
    const [message] = await t.ctx.db.select().from(messages).where(eq(messages.externalId, wamid));
    const [media] = await t.ctx.db.select().from(mediaFiles).where(eq(mediaFiles.messageId, message!.id));
    await t.ctx.jobs.runNow(t.ctx, downloadMediaJob, { mediaFileId: media!.id });
    const listed = (await owner.get(`/api/v1/conversations/${message!.conversationId}/messages`)).json().messages[0];
    expect(listed.text).toBe('mirá esto');
    expect(listed.mediaUrl).toBe(`/api/v1/media/${media!.id}`);
    const served = await owner.get(listed.mediaUrl);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.rawPayload.equals(bytes)).toBe(true);
    const { client: stranger } = await workspaceWithOwner(t, 'Otra');
    expect((await stranger.get(listed.mediaUrl)).statusCode).toBe(404);
    const agent = await addMember(t, owner, 'agent');
    expect((await agent.client.get(listed.mediaUrl)).statusCode).toBe(200);
  });

  it('serves a document whose name is not Latin-1 (an emoji, €, the U+FFFD of the text rule) with its exact name', async () => {
    const customer = simulator.customer(number.phoneNumberId, { waId: '5491160000009', name: 'Docs' });
    const filename = 'factura € 😀 fo\ufffdto.pdf';
    const wamid = await customer.sendDocument({ bytes: Buffer.from('%PDF-1.4 fake'), mimeType: 'application/pdf', filename });
    await simulator.waitForIdle();
    await t.ctx.webhooks.idle();
    const [message] = await t.ctx.db.select().from(messages).where(eq(messages.externalId, wamid));
    const [media] = await t.ctx.db.select().from(mediaFiles).where(eq(mediaFiles.messageId, message!.id));
    await t.ctx.jobs.runNow(t.ctx, downloadMediaJob, { mediaFileId: media!.id });
    const served = await owner.get(`/api/v1/media/${media!.id}`);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-disposition']).toBe(`inline; filename="factura _ __ fo_to.pdf"; filename*=UTF-8''${encodeURIComponent(filename)}`);
  });

  it('refuses a corrupted download and leaves the file pending for a retry', async () => {
    const customer = simulator.customer(number.phoneNumberId, { waId: '5491160000002', name: 'Corrupta' });
    const wamid = await customer.sendImage({ bytes: Buffer.from('real bytes'), mimeType: 'image/jpeg' });
    await simulator.waitForIdle();
    await t.ctx.webhooks.idle();
    const [message] = await t.ctx.db.select().from(messages).where(eq(messages.externalId, wamid));
    const [media] = await t.ctx.db.select().from(mediaFiles).where(eq(mediaFiles.messageId, message!.id));
    await t.ctx.db.update(mediaFiles).set({ sha256: 'bm90IHRoZSBoYXNo' }).where(eq(mediaFiles.id, media!.id));
    await expect(t.ctx.jobs.runNow(t.ctx, downloadMediaJob, { mediaFileId: media!.id })).rejects.toThrow(/sha256 mismatch/);
    const [after] = await t.ctx.db.select().from(mediaFiles).where(eq(mediaFiles.id, media!.id));
    expect(after).toMatchObject({ status: 'pending', lastError: expect.stringContaining('sha256') });
  });

  it('uploads outbound media with the limits checked first', async () => {
    const form = (name: string, type: string, bytes: Buffer) => {
      const boundary = '----bandeja';
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`),
        bytes,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return { body, contentType: `multipart/form-data; boundary=${boundary}` };
    };
    const ok = form('foto.jpg', 'image/jpeg', Buffer.alloc(2048, 1));
    const notMultipart = await owner.post(`/api/v1/channels/${number.channel.id}/media`, { file: 'x' });
    expect(notMultipart.statusCode).toBe(415);
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/channels/${number.channel.id}/media`,
      headers: { 'content-type': ok.contentType, cookie: owner.cookie!, 'x-csrf-token': owner.csrfToken! },
      remoteAddress: owner.remoteAddress,
      payload: ok.body,
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ kind: 'image', mimeType: 'image/jpeg', size: 2048 });
    // What the team sent shows in the timeline: the upload's copy becomes the message's preview.
    const customer = simulator.customer(number.phoneNumberId, { waId: '5491160000002', name: 'Envío' });
    const wamid = await customer.sendText('¿Me mandás la foto?');
    await simulator.waitForIdle();
    await t.ctx.webhooks.idle();
    const [incoming] = await t.ctx.db.select().from(messages).where(eq(messages.externalId, wamid));
    const sent = await owner.post(`/api/v1/conversations/${incoming!.conversationId}/messages`, { type: 'image', image: { mediaId: response.json().mediaId, caption: 'Acá va' } });
    expect(sent.statusCode).toBe(201);
    const outbound = (await owner.get(`/api/v1/conversations/${incoming!.conversationId}/messages`)).json().messages.find((m: { id: string }) => m.id === sent.json().id);
    expect(outbound.mediaUrl).toMatch(/^\/api\/v1\/media\//);
    const preview = await owner.get(outbound.mediaUrl);
    expect(preview.statusCode).toBe(200);
    expect(preview.rawPayload.equals(Buffer.alloc(2048, 1))).toBe(true);
    const tooBig = form('sticker.webp', 'image/webp', Buffer.alloc(600 * 1024, 1));
    const refused = await t.app.inject({
      method: 'POST',
      url: `/api/v1/channels/${number.channel.id}/media`,
      headers: { 'content-type': tooBig.contentType, cookie: owner.cookie!, 'x-csrf-token': owner.csrfToken! },
      remoteAddress: owner.remoteAddress,
      payload: tooBig.body,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toContain('sticker must be at most 500 KB');
  });

  it("stores an uploaded file's name with a NUL as U+FFFD (contracts/text.ts), not a 500", async () => {
    const boundary = '----bandeja';
    // RFC 5987 lets a multipart file name carry any byte, percent-encoded.
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename*=utf-8''fo%00to.jpg\r\nContent-Type: image/jpeg\r\n\r\n`),
      Buffer.alloc(1024, 2),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/channels/${number.channel.id}/media`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: owner.cookie!, 'x-csrf-token': owner.csrfToken! },
      remoteAddress: owner.remoteAddress,
      payload: body,
    });
    expect(response.statusCode, response.body).toBe(201);
    const [stored] = await t.ctx.db.select().from(mediaFiles).where(eq(mediaFiles.externalMediaId, response.json().mediaId));
    expect(stored!.filename).toBe('fo\ufffdto.jpg');
  });
});

describe('templates', () => {
  it('syncs the templates from Meta and lists them for the composer', async () => {
    const synced = await owner.post(`/api/v1/channels/${number.channel.id}/templates/sync`);
    expect(synced.statusCode).toBe(200);
    expect(synced.json().count).toBeGreaterThan(0);
    const { templates } = (await owner.get(`/api/v1/channels/${number.channel.id}/templates`)).json();
    expect(templates.length).toBe(synced.json().count);
    expect(templates.some((template: { status: string }) => template.status === 'APPROVED')).toBe(true);
    const again = await owner.post(`/api/v1/channels/${number.channel.id}/templates/sync`);
    expect(again.json().count).toBe(synced.json().count);
    expect((await owner.get(`/api/v1/channels/${number.channel.id}/templates`)).json().templates.length).toBe(synced.json().count);
  });

  it("stores a template whose text has a NUL as U+FFFD (contracts/text.ts) instead of failing the sync", async () => {
    simulator.setTemplates('102290129340398', [
      { name: 'aviso_nul', language: 'es', status: 'APPROVED', category: 'UTILITY', components: [{ type: 'BODY', text: 'Hola\u0000 {{1}}' }] },
    ]);
    const synced = await owner.post(`/api/v1/channels/${number.channel.id}/templates/sync`);
    expect(synced.statusCode, synced.body).toBe(200);
    const { templates } = (await owner.get(`/api/v1/channels/${number.channel.id}/templates`)).json();
    const template = templates.find((candidate: { name: string }) => candidate.name === 'aviso_nul');
    expect(JSON.stringify(template.components)).toContain('Hola\ufffd {{1}}');
  });
});
