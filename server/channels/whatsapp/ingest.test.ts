import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactIdentities, contacts, conversations, mediaFiles, messages, webhookPayloads } from '../../db/schema.js';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { insertChannel, workspaceWithOwner } from '../../../test/support/factories.js';
import { fixturesDir, metaJson, postWebhook, readFixture, retarget } from '../../../test/support/webhooks.js';

let t: TestApp;
let channel: Awaited<ReturnType<typeof insertChannel>>;

beforeAll(async () => {
  t = await createTestApp();
  const { workspace } = await workspaceWithOwner(t, 'Ingesta');
  channel = await insertChannel(t, workspace.id);
});
afterAll(async () => {
  await t.close();
});

async function deliver(payload: unknown) {
  const body = metaJson(payload);
  const response = await postWebhook(t, body, channel.appSecret);
  expect(response.statusCode).toBe(200);
  await t.ctx.webhooks.idle();
  return body;
}

async function storedMessage(externalId: string) {
  const [row] = await t.ctx.db.select().from(messages).where(and(eq(messages.channelId, channel.channel.id), eq(messages.externalId, externalId)));
  return row;
}

function messagesOf(payload: any): any[] {
  return (payload.entry ?? []).flatMap((e: any) => (e.changes ?? []).filter((c: any) => c.field === 'messages').flatMap((c: any) => c.value.messages ?? []));
}

/** Every complete payload among the fixtures: single files, and the named cases inside pywa's files. */
function allFixtures(): { name: string; payload: unknown }[] {
  const out: { name: string; payload: unknown }[] = [];
  for (const folder of ['meta-openapi-examples', 'statuses', 'whatsapp-api-js', 'pywa']) {
    for (const file of readdirSync(path.join(fixturesDir, folder)).filter((f) => f.endsWith('.json'))) {
      const data = readFixture(`${folder}/${file}`) as Record<string, unknown>;
      if ('object' in data) out.push({ name: `${folder}/${file}`, payload: data });
      else for (const [caseName, payload] of Object.entries(data)) out.push({ name: `${folder}/${file}#${caseName}`, payload });
    }
  }
  return out;
}

describe('every captured fixture', () => {
  const cases = allFixtures();
  it('has fixtures to read', () => expect(cases.length).toBeGreaterThan(50));

  it.each(cases.map((c) => [c.name, c.payload]))('%s is accepted and every message in it is stored once', async (_name, payload) => {
    const suffix = randomBytes(4).toString('hex');
    const retargeted = retarget(payload, channel.phoneNumberId, suffix);
    await deliver(retargeted);
    const [failed] = await t.ctx.db.select({ n: count() }).from(webhookPayloads).where(eq(webhookPayloads.status, 'failed'));
    expect(Number(failed!.n)).toBe(0);
    for (const message of messagesOf(retargeted)) {
      const row = await storedMessage(message.id);
      expect(row, message.id).toBeDefined();
      const knownTypes = ['text', 'image', 'video', 'audio', 'document', 'sticker', 'location', 'contacts', 'interactive', 'button', 'reaction', 'order', 'system', 'revoke', 'edit'];
      expect(row!.type).toBe(knownTypes.includes(message.type) ? message.type : 'unsupported');
      if (message.type === 'text') expect(row!.text).toBe(message.text.body);
      if (message.context?.id) expect(row!.replyToExternalId).toBe(message.context.id);
      expect(row!.direction).toBe('inbound');
    }
  });
});

describe('message content', () => {
  const one = (name: string) => retarget((readFixture('pywa/message.json') as any)[name], channel.phoneNumberId, randomBytes(4).toString('hex'));

  it('keeps media references and queues their download', async () => {
    const payload = one('image');
    await deliver(payload);
    const row = (await storedMessage(messagesOf(payload)[0].id))!;
    const [media] = await t.ctx.db.select().from(mediaFiles).where(eq(mediaFiles.messageId, row.id));
    expect(media).toMatchObject({ externalMediaId: messagesOf(payload)[0].image.id, status: 'pending' });
    expect(row.content.mimeType).toBe(messagesOf(payload)[0].image.mime_type);
  });

  it('tells a voice note from an audio file, and a removed reaction from a reaction', async () => {
    const voice = one('voice');
    await deliver(voice);
    expect((await storedMessage(messagesOf(voice)[0].id))!.content.voice).toBe(true);
    for (const name of ['unreaction_empty', 'unreaction_no_emoji']) {
      const payload = one(name);
      await deliver(payload);
      expect((await storedMessage(messagesOf(payload)[0].id))!.content.emoji).toBeNull();
    }
    const reaction = one('reaction');
    await deliver(reaction);
    expect((await storedMessage(messagesOf(reaction)[0].id))!.content.emoji).toBe(messagesOf(reaction)[0].reaction.emoji);
  });

  it('keeps forwarded flags, ad referrals and unsupported messages with their raw body', async () => {
    const forwarded = one('forwarded_many_times');
    await deliver(forwarded);
    expect((await storedMessage(messagesOf(forwarded)[0].id))!.content.frequentlyForwarded).toBe(true);
    const referral = one('referral');
    await deliver(referral);
    expect((await storedMessage(messagesOf(referral)[0].id))!.content.referral).toMatchObject({ source_type: messagesOf(referral)[0].referral.source_type });
    const unsupported = one('unsupported_with_type');
    await deliver(unsupported);
    const row = (await storedMessage(messagesOf(unsupported)[0].id))!;
    expect(row.type).toBe('unsupported');
    expect(row.raw).toMatchObject({ type: 'unsupported' });
  });
});

describe('contacts and conversations', () => {
  function textFrom(waId: string, body: string, extra: { userId?: string; name?: string; timestamp?: number } = {}) {
    const id = `wamid.${randomBytes(8).toString('hex')}`;
    return {
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'messages', value: {
        messaging_product: 'whatsapp',
        metadata: { display_phone_number: '15550783881', phone_number_id: channel.phoneNumberId },
        contacts: [{ profile: { name: extra.name ?? 'Cliente' }, wa_id: waId, ...(extra.userId ? { user_id: extra.userId } : {}) }],
        messages: [{ from: waId, id, timestamp: String(extra.timestamp ?? Math.floor(Date.now() / 1000)), type: 'text', text: { body } }],
      } }] }],
    };
  }

  async function contactByWaId(waId: string) {
    const [identity] = await t.ctx.db.select().from(contactIdentities).where(and(eq(contactIdentities.kind, 'wa_id'), eq(contactIdentities.value, waId)));
    return identity ? (await t.ctx.db.select().from(contacts).where(eq(contacts.id, identity.contactId)))[0] : undefined;
  }

  it('merges the Brazil, Argentina and Mexico variants of one number into one contact', async () => {
    for (const [a, b] of [['5511987654321', '551187654321'], ['5491123456789', '541123456789'], ['5215512345678', '525512345678']]) {
      await deliver(textFrom(a!, 'hola'));
      await deliver(textFrom(b!, 'sigo yo'));
      const first = await contactByWaId(a!);
      const second = await contactByWaId(b!);
      expect(second!.id).toBe(first!.id);
      const convs = await t.ctx.db.select().from(conversations).where(eq(conversations.contactId, first!.id));
      expect(convs).toHaveLength(1);
    }
  });

  it('finds a contact by the business-scoped user id when the number is hidden, and keeps the name current', async () => {
    await deliver(textFrom('5493511112222', 'hola', { userId: 'US.999', name: 'Ana' }));
    const payload = textFrom('5493511112222', 'solo el id', { userId: 'US.999', name: 'Ana María' });
    const value = payload.entry[0]!.changes[0]!.value as any;
    delete value.messages[0].from;
    value.messages[0].from_user_id = 'US.999';
    delete value.contacts[0].wa_id;
    await deliver(payload);
    const contact = await contactByWaId('5493511112222');
    expect(contact!.name).toBe('Ana María');
    const rows = await t.ctx.db.select().from(messages).innerJoin(conversations, eq(conversations.id, messages.conversationId)).where(eq(conversations.contactId, contact!.id));
    expect(rows).toHaveLength(2);
  });

  it('moves the identity on a number change and keeps the history', async () => {
    await deliver(textFrom('5215599990000', 'antes'));
    const before = await contactByWaId('5215599990000');
    const change = retarget((readFixture('pywa/system.json') as any).phone_number_change, channel.phoneNumberId, randomBytes(4).toString('hex'));
    change.entry[0].changes[0].value.messages[0].from = '5215599990000';
    change.entry[0].changes[0].value.messages[0].system.wa_id = '5215588887777';
    await deliver(change);
    await deliver(textFrom('5215588887777', 'después'));
    const after = await contactByWaId('5215588887777');
    expect(after!.id).toBe(before!.id);
    expect(after!.waId).toBe('5215588887777');
    expect(after!.phone).toBe('+525588887777');
  });

  it('updates the 24-hour window from every customer message and reopens a resolved conversation', async () => {
    const sent = Math.floor(Date.now() / 1000) - 3600;
    await deliver(textFrom('34600111222', 'uno', { timestamp: sent }));
    const contact = await contactByWaId('34600111222');
    let [conversation] = await t.ctx.db.select().from(conversations).where(eq(conversations.contactId, contact!.id));
    expect(conversation!.windowExpiresAt!.getTime()).toBe((sent + 24 * 3600) * 1000);
    expect(conversation!.waitingSince!.getTime()).toBe(sent * 1000);
    await t.ctx.db.update(conversations).set({ status: 'resolved', resolvedAt: new Date() }).where(eq(conversations.id, conversation!.id));
    await deliver(textFrom('34600111222', 'dos', { timestamp: sent + 60 }));
    [conversation] = await t.ctx.db.select().from(conversations).where(eq(conversations.contactId, contact!.id));
    expect(conversation!.status).toBe('open');
    expect(conversation!.windowExpiresAt!.getTime()).toBe((sent + 60 + 24 * 3600) * 1000);
  });
});

describe('the webhook endpoint', () => {
  const body = () => metaJson(retarget(readFixture('meta-openapi-examples/text-message.json'), channel.phoneNumberId, randomBytes(4).toString('hex')));

  async function storedPayloads() {
    return Number((await t.ctx.db.select({ n: count() }).from(webhookPayloads))[0]!.n);
  }

  it('refuses a wrong secret, a malformed header and a body altered by one byte, storing nothing', async () => {
    const before = await storedPayloads();
    const original = body();
    expect((await postWebhook(t, original, 'not-the-secret')).statusCode).toBe(401);
    expect((await postWebhook(t, original, channel.appSecret, 'sha1=abc')).statusCode).toBe(401);
    expect((await postWebhook(t, original, channel.appSecret, '')).statusCode).toBe(401);
    const { signWebhookBody } = await import('./signature.js');
    const signature = signWebhookBody(original, channel.appSecret);
    const altered = original.replace('"text"', '"texT"');
    expect((await postWebhook(t, altered, channel.appSecret, signature)).statusCode).toBe(401);
    expect(await storedPayloads()).toBe(before);
  });

  it('acknowledges a payload for an unknown number without storing it', async () => {
    const before = await storedPayloads();
    const payload = metaJson(retarget(readFixture('meta-openapi-examples/text-message.json'), '999999999999', 'x'));
    expect((await postWebhook(t, payload, 'whatever')).statusCode).toBe(200);
    expect(await storedPayloads()).toBe(before);
  });

  it('answers the verification handshake only with a known verify token', async () => {
    const ok = await t.app.inject('/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=verify-token-123');
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('1158201444');
    const bad = await t.app.inject('/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1&hub.verify_token=nope');
    expect(bad.statusCode).toBe(403);
  });

  it('stores one message when the same batch arrives five times at once', async () => {
    const payload = retarget(readFixture('pywa/message.json') as any, channel.phoneNumberId, 'dup');
    const batch = {
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: ['text', 'image', 'reaction', 'contacts'].map((name) => retarget((readFixture('pywa/message.json') as any)[name], channel.phoneNumberId, `batch-${randomBytes(3).toString('hex')}`).entry[0].changes[0]) }],
    };
    expect(payload).toBeDefined();
    const text = metaJson(batch);
    const responses = await Promise.all(Array.from({ length: 5 }, () => postWebhook(t, text, channel.appSecret)));
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
    await t.ctx.webhooks.idle();
    for (const message of messagesOf(batch)) {
      const rows = await t.ctx.db.select().from(messages).where(and(eq(messages.channelId, channel.channel.id), eq(messages.externalId, message.id)));
      expect(rows, message.id).toHaveLength(1);
    }
  });
});

describe('status webhooks', () => {
  function statusPayload(wamid: string, status: string, timestamp: number, extra: Record<string, unknown> = {}) {
    return {
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'messages', value: {
        messaging_product: 'whatsapp',
        metadata: { display_phone_number: '15550783881', phone_number_id: channel.phoneNumberId },
        statuses: [{ id: wamid, status, timestamp: String(timestamp), recipient_id: '5491100000000', ...extra }],
      } }] }],
    };
  }

  function permutations<T>(items: T[]): T[][] {
    if (items.length <= 1) return [items];
    return items.flatMap((item, index) => permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]));
  }

  beforeAll(async () => {
    await deliver(retarget(readFixture('meta-openapi-examples/text-message.json'), channel.phoneNumberId, randomBytes(4).toString('hex')));
  });

  /** An outbound message already accepted by Graph, as the outbox leaves it. */
  async function outboundMessage(wamid: string) {
    const [conversation] = await t.ctx.db.select().from(conversations).limit(1);
    const [row] = await t.ctx.db
      .insert(messages)
      .values({ workspaceId: conversation!.workspaceId, conversationId: conversation!.id, channelId: channel.channel.id, direction: 'outbound', type: 'text', text: 'hola', status: 'sent', externalId: wamid })
      .returning();
    return row!;
  }

  it('ends at the furthest status whatever order they arrive in, duplicates included', async () => {
    const orders = permutations(['sent', 'delivered', 'read', 'played']);
    for (const order of orders) {
      const wamid = `wamid.order.${randomBytes(5).toString('hex')}`;
      const message = await outboundMessage(wamid);
      for (const status of [...order, order[0]!]) await deliver(statusPayload(wamid, status, 1750000000 + ['sent', 'delivered', 'read', 'played'].indexOf(status)));
      const [row] = await t.ctx.db.select().from(messages).where(eq(messages.id, message.id));
      expect(row!.status, order.join(' → ')).toBe('played');
    }
  });

  it('keeps a failure with its code, and lets a later delivery prove otherwise', async () => {
    const wamid = `wamid.fail.${randomBytes(5).toString('hex')}`;
    const message = await outboundMessage(wamid);
    await deliver(statusPayload(wamid, 'failed', 1750000001, { errors: [{ code: 131047, title: 'Re-engagement message', error_data: { details: 'Message failed to send because more than 24 hours have passed' } }] }));
    let [row] = await t.ctx.db.select().from(messages).where(eq(messages.id, message.id));
    expect(row).toMatchObject({ status: 'failed', error: { code: 131047, title: 'Re-engagement message' } });
    await deliver(statusPayload(wamid, 'read', 1750000009));
    [row] = await t.ctx.db.select().from(messages).where(eq(messages.id, message.id));
    expect(row).toMatchObject({ status: 'read', error: null });
    await deliver(statusPayload(wamid, 'failed', 1750000010, { errors: [{ code: 131026, title: 'Undeliverable' }] }));
    [row] = await t.ctx.db.select().from(messages).where(eq(messages.id, message.id));
    expect(row!.status).toBe('read');
  });

  it('keeps a status that arrives before its message is known, and applies it when the send stores the wamid', async () => {
    const { applyWaitingStatuses } = await import('./status-updates.js');
    const wamid = `wamid.early.${randomBytes(5).toString('hex')}`;
    await deliver(statusPayload(wamid, 'delivered', 1750000002));
    await deliver(statusPayload(wamid, 'sent', 1750000001));
    const [conversation] = await t.ctx.db.select().from(conversations).limit(1);
    const [row] = await t.ctx.db
      .insert(messages)
      .values({ workspaceId: conversation!.workspaceId, conversationId: conversation!.id, channelId: channel.channel.id, direction: 'outbound', type: 'text', text: 'hola', status: 'sent', externalId: wamid })
      .returning();
    await t.ctx.transaction((tx) => applyWaitingStatuses(tx, channel.channel.id, { ...row!, externalId: wamid }));
    const [after] = await t.ctx.db.select().from(messages).where(eq(messages.id, row!.id));
    expect(after!.status).toBe('delivered');
  });
});

describe('text the database cannot store', () => {
  it('stores a NUL in a message, a caption, a button title and a profile name as U+FFFD, and the messages reach the inbox', async () => {
    const waId = '5491177770000';
    const wamid = (kind: string) => `wamid.nul.${kind}.${randomBytes(5).toString('hex')}`;
    const timestamp = String(Math.floor(Date.now() / 1000));
    const [text, image, button] = [wamid('text'), wamid('image'), wamid('button')];
    const body = await deliver({
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'messages', value: {
        messaging_product: 'whatsapp',
        metadata: { display_phone_number: '15550783881', phone_number_id: channel.phoneNumberId },
        contacts: [{ profile: { name: 'Jo\u0000sé' }, wa_id: waId }],
        messages: [
          { from: waId, id: text, timestamp, type: 'text', text: { body: 'hola\u0000 mundo' } },
          { from: waId, id: image, timestamp, type: 'image', image: { id: 'media-nul', mime_type: 'image/jpeg', sha256: 'aGFzaA==', caption: 'foto\u0000' } },
          { from: waId, id: button, timestamp, type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'si', title: 'Sí\u0000' } } },
        ],
      } }] }],
    });
    // Signed as Meta sends it: the escape is in the signed bytes, and the payload is kept as received.
    expect(body).toContain('\\u0000');
    const [payload] = await t.ctx.db.select().from(webhookPayloads).where(eq(webhookPayloads.body, body));
    expect(payload!.status).toBe('processed');
    expect((await storedMessage(text))!.text).toBe('hola\ufffd mundo');
    expect((await storedMessage(image))!.content.caption).toBe('foto\ufffd');
    expect((await storedMessage(button))!.text).toBe('Sí\ufffd');
    const stored = (await storedMessage(text))!;
    expect(JSON.stringify(stored.raw)).not.toContain('\\u0000');
    const [conversation] = await t.ctx.db.select().from(conversations).where(eq(conversations.id, stored.conversationId));
    const [contact] = await t.ctx.db.select().from(contacts).where(eq(contacts.id, conversation!.contactId));
    expect(contact!.name).toBe('Jo\ufffdsé');
    expect(conversation!.lastMessageText).toBe('Sí\ufffd');
  });
});
