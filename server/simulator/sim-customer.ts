import { wamid, businessScopedUserId } from './ids.js';
import { sampleFor } from './media-samples.js';
import { customerPlays, customerReads, senderOf } from './outbound-statuses.js';
import {
  adReferral,
  digitsOf,
  envelope,
  inboundMessage,
  locationContent,
  mediaContent,
  messagesValue,
  numberChangeMessage,
  orderContent,
  reactionContent,
  replyContent,
  unsupportedErrors,
  wamidsOf,
  type LocationFields,
  type MessageContext,
  type OrderItem,
  type SharedContact,
  type WebhookPayload,
} from './payloads.js';
import { emitWebhook, type SimulatorState } from './state.js';
import type { CustomerBehaviourInput, CustomerRecord, DeliveryOptions, DeliveryRecord, InboundRecord, OutboundRecord } from './types.js';

export type InboundOptions = {
  /** Quote a message (usually the business's): adds `context: {from, id}`. */
  replyTo?: string;
  forwarded?: boolean;
  frequentlyForwarded?: boolean;
  /** Arrived from a click-to-WhatsApp ad (`true` for a realistic default referral). */
  referral?: true | Record<string, unknown>;
  /** Asked about a catalog product (`context.referred_product`). */
  referredProduct?: { catalogId: string; productRetailerId: string };
  /** Simulator-clock time of the message (default now). */
  at?: number;
  id?: string;
  delivery?: DeliveryOptions;
  /** Resolve only once the webhook was acknowledged (or given up). */
  waitForDelivery?: boolean;
};

export type MediaInput = { bytes?: Buffer; mimeType?: string; caption?: string; filename?: string };

/**
 * A simulated WhatsApp user writing to one business number. Every send posts the webhook Meta
 * would post, opens or refreshes the customer service window and resolves to the new wamid.
 */
export class SimCustomer {
  constructor(
    private readonly state: SimulatorState,
    readonly record: CustomerRecord,
  ) {}

  get waId(): string {
    return this.record.waId;
  }

  get name(): string {
    return this.record.name;
  }

  get userId(): string | undefined {
    return this.record.userId;
  }

  sendText(body: string, options: InboundOptions = {}): Promise<string> {
    return this.emit('text', { body }, options);
  }

  reply(toMessageId: string, text: string, options: InboundOptions = {}): Promise<string> {
    return this.emit('text', { body: text }, { ...options, replyTo: toMessageId });
  }

  forwarded(text: string, options: InboundOptions & { many?: boolean } = {}): Promise<string> {
    return this.emit('text', { body: text }, { ...options, forwarded: !options.many, frequentlyForwarded: options.many });
  }

  /** A first message from a click-to-WhatsApp ad: opens a 72 h free entry point window. */
  fromAd(text: string, referral: Record<string, unknown> = {}, options: InboundOptions = {}): Promise<string> {
    return this.emit('text', { body: text }, { ...options, referral });
  }

  sendImage(media: MediaInput = {}, options: InboundOptions = {}): Promise<string> {
    const stored = this.storeMedia('image', media);
    return this.emit('image', mediaContent.image(stored, media.caption), options);
  }

  sendVideo(media: MediaInput = {}, options: InboundOptions = {}): Promise<string> {
    const stored = this.storeMedia('video', media);
    return this.emit('video', mediaContent.video(stored, media.caption), options);
  }

  /** Audio file, or a voice note with `voice: true` (ogg/opus). */
  sendAudio(media: MediaInput & { voice?: boolean } = {}, options: InboundOptions = {}): Promise<string> {
    const stored = this.storeMedia(media.voice ? 'voice' : 'audio', media);
    return this.emit('audio', mediaContent.audio(stored, media.voice ?? false), options);
  }

  sendDocument(media: MediaInput = {}, options: InboundOptions = {}): Promise<string> {
    const stored = this.storeMedia('document', media);
    return this.emit('document', mediaContent.document(stored, stored.filename ?? 'document.pdf', media.caption), options);
  }

  sendSticker(media: MediaInput & { animated?: boolean } = {}, options: InboundOptions = {}): Promise<string> {
    const stored = this.storeMedia('sticker', media);
    return this.emit('sticker', mediaContent.sticker(stored, media.animated ?? false), options);
  }

  sendLocation(location: LocationFields, options: InboundOptions = {}): Promise<string> {
    return this.emit('location', locationContent(location), options);
  }

  sendContacts(contacts: SharedContact[], options: InboundOptions = {}): Promise<string> {
    return this.emit('contacts', contacts, options);
  }

  /** Taps a reply button of an interactive message (quotes the last one by default). */
  sendButtonReply(id: string, title: string, options: InboundOptions = {}): Promise<string> {
    return this.emit('interactive', replyContent.button(id, title), this.quoting(options, ['interactive']));
  }

  sendListReply(id: string, title: string, description?: string, options: InboundOptions = {}): Promise<string> {
    return this.emit('interactive', replyContent.list(id, title, description), this.quoting(options, ['interactive']));
  }

  /** Completes a WhatsApp Flow: `nfm_reply` with the response as a JSON string. */
  sendFlowReply(response: Record<string, unknown>, options: InboundOptions & { body?: string } = {}): Promise<string> {
    return this.emit('interactive', replyContent.flow(response, options.body), this.quoting(options, ['interactive']));
  }

  /** Taps a quick-reply button of a template (`type: "button"`). */
  sendTemplateButton(payload: string, text = payload, options: InboundOptions = {}): Promise<string> {
    return this.emit('button', replyContent.templateButton(payload, text), this.quoting(options, ['template']));
  }

  /** Reacts to a message; `null` removes the reaction (no `emoji`), "" is the older removal form. */
  react(messageId: string, emoji: string | null, options: InboundOptions = {}): Promise<string> {
    return this.emit('reaction', reactionContent(messageId, emoji), options);
  }

  sendOrder(order: { catalogId: string; items: OrderItem[]; text?: string }, options: InboundOptions = {}): Promise<string> {
    return this.emit('order', orderContent(order.catalogId, order.items, order.text), options);
  }

  /** A message type the Cloud API does not support (e.g. a poll or an edit): `unsupported`. */
  sendUnsupported(kind?: string, options: InboundOptions = {}): Promise<string> {
    return this.emit('unsupported', kind ? { type: kind } : undefined, options, unsupportedErrors());
  }

  /** Changes number: a system message without `contacts`; a BSUID holder gets a new user id. */
  async changeNumber(newWaId: string, options: Pick<InboundOptions, 'delivery' | 'waitForDelivery'> = {}): Promise<string> {
    const number = this.state.numbers.require(this.record.phoneNumberId);
    const oldWaId = this.record.waId;
    const id = wamid(oldWaId, 'inbound');
    const at = this.state.clock.now();
    const message = numberChangeMessage({ id, timestamp: this.state.clock.unixSeconds(at), oldWaId, newWaId: digitsOf(newWaId), name: this.record.name });
    this.record.waId = digitsOf(newWaId);
    if (this.record.userId) this.record.userId = businessScopedUserId(this.record.userId.split('.')[0]);
    this.state.conversations.addInbound({ direction: 'inbound', id, phoneNumberId: number.phoneNumberId, customerKey: this.record.key, type: 'system', at, message });
    const records = emitWebhook(this.state, number, envelope(this.metadata(), { messages: [message] }), options.delivery);
    if (options.waitForDelivery) await settled(records);
    return id;
  }

  /** Posts an arbitrary payload for this customer's number as-is (signed); returns its wamids. */
  async deliver(payload: WebhookPayload, options: Pick<InboundOptions, 'delivery' | 'waitForDelivery'> = {}): Promise<string[]> {
    const records = emitWebhook(this.state, this.state.numbers.require(this.record.phoneNumberId), payload, options.delivery);
    if (options.waitForDelivery) await settled(records);
    return wamidsOf(payload);
  }

  /** Opens the chat: `read` statuses for the business's unread messages (or the given ones). */
  markRead(messageIds?: string[]): string[] {
    return customerReads(this.state, this.record, messageIds);
  }

  /** Plays a voice note the business sent (`played`). */
  play(messageId: string): boolean {
    return customerPlays(this.state, this.record, messageId);
  }

  setBehaviour(behaviour: CustomerBehaviourInput): void {
    this.state.customers.setBehaviour(this.record, behaviour);
  }

  /** Messages the business sent this customer, with their statuses. */
  received(): OutboundRecord[] {
    return this.state.conversations.outboundFor({ customerKey: this.record.key });
  }

  conversation(): (InboundRecord | OutboundRecord)[] {
    return this.state.conversations.timeline(this.record);
  }

  windowExpiresAt(): number | undefined {
    return this.record.windowExpiresAt;
  }

  private metadata() {
    const number = this.state.numbers.require(this.record.phoneNumberId);
    return { wabaId: number.wabaId, phoneNumberId: number.phoneNumberId, displayPhoneNumber: number.displayPhoneNumber };
  }

  /** Replies to interactive/template messages quote the latest one unless told otherwise. */
  private quoting(options: InboundOptions, types: string[]): InboundOptions {
    if (options.replyTo) return options;
    const last = this.received().filter((message) => types.includes(message.type)).at(-1);
    return last ? { ...options, replyTo: last.id } : options;
  }

  private storeMedia(kind: Parameters<typeof sampleFor>[0], media: MediaInput) {
    const number = this.state.numbers.require(this.record.phoneNumberId);
    const sample = sampleFor(kind, this.state.conversations.inbound.size);
    const stored = this.state.media.add({
      ownerPhoneNumberId: number.phoneNumberId,
      bytes: media.bytes ?? sample.bytes,
      mimeType: media.mimeType ?? sample.mimeType,
      filename: media.filename ?? sample.filename,
      origin: 'customer',
    });
    const url = number.webhookMediaUrl ? this.state.media.downloadUrl(this.state.baseUrl(), stored) : undefined;
    return { ...stored, url };
  }

  private async emit(type: string, content: unknown, options: InboundOptions, errors?: Record<string, unknown>[]): Promise<string> {
    const number = this.state.numbers.require(this.record.phoneNumberId);
    const at = options.at ?? this.state.clock.now();
    const id = options.id ?? wamid(this.record.waId, 'inbound');
    const referral = options.referral === true ? adReferral() : options.referral ? adReferral(options.referral) : undefined;
    const message = inboundMessage(senderOf(this.record), {
      id,
      timestamp: this.state.clock.unixSeconds(at),
      type,
      content,
      context: this.contextOf(options, number.displayPhoneNumber),
      referral,
      errors,
    });
    this.state.customers.openWindow(this.record, at, referral !== undefined);
    this.state.conversations.addInbound({ direction: 'inbound', id, phoneNumberId: number.phoneNumberId, customerKey: this.record.key, type, at, message });
    const records = emitWebhook(this.state, number, envelope(this.metadata(), messagesValue(senderOf(this.record), [message])), options.delivery);
    if (options.waitForDelivery) await settled(records);
    return id;
  }

  private contextOf(options: InboundOptions, businessPhone: string): MessageContext | undefined {
    if (options.forwarded) return { forwarded: true };
    if (options.frequentlyForwarded) return { frequently_forwarded: true };
    const from = digitsOf(businessPhone);
    if (options.referredProduct) {
      const { catalogId, productRetailerId } = options.referredProduct;
      return { from, id: options.replyTo ?? wamid(from, 'outbound'), referred_product: { catalog_id: catalogId, product_retailer_id: productRetailerId } };
    }
    return options.replyTo ? { from, id: options.replyTo } : undefined;
  }
}

/** Resolves once each delivery is acknowledged or has given up (used by waitForDelivery). */
export async function settled(records: DeliveryRecord[]): Promise<void> {
  while (records.some((record) => record.state === 'pending')) await new Promise((resolve) => setTimeout(resolve, 5));
}
