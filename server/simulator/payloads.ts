import { webhookError } from './error-codes.js';

/**
 * Builders for every webhook the simulator emits. Shapes and key order follow the fixtures in
 * shared/fixtures/whatsapp (Meta's examples, pywa, whatsapp-api-js); they are pure functions so
 * tests can compare them with the fixtures directly.
 */

type Json = Record<string, unknown>;

export type WebhookPayload = {
  object: 'whatsapp_business_account';
  entry: { id: string; changes: { value: Json; field: string }[] }[];
};

/** The business number a webhook is about. */
export type Metadata = { wabaId: string; phoneNumberId: string; displayPhoneNumber: string };

/** The customer as webhooks describe them. */
export type Sender = {
  waId: string;
  name: string;
  userId?: string;
  parentUserId?: string;
  username?: string;
  hidePhoneNumber?: boolean;
};

export function digitsOf(phone: string): string {
  return phone.replace(/\D/g, '');
}

export function envelope(meta: Metadata, value: Json, field = 'messages'): WebhookPayload {
  return {
    object: 'whatsapp_business_account',
    entry: [{ id: meta.wabaId, changes: [{ value: { messaging_product: 'whatsapp', metadata: metadataOf(meta), ...value }, field }] }],
  };
}

function metadataOf(meta: Metadata) {
  return { display_phone_number: digitsOf(meta.displayPhoneNumber), phone_number_id: meta.phoneNumberId };
}

/** `contacts[]` entry: BSUID fields only when the customer has them (v25 style). */
export function contactOf(sender: Sender): Json {
  const profile: Json = { name: sender.name };
  if (sender.username) profile.username = sender.username;
  const contact: Json = { profile };
  if (!sender.hidePhoneNumber) contact.wa_id = sender.waId;
  if (sender.userId) contact.user_id = sender.userId;
  if (sender.parentUserId) contact.parent_user_id = sender.parentUserId;
  return contact;
}

export type MessageContext =
  | { from: string; id: string; referred_product?: { catalog_id: string; product_retailer_id: string } }
  | { forwarded: true }
  | { frequently_forwarded: true };

export type InboundFields = {
  id: string;
  timestamp: string;
  type: string;
  /** The object under the key named by `type` (omitted for `unsupported` without details). */
  content?: unknown;
  context?: MessageContext;
  referral?: Json;
  errors?: Json[];
};

/** One item of `value.messages[]`. */
export function inboundMessage(sender: Sender, fields: InboundFields): Json {
  const message: Json = {};
  if (fields.context) message.context = fields.context;
  if (fields.referral) message.referral = fields.referral;
  if (!sender.hidePhoneNumber) message.from = sender.waId;
  if (sender.userId) message.from_user_id = sender.userId;
  if (sender.parentUserId) message.from_parent_user_id = sender.parentUserId;
  message.id = fields.id;
  message.timestamp = fields.timestamp;
  if (fields.errors) message.errors = fields.errors;
  message.type = fields.type;
  if (fields.content !== undefined) message[fields.type] = fields.content;
  return message;
}

export function messagesValue(sender: Sender, messages: Json[]): Json {
  return { contacts: [contactOf(sender)], messages };
}

export type MediaFields = { id: string; mimeType: string; sha256: string; url?: string };

/** `image`/`video`/`audio`/`document`/`sticker` objects, keys in the order Meta sends them. */
export const mediaContent = {
  image: (media: MediaFields, caption?: string) => withUrl({ ...(caption ? { caption } : {}), ...mediaCore(media) }, media),
  video: (media: MediaFields, caption?: string) => withUrl({ ...(caption ? { caption } : {}), ...mediaCore(media) }, media),
  audio: (media: MediaFields, voice: boolean) => withUrl({ ...mediaCore(media), voice }, media),
  document: (media: MediaFields, filename: string, caption?: string) =>
    withUrl({ ...(caption ? { caption } : {}), filename, ...mediaCore(media) }, media),
  sticker: (media: MediaFields, animated: boolean) => withUrl({ ...mediaCore(media), animated }, media),
};

function mediaCore(media: MediaFields) {
  return { mime_type: media.mimeType, sha256: media.sha256, id: media.id };
}

function withUrl(content: Json, media: MediaFields): Json {
  return media.url ? { ...content, url: media.url } : content;
}

export type LocationFields = { latitude: number; longitude: number; name?: string; address?: string; url?: string };

export function locationContent(location: LocationFields): Json {
  const content: Json = { latitude: location.latitude, longitude: location.longitude };
  if (location.name !== undefined) content.name = location.name;
  if (location.address !== undefined) content.address = location.address;
  if (location.url !== undefined) content.url = location.url;
  return content;
}

export type SharedContact = {
  name: { formatted_name: string; first_name?: string; last_name?: string };
  phones?: { phone: string; wa_id?: string; type?: string }[];
  org?: { company?: string; department?: string; title?: string };
  emails?: { email: string; type?: string }[];
  urls?: { url: string; type?: string }[];
  addresses?: Json[];
  birthday?: string;
};

export const replyContent = {
  button: (id: string, title: string) => ({ type: 'button_reply', button_reply: { id, title } }),
  list: (id: string, title: string, description?: string) => ({
    type: 'list_reply',
    list_reply: description === undefined ? { id, title } : { id, title, description },
  }),
  /** A WhatsApp Flow completion: `response_json` is a JSON-encoded string. */
  flow: (response: Json, body = 'Sent', name = 'flow') => ({
    type: 'nfm_reply',
    nfm_reply: { response_json: JSON.stringify(response), body, name },
  }),
  /** Template quick-reply button. */
  templateButton: (payload: string, text: string) => ({ payload, text }),
};

/** Removing a reaction: Meta omits `emoji` (pass null), or in older payloads sends "". */
export function reactionContent(messageId: string, emoji: string | null): Json {
  return emoji === null ? { message_id: messageId } : { message_id: messageId, emoji };
}

export type OrderItem = { product_retailer_id: string; quantity: number; item_price: number; currency: string };

export function orderContent(catalogId: string, items: OrderItem[], text = ''): Json {
  return { catalog_id: catalogId, text, product_items: items };
}

/** The number-change system message (sent without `contacts`). */
export function numberChangeMessage(fields: { id: string; timestamp: string; oldWaId: string; newWaId: string; name: string }): Json {
  return {
    from: fields.oldWaId,
    id: fields.id,
    timestamp: fields.timestamp,
    system: { body: `User ${fields.name} changed from ${fields.oldWaId} to ${fields.newWaId}`, wa_id: fields.newWaId, type: 'user_changed_number' },
    type: 'system',
  };
}

export function unsupportedErrors(): Json[] {
  const { code, title, message, error_data } = webhookError(131051, 'Message type is currently not supported.');
  return [{ code, title, message, error_data }];
}

/** A click-to-WhatsApp ad referral with realistic defaults. */
export function adReferral(overrides: Json = {}): Json {
  return {
    source_url: 'https://fb.me/3cr4Wqqkv',
    source_id: '120226305854810726',
    source_type: 'ad',
    body: 'Summer Succulents are here!',
    headline: 'Chat with us',
    media_type: 'image',
    image_url: 'https://scontent.xx.fbcdn.net/v/t45.1600-4/ad-image.jpg',
    ctwa_clid: 'Aff-n8ZTODiE79d22KtAwQKj9e_mIEOOj27vDVwFjN80dp4_0NiNhEgpGo0AHemvuSoifXaytfTzcchptiErTKCqTrJ5nW1h7IHYeYymGb5K5J5iTROpBhWAGaIAeUzHL50',
    welcome_message: { text: 'Hi there! Let us know how we can help!' },
    ...overrides,
  };
}

export type StatusFields = {
  id: string;
  status: 'sent' | 'delivered' | 'read' | 'played' | 'failed';
  timestamp: string;
  recipientId: string;
  recipientUserId?: string;
  parentRecipientUserId?: string;
  bizOpaqueCallbackData?: string;
  conversation?: { id: string; expirationTimestamp?: string; originType: string };
  pricing?: { billable: boolean; pricingModel: 'PMP' | 'CBP'; type: string; category: string };
  errors?: Json[];
};

/** One item of `value.statuses[]`. */
export function statusItem(fields: StatusFields): Json {
  const status: Json = { id: fields.id, status: fields.status, timestamp: fields.timestamp, recipient_id: fields.recipientId };
  if (fields.recipientUserId) status.recipient_user_id = fields.recipientUserId;
  if (fields.parentRecipientUserId) status.parent_recipient_user_id = fields.parentRecipientUserId;
  if (fields.bizOpaqueCallbackData !== undefined) status.biz_opaque_callback_data = fields.bizOpaqueCallbackData;
  if (fields.conversation) {
    const conversation: Json = { id: fields.conversation.id };
    if (fields.conversation.expirationTimestamp) conversation.expiration_timestamp = fields.conversation.expirationTimestamp;
    conversation.origin = { type: fields.conversation.originType };
    status.conversation = conversation;
  }
  if (fields.pricing) {
    const { billable, pricingModel, type, category } = fields.pricing;
    status.pricing = { billable, pricing_model: pricingModel, type, category };
  }
  if (fields.errors) status.errors = fields.errors;
  return status;
}

/** `statuses` value; v25 adds the recipient's `contacts` block when they have a user id. */
export function statusesValue(statuses: Json[], contacts?: Json[]): Json {
  return contacts?.length ? { statuses, contacts } : { statuses };
}

/** Value-level errors (`value.errors[]`), e.g. 130429 for the whole number. */
export function errorsValue(codes: { code: number; details?: string }[]): Json {
  return { errors: codes.map(({ code, details }) => webhookError(code, details)) };
}

/**
 * Merges payloads into as few POSTs as Meta would: one entry per WABA, one change per number and
 * kind, with messages/statuses/contacts concatenated. Used for batched delivery.
 */
export function mergePayloads(payloads: WebhookPayload[]): WebhookPayload {
  const entries = new Map<string, Map<string, Json>>();
  for (const payload of payloads) {
    for (const entry of payload.entry) {
      const changes = entries.get(entry.id) ?? new Map<string, Json>();
      entries.set(entry.id, changes);
      for (const change of entry.changes) {
        const value = change.value;
        const metadata = value.metadata as { phone_number_id: string };
        const kind = ['messages', 'statuses', 'errors'].find((key) => key in value) ?? 'other';
        const noContacts = kind === 'messages' && !('contacts' in value);
        const key = `${change.field}|${metadata.phone_number_id}|${kind}|${noContacts}`;
        const existing = changes.get(key);
        if (!existing || kind === 'other') {
          changes.set(kind === 'other' ? `${key}|${changes.size}` : key, { value: structuredClone(value), field: change.field });
          continue;
        }
        const merged = existing.value as Json;
        for (const list of ['contacts', 'messages', 'statuses', 'errors']) {
          if (!Array.isArray(value[list])) continue;
          const target = (merged[list] as Json[] | undefined) ?? [];
          for (const item of value[list] as Json[]) {
            const duplicateContact = list === 'contacts' && target.some((c) => JSON.stringify(c) === JSON.stringify(item));
            if (!duplicateContact) target.push(item);
          }
          merged[list] = target;
        }
      }
    }
  }
  return {
    object: 'whatsapp_business_account',
    entry: [...entries].map(([id, changes]) => ({ id, changes: [...changes.values()] as WebhookPayload['entry'][number]['changes'] })),
  };
}

/** The wamids a payload is about (messages and statuses), for the delivery log. */
export function wamidsOf(payload: unknown): string[] {
  const ids: string[] = [];
  for (const entry of (payload as WebhookPayload)?.entry ?? []) {
    for (const change of entry.changes ?? []) {
      for (const list of ['messages', 'statuses']) {
        for (const item of (change.value?.[list] as { id?: unknown }[] | undefined) ?? []) if (typeof item.id === 'string') ids.push(item.id);
      }
    }
  }
  return ids;
}
