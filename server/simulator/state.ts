import { EventEmitter } from 'node:events';
import type { Activity } from './activity.js';
import type { SimClock } from './clock.js';
import type { CustomerRegistry } from './customers.js';
import type { FaultInjector } from './faults.js';
import type { MediaStore } from './media-store.js';
import type { NumberRegistry } from './numbers.js';
import type { WebhookPayload } from './payloads.js';
import type { RateLimiter } from './rate-limits.js';
import type {
  BusinessNumber,
  CustomerRecord,
  DeliveryOptions,
  DeliveryRecord,
  InboundRecord,
  OutboundRecord,
  RecordedRequest,
  SimulatorLogger,
} from './types.js';
import type { WebhookDeliverer } from './webhook-deliverer.js';

/** Everything the simulator knows, handed to each module instead of module-level globals. */
export interface SimulatorState {
  clock: SimClock;
  numbers: NumberRegistry;
  customers: CustomerRegistry;
  conversations: ConversationLog;
  media: MediaStore;
  deliverer: WebhookDeliverer;
  activity: Activity;
  faults: FaultInjector;
  rates: RateLimiter;
  requests: RequestLog;
  /** Fires `change` whenever a conversation changes (the web page polls; tests may listen). */
  events: EventEmitter;
  settings: { mediaLookupSha256: 'hex' | 'base64' };
  /** Requests hanging on a `timeout` fault; stop() releases them. */
  hanging: Set<() => void>;
  baseUrl: () => string;
  logger?: SimulatorLogger;
}

/** Sends a webhook to a number's callback URL, signed with its app secret. */
export function emitWebhook(state: SimulatorState, number: BusinessNumber, payload: WebhookPayload, options?: DeliveryOptions): DeliveryRecord[] {
  return state.deliverer.deliver({ phoneNumberId: number.phoneNumberId, url: number.webhookUrl, appSecret: number.appSecret }, payload, options);
}

/** Both directions of every conversation, as the web page and tests read them. */
export class ConversationLog {
  readonly inbound = new Map<string, InboundRecord>();
  readonly outbound = new Map<string, OutboundRecord>();

  constructor(private readonly events: EventEmitter) {}

  addInbound(record: InboundRecord): void {
    this.inbound.set(record.id, record);
    this.events.emit('change', { kind: 'inbound', id: record.id });
  }

  addOutbound(record: OutboundRecord): void {
    this.outbound.set(record.id, record);
    this.events.emit('change', { kind: 'outbound', id: record.id });
  }

  changed(id: string): void {
    this.events.emit('change', { kind: 'update', id });
  }

  /** The conversation with one customer, oldest first. */
  timeline(customer: CustomerRecord): (InboundRecord | OutboundRecord)[] {
    const items = [...this.inbound.values(), ...this.outbound.values()].filter((item) => item.customerKey === customer.key);
    return items.sort((a, b) => a.at - b.at);
  }

  outboundFor(filter: { phoneNumberId?: string; customerKey?: string } = {}): OutboundRecord[] {
    return [...this.outbound.values()].filter(
      (item) => (!filter.phoneNumberId || item.phoneNumberId === filter.phoneNumberId) && (!filter.customerKey || item.customerKey === filter.customerKey),
    );
  }
}

/** Graph requests as received, with secrets masked. */
export class RequestLog {
  private readonly items: RecordedRequest[] = [];
  private seq = 0;

  constructor(private readonly max = 20_000) {}

  add(entry: Omit<RecordedRequest, 'seq'>): RecordedRequest {
    const recorded = { seq: ++this.seq, ...entry };
    this.items.push(recorded);
    if (this.items.length > this.max) this.items.shift();
    return recorded;
  }

  list(filter: { phoneNumberId?: string; endpoint?: RecordedRequest['endpoint']; method?: string } = {}): RecordedRequest[] {
    return this.items.filter(
      (item) =>
        (!filter.phoneNumberId || item.phoneNumberId === filter.phoneNumberId) &&
        (!filter.endpoint || item.endpoint === filter.endpoint) &&
        (!filter.method || item.method === filter.method.toUpperCase()),
    );
  }

  clear(): void {
    this.items.length = 0;
  }
}
