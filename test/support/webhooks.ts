import { readFileSync } from 'node:fs';
import path from 'node:path';
import { signWebhookBody } from '../../server/channels/whatsapp/signature.js';
import type { TestApp } from './app.js';

export const fixturesDir = path.resolve('test/fixtures/whatsapp');

export function readFixture(relative: string): unknown {
  return JSON.parse(readFileSync(path.join(fixturesDir, relative), 'utf8'));
}

/** Serialises like Meta: non-ASCII escaped as \uXXXX, so the signed bytes are pure ASCII. */
export function metaJson(payload: unknown): string {
  return JSON.stringify(payload).replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Points every change at the number under test and gives every wamid a unique suffix. */
export function retarget(payload: unknown, phoneNumberId: string, suffix: string): any {
  const copy = JSON.parse(JSON.stringify(payload));
  for (const entry of copy.entry ?? []) {
    for (const change of entry.changes ?? []) {
      if (change.value?.metadata) change.value.metadata.phone_number_id = phoneNumberId;
      for (const message of change.value?.messages ?? []) message.id = `${message.id}-${suffix}`;
      for (const status of change.value?.statuses ?? []) status.id = `${status.id}-${suffix}`;
    }
  }
  return copy;
}

export async function postWebhook(t: TestApp, body: string, secret: string, signature?: string) {
  return t.app.inject({
    method: 'POST',
    url: '/webhooks/whatsapp',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature ?? signWebhookBody(body, secret) },
    payload: body,
  });
}

/** A customer text arrives on a test channel through the real webhook; returns what Bandeja opened. */
export async function receiveText(t: TestApp, channel: { phoneNumberId: string; appSecret: string }, waId: string, text: string, name = 'Cliente') {
  const { randomBytes } = await import('node:crypto');
  const { eq } = await import('drizzle-orm');
  const { messages } = await import('../../server/db/schema.js');
  const id = `wamid.${randomBytes(10).toString('hex')}`;
  const payload = {
    object: 'whatsapp_business_account',
    entry: [{ id: '1', changes: [{ field: 'messages', value: {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: '15550783881', phone_number_id: channel.phoneNumberId },
      contacts: [{ profile: { name }, wa_id: waId }],
      messages: [{ from: waId, id, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: text } }],
    } }] }],
  };
  const response = await postWebhook(t, metaJson(payload), channel.appSecret);
  if (response.statusCode !== 200) throw new Error(`webhook refused: ${response.body}`);
  await t.ctx.webhooks.idle();
  const [row] = await t.ctx.db.select().from(messages).where(eq(messages.externalId, id));
  const { conversations } = await import('../../server/db/schema.js');
  const [conversation] = await t.ctx.db.select().from(conversations).where(eq(conversations.id, row!.conversationId));
  return { messageId: row!.id, conversationId: conversation!.id, contactId: conversation!.contactId };
}

/** A stored media file in a conversation (as if downloaded), for tests that read media. */
export async function storedMedia(t: TestApp, workspaceId: string, channelId: string, messageId: string) {
  const { mediaFiles } = await import('../../server/db/schema.js');
  const [row] = await t.ctx.db.insert(mediaFiles).values({ workspaceId, channelId, messageId, mimeType: 'image/jpeg', status: 'stored', storageKey: `media/${workspaceId}/${messageId}` }).returning();
  await t.ctx.storage.put(row!.storageKey!, Buffer.from('jpeg bytes'));
  return row!.id;
}
