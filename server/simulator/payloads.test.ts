import { describe, expect, it } from 'vitest';
import { validateWebhookPayload } from './meta-schema.js';
import {
  adReferral,
  envelope,
  errorsValue,
  inboundMessage,
  locationContent,
  mediaContent,
  mergePayloads,
  messagesValue,
  numberChangeMessage,
  orderContent,
  reactionContent,
  replyContent,
  statusesValue,
  statusItem,
  unsupportedErrors,
  contactOf,
  type InboundFields,
  type Sender,
} from './payloads.js';
import { readFixture, shapeOf, valueOf } from './testing/harness.js';
import { webhookError } from './error-codes.js';

const meta = { wabaId: '419561257915477', phoneNumberId: '106540352242922', displayPhoneNumber: '+1 555-078-3881' };
const sheena: Sender = { waId: '16505551234', name: 'Sheena Nelson' };
const media = { id: '1003383421387256', mimeType: 'image/jpeg', sha256: 'SfInY0gGKTsJlUWbwxC1k+FAD0FZHvzwfpvO0zX0GUI=' };
const base = { id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=', timestamp: '1750091045' };
const business = { from: '15550783881', id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJFNjk2OTMwNEZCQjhGMzUyQUYA' };

function built(fields: Omit<InboundFields, 'id' | 'timestamp'>, sender: Sender = sheena) {
  return envelope(meta, messagesValue(sender, [inboundMessage(sender, { ...base, ...fields })]));
}

function firstMessage(fixture: string, name?: string) {
  const payload = name ? readFixture(fixture)[name] : readFixture(fixture);
  return valueOf(payload).messages[0];
}

function expectSameShape(actual: unknown, expected: unknown) {
  expect(shapeOf(actual)).toEqual(shapeOf(expected));
}

describe('payload builders reproduce the fixtures', () => {
  it('builds the whole text webhook exactly like Meta, and a v25 one with user ids', () => {
    const payload = built({ type: 'text', content: { body: 'Does it come in another color?' } });
    expectSameShape(payload, readFixture('meta-openapi-examples/text-message.json'));
    expect(payload.entry[0]!.changes[0]!.value.metadata).toEqual({ display_phone_number: '15550783881', phone_number_id: '106540352242922' });
    const withIds: Sender = { waId: '16315551181', name: 'test user name', username: '@testusername', userId: 'US.13491208655302741918', parentUserId: 'US.11815799212886844830' };
    expectSameShape(built({ type: 'text', content: { body: 'x' } }, withIds), readFixture('whatsapp-api-js/incoming.json'));
  });

  it.each([
    ['image', () => ({ type: 'image', content: mediaContent.image(media, 'Taj Mahal') }), 'meta-openapi-examples/image-message.json'],
    ['reaction', () => ({ type: 'reaction', content: reactionContent(business.id, '👍') }), 'meta-openapi-examples/reaction-message.json'],
    ['location', () => ({ type: 'location', content: locationContent({ latitude: 37.44, longitude: -122.16, name: 'Philz Coffee', address: '101 Forest Ave', url: 'https://philzcoffee.com/' }) }), 'meta-openapi-examples/location-message.json'],
    ['contacts', () => ({ type: 'contacts', content: [{ name: { first_name: 'Lucía', last_name: 'Gómez', formatted_name: 'Lucía Gómez' }, org: { company: 'Google' }, phones: [{ phone: '+1 (983) 555-2319', wa_id: '19835552319', type: 'MOBILE' }] }] }), 'meta-openapi-examples/contact-sharing-message.json'],
    ['button reply', () => ({ type: 'interactive', content: replyContent.button('cancel-button', 'Cancel'), context: business }), 'meta-openapi-examples/interactive-button-reply-message.json'],
    ['list reply', () => ({ type: 'interactive', content: replyContent.list('priority_express', 'Priority Mail Express', 'Next Day to 2 Days'), context: business }), 'meta-openapi-examples/interactive-list-reply-message.json'],
    ['template button', () => ({ type: 'button', content: replyContent.templateButton('Unsubscribe', 'Unsubscribe'), context: business }), 'meta-openapi-examples/button-message.json'],
    ['order', () => ({ type: 'order', content: orderContent('194836987003835', [{ product_retailer_id: 'di9ozbzfi4', quantity: 2, item_price: 30, currency: 'USD' }]) }), 'meta-openapi-examples/order-message.json'],
    ['unsupported', () => ({ type: 'unsupported', errors: unsupportedErrors() }), 'meta-openapi-examples/unsupported-message.json'],
    ['ad referral', () => ({ type: 'text', content: { body: 'Hello! Can I get more info on this?' }, referral: adReferral() }), 'meta-openapi-examples/text-message-from-click-to-whatsapp-ad.json'],
    ['product inquiry', () => ({ type: 'text', content: { body: 'Is this still available?' }, context: { ...business, referred_product: { catalog_id: '194836987003835', product_retailer_id: 'di9ozbzfi4' } } }), 'meta-openapi-examples/text-message-with-context-product-inquiry.json'],
  ] as const)('%s', (_name, fields, fixture) => {
    const message = valueOf(built(fields() as never)).messages[0];
    expectSameShape(message, firstMessage(fixture));
  });

  it.each([
    ['unreaction (no emoji)', { type: 'reaction', content: reactionContent('wamid.yzxyzx=', null) }, 'unreaction_no_emoji'],
    ['unreaction (empty emoji)', { type: 'reaction', content: reactionContent('wamid.yzxyzx=', '') }, 'unreaction_empty'],
    ['voice note', { type: 'audio', content: mediaContent.audio({ ...media, mimeType: 'audio/ogg; codecs=opus' }, true) }, 'voice'],
    ['animated sticker', { type: 'sticker', content: mediaContent.sticker({ ...media, mimeType: 'image/webp' }, true) }, 'animated_sticker'],
    ['forwarded video', { type: 'video', content: mediaContent.video(media, 'caption'), context: { forwarded: true } }, 'video'],
    ['forwarded document', { type: 'document', content: mediaContent.document(media, 'filename.pdf', 'caption'), context: { forwarded: true } }, 'document'],
    ['frequently forwarded', { type: 'text', content: { body: 'x' }, context: { frequently_forwarded: true } }, 'forwarded_many_times'],
    ['current location', { type: 'location', content: locationContent({ latitude: 12.25, longitude: 43.9 }), context: { forwarded: true } }, 'current_location'],
    ['media with url', { type: 'image', content: mediaContent.image({ ...media, url: 'https://sim/whatsapp_business/attachments/?mid=1' }) }, 'media_with_url'],
    ['unsupported with type', { type: 'unsupported', content: { type: 'pool' }, errors: unsupportedErrors() }, 'unsupported_with_type'],
  ] as const)('%s (pywa)', (_name, fields, fixture) => {
    const pywaSender: Sender = { waId: '972987654321', name: 'Test Name', userId: 'US.13491208655302741918', parentUserId: 'US.ENT.11815799212886844830' };
    const message = valueOf(built(fields as never, pywaSender)).messages[0];
    const expected = { ...firstMessage('pywa/message.json', fixture) };
    // pywa's fixtures predate from_user_id on messages; our BSUID customer carries it.
    expectSameShape(message, { ...expected, from_user_id: 'x', from_parent_user_id: 'x' });
  });

  it('flow completion (nfm_reply with a JSON string)', () => {
    const reply = replyContent.flow({ comment_text: 'Comment Text', flow_token: 'AQAAAAACS5FpgQ_cAAAAAD0QI3s.' });
    const message = valueOf(built({ type: 'interactive', content: reply, context: business })).messages[0];
    const expected = firstMessage('pywa/flow_completion.json', 'completion');
    expectSameShape(message, expected);
    expect(JSON.parse(message.interactive.nfm_reply.response_json)).toEqual({ comment_text: 'Comment Text', flow_token: 'AQAAAAACS5FpgQ_cAAAAAD0QI3s.' });
  });

  it('number change: a system message and no contacts block', () => {
    const message = numberChangeMessage({ ...base, oldWaId: '16505551234', newWaId: '12195555358', name: 'Sheena Nelson' });
    const payload = envelope(meta, { messages: [message] });
    expectSameShape(payload, readFixture('meta-openapi-examples/system-message.json'));
    expect(message.system).toEqual({ body: 'User Sheena Nelson changed from 16505551234 to 12195555358', wa_id: '12195555358', type: 'user_changed_number' });
  });

  it('statuses: sent with conversation and pricing, delivered (v24+), read, played, failed, value errors', () => {
    const common = { id: 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI0QTdCRTFEQzI2QjA5QjZCMzEA', timestamp: '1750030073', recipientId: '16505551234' };
    const pricing = { billable: false, pricingModel: 'PMP' as const, type: 'free_customer_service', category: 'service' };
    const sent = statusItem({ ...common, status: 'sent', conversation: { id: 'c', expirationTimestamp: '1750116480', originType: 'service' }, pricing });
    expectSameShape(envelope(meta, statusesValue([sent])), readFixture('statuses/sent.json'));
    expectSameShape(envelope(meta, statusesValue([statusItem({ ...common, status: 'delivered', pricing })])), readFixture('statuses/delivered.json'));
    expectSameShape(envelope(meta, statusesValue([statusItem({ ...common, status: 'read' })])), readFixture('statuses/read.json'));
    expectSameShape(envelope(meta, statusesValue([statusItem({ ...common, status: 'played' })])), readFixture('statuses/played.json'));
    const failed = statusItem({ ...common, status: 'failed', errors: [webhookError(131047)] });
    expectSameShape(envelope(meta, statusesValue([failed])), readFixture('statuses/failed-131047.json'));
    expect(failed.errors).toEqual(valueOf(readFixture('statuses/failed-131047.json')).statuses[0].errors);
    expectSameShape(envelope(meta, errorsValue([{ code: 130429 }])), readFixture('statuses/value-error-130429.json'));
    expect(valueOf(envelope(meta, errorsValue([{ code: 130429 }]))).errors).toEqual(valueOf(readFixture('statuses/value-error-130429.json')).errors);
  });

  it('v25 statuses carry recipient user ids and the contact', () => {
    const customer: Sender = { waId: '16315551181', name: 'test user name', username: '@testusername', userId: 'US.13491208655302741918', parentUserId: 'US.11815799212886844830' };
    const read = statusItem({ id: 'ABGGFlA5Fpa', status: 'read', timestamp: '1504902988', recipientId: customer.waId, recipientUserId: customer.userId, parentRecipientUserId: customer.parentUserId });
    expectSameShape(envelope(meta, statusesValue([read], [contactOf(customer)])), readFixture('whatsapp-api-js/read.json'));
  });

  it('merges payloads into one entry per WABA and one change per number and kind', () => {
    const one = built({ type: 'text', content: { body: 'uno' } });
    const two = envelope(meta, messagesValue({ waId: '5491122334455', name: 'Ana' }, [inboundMessage({ waId: '5491122334455', name: 'Ana' }, { ...base, id: 'wamid.B', type: 'text', content: { body: 'dos' } })]));
    const status = envelope(meta, statusesValue([statusItem({ id: 'wamid.C', status: 'sent', timestamp: '1', recipientId: '1' })]));
    const other = envelope({ ...meta, wabaId: '999', phoneNumberId: '888' }, statusesValue([statusItem({ id: 'wamid.D', status: 'read', timestamp: '1', recipientId: '1' })]));
    const merged = mergePayloads([one, two, status, other]);
    expect(merged.entry.map((e) => e.id)).toEqual(['419561257915477', '999']);
    expect(merged.entry[0]!.changes).toHaveLength(2);
    expect(valueOf(merged).messages.map((m: { id: string }) => m.id)).toEqual([base.id, 'wamid.B']);
    expect(valueOf(merged).contacts).toHaveLength(2);
    expect(validateWebhookPayload(merged)).toEqual({ valid: true, errors: [] });
  });
});
