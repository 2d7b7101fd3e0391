import { createHash } from 'node:crypto';
import { webhookError } from './error-codes.js';
import { contactOf, envelope, statusesValue, statusItem, type Sender } from './payloads.js';
import { emitWebhook, type SimulatorState } from './state.js';
import type { CustomerRecord, OutboundRecord, OutboundStatus } from './types.js';

const RANK: Record<OutboundStatus, number> = { sent: 1, delivered: 2, read: 3, played: 4, failed: 5 };
const DAY = 24 * 3600_000;

export function senderOf(customer: CustomerRecord): Sender {
  return {
    waId: customer.waId,
    name: customer.name,
    userId: customer.userId,
    parentUserId: customer.parentUserId,
    username: customer.username,
    hidePhoneNumber: customer.hidePhoneNumber,
  };
}

/** `conversation` existed until v23; from v24.0 Meta leaves it out of statuses. */
function versionHasConversation(version: string): boolean {
  return Number(version.replace(/^v/, '').split('.')[0]) < 24;
}

function billing(state: SimulatorState, message: OutboundRecord, status: OutboundStatus) {
  if (status !== 'sent' && status !== 'delivered') return {};
  const service = message.category === 'service';
  const pricing = { billable: !service, pricingModel: 'PMP' as const, type: service ? 'free_customer_service' : 'regular', category: message.category };
  if (!versionHasConversation(message.version)) return { pricing };
  // One conversation per customer and category per 24 h, as in the conversation-based model.
  const day = Math.floor(message.at / DAY);
  const id = createHash('md5').update(`${message.customerKey}|${message.category}|${day}`).digest('hex');
  const expiration = status === 'sent' ? state.clock.unixSeconds(message.at + DAY) : undefined;
  return { pricing, conversation: { id, expirationTimestamp: expiration, originType: message.category } };
}

/** Posts one status webhook for a business message and records it on the message. */
export function emitStatus(
  state: SimulatorState,
  message: OutboundRecord,
  status: OutboundStatus,
  options: { at?: number; error?: { code: number; details?: string } } = {},
): void {
  const customer = state.customers.get(message.customerKey);
  const number = state.numbers.get(message.phoneNumberId);
  if (!customer || !number) return;
  const at = options.at ?? state.clock.now();
  const item = statusItem({
    id: message.id,
    status,
    timestamp: state.clock.unixSeconds(at),
    recipientId: customer.waId,
    recipientUserId: customer.userId,
    parentRecipientUserId: customer.parentUserId,
    bizOpaqueCallbackData: message.bizOpaqueCallbackData,
    ...billing(state, message, status),
    ...(options.error ? { errors: [webhookError(options.error.code, options.error.details)] } : {}),
  });
  const contacts = customer.userId ? [contactOf(senderOf(customer))] : undefined;
  const meta = { wabaId: number.wabaId, phoneNumberId: number.phoneNumberId, displayPhoneNumber: number.displayPhoneNumber };
  message.statuses.push({ status, at });
  if (status === 'failed') {
    message.status = 'failed';
    message.error = { code: options.error!.code, details: options.error!.details ?? webhookError(options.error!.code).error_data.details };
  } else if (message.status === 'accepted' || (message.status !== 'failed' && RANK[status] > RANK[message.status])) {
    message.status = status;
  }
  state.conversations.changed(message.id);
  emitWebhook(state, number, envelope(meta, statusesValue([item], contacts)));
}

/**
 * What happens on the customer's phone after an accepted send: sent → delivered → read (→ played
 * for audio), following the customer's behaviour, including skipped and out-of-order statuses.
 * Timestamps always keep the real order even when the posts do not.
 */
export function scheduleStatuses(state: SimulatorState, message: OutboundRecord): void {
  const customer = state.customers.get(message.customerKey);
  if (!customer) return;
  const { behaviour } = customer;
  const delays = behaviour.delaysMs;
  const base = state.clock.now();
  const plan: { status: OutboundStatus; after: number }[] = [{ status: 'sent', after: delays.sent }];
  let elapsed = delays.sent;
  if (behaviour.autoDeliver && !behaviour.skipDelivered) plan.push({ status: 'delivered', after: (elapsed += delays.delivered) });
  else elapsed += delays.delivered;
  if (behaviour.autoRead) {
    plan.push({ status: 'read', after: (elapsed += delays.read) });
    if (behaviour.playVoiceNotes && message.type === 'audio') plan.push({ status: 'played', after: (elapsed += delays.played) });
  }
  const posts = plan.map((step) => ({ ...step, postAfter: step.after }));
  const delivered = posts.find((step) => step.status === 'delivered');
  const read = posts.find((step) => step.status === 'read');
  if (behaviour.readBeforeDelivered && delivered && read) [delivered.postAfter, read.postAfter] = [read.postAfter, delivered.postAfter];
  for (const step of posts) state.activity.later(step.postAfter, () => emitStatus(state, message, step.status, { at: base + step.after }));
}

/** An accepted send that then fails, as Meta reports 131047, 131026, 131053…: `failed` only. */
export function scheduleFailure(state: SimulatorState, message: OutboundRecord, code: number, details?: string): void {
  const customer = state.customers.get(message.customerKey);
  const delay = customer?.behaviour.delaysMs.sent ?? 10;
  state.activity.later(delay, () => emitStatus(state, message, 'failed', { error: { code, details } }));
}

/** The customer opens the chat: `read` for the business's messages (all unread ones by default). */
export function customerReads(state: SimulatorState, customer: CustomerRecord, messageIds?: string[]): string[] {
  const targets = state.conversations
    .outboundFor({ customerKey: customer.key })
    .filter((message) => (messageIds ? messageIds.includes(message.id) : true))
    .filter((message) => message.status !== 'failed' && !message.statuses.some((s) => s.status === 'read'));
  for (const message of targets) emitStatus(state, message, 'read');
  return targets.map((message) => message.id);
}

/** The customer plays a voice note the business sent. */
export function customerPlays(state: SimulatorState, customer: CustomerRecord, messageId: string): boolean {
  const message = state.conversations.outbound.get(messageId);
  if (!message || message.customerKey !== customer.key || message.type !== 'audio' || message.status === 'failed') return false;
  emitStatus(state, message, 'played');
  return true;
}
