import { EventEmitter } from 'node:events';
import multipart from '@fastify/multipart';
import Fastify from 'fastify';
import { Activity } from './activity.js';
import { SimClock } from './clock.js';
import { registerControlRoutes } from './control-routes.js';
import { CustomerRegistry, DEFAULT_BEHAVIOUR } from './customers.js';
import { FaultInjector, type Fault, type FaultOptions } from './faults.js';
import { graphFallbacks, registerGraphRoutes } from './graph-routes.js';
import { MediaStore } from './media-store.js';
import { warmUpMetaSchemas } from './meta-schema.js';
import { NumberRegistry } from './numbers.js';
import { registerPage } from './page.js';
import { envelope, errorsValue, wamidsOf, type WebhookPayload } from './payloads.js';
import { RateLimiter } from './rate-limits.js';
import { SimCustomer } from './sim-customer.js';
import { ConversationLog, emitWebhook, RequestLog, type SimulatorState } from './state.js';
import type {
  AddNumberOptions,
  BusinessNumber,
  CustomerBehaviour,
  CustomerBehaviourInput,
  CustomerOptions,
  DeliveryOptions,
  DeliveryRecord,
  OutboundRecord,
  RecordedRequest,
  RetryPolicy,
  SimulatorLogger,
  TemplateDefinition,
} from './types.js';
import { WebhookDeliverer } from './webhook-deliverer.js';

export type * from './types.js';
export type { Fault, FaultOptions } from './faults.js';
export type { InboundOptions, MediaInput } from './sim-customer.js';
export { SimCustomer } from './sim-customer.js';
export * from './meta-schema.js';
export { serialiseLikeMeta, signatureOf } from './webhook-json.js';

export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Base of the webhook retry backoff (retries at 0, base, 2×base, 4×base… ms). Default 1000. */
  retryBaseMs?: number;
  retry?: Partial<RetryPolicy>;
  /** First attempts in flight per webhook URL. Default 1, which keeps webhooks in order. */
  webhookConcurrency?: number;
  /** Customer defaults (status delays, auto-read…). */
  customerDefaults?: CustomerBehaviourInput;
  /** Starting point of the simulator clock (default Date.now). */
  now?: () => number;
  /** `sha256` in media lookups: hex (what Meta appears to send) or base64 (as in webhooks). */
  mediaLookupSha256?: 'hex' | 'base64';
  mediaUrlTtlMs?: number;
  /** Escape `/` as `\/` in webhook bodies too (PHP-style; unverified for WhatsApp). */
  escapeSlashes?: boolean;
  /** Base URL to advertise in media URLs when the simulator sits behind a proxy. */
  publicUrl?: string;
  logger?: SimulatorLogger;
}

export interface Simulator {
  readonly url: string;
  readonly events: EventEmitter;
  stop(): Promise<void>;
  addNumber(options: AddNumberOptions): BusinessNumber;
  updateNumber(phoneNumberId: string, changes: Partial<Omit<AddNumberOptions, 'phoneNumberId' | 'wabaId' | 'templates'>>): BusinessNumber;
  numbers(): BusinessNumber[];
  setTemplates(wabaId: string, templates: TemplateDefinition[]): void;
  /** Meta's GET handshake against the number's webhook URL (spec §2). */
  verifyWebhook(phoneNumberId: string, options?: { verifyToken?: string; challenge?: string }): Promise<{ verified: boolean; status: number; body: string; challenge: string }>;
  customer(phoneNumberId: string, options: CustomerOptions): SimCustomer;
  customers(phoneNumberId?: string): SimCustomer[];
  /** Posts an arbitrary payload as-is (signed like any webhook); returns the wamids in it. */
  deliver(phoneNumberId: string, payload: unknown, options?: DeliveryOptions): string[];
  /** A value-level error webhook (`value.errors[]`), e.g. 130429 or 131000. */
  emitValueError(phoneNumberId: string, code: number, details?: string): void;
  /** Everything delivered while `work` runs goes out merged: one POST per receiver. */
  batch<T>(work: () => Promise<T> | T, options?: DeliveryOptions): Promise<T>;
  deliveries(filter?: { phoneNumberId?: string; state?: DeliveryRecord['state'] }): DeliveryRecord[];
  pending(): DeliveryRecord[];
  /** Resolves when no status is scheduled and every webhook is acknowledged or given up. */
  waitForIdle(options?: { timeoutMs?: number }): Promise<void>;
  requests(filter?: { phoneNumberId?: string; endpoint?: RecordedRequest['endpoint']; method?: string }): RecordedRequest[];
  clearRequests(): void;
  /** Messages Bandeja sent (accepted with a wamid), with the statuses emitted so far. */
  sentMessages(filter?: { phoneNumberId?: string }): OutboundRecord[];
  injectFault(phoneNumberId: string, fault: FaultOptions): Fault;
  faults(): Fault[];
  clearFaults(phoneNumberId?: string): void;
  /** Stores media owned by a number (as if uploaded) and returns its id. */
  addMedia(phoneNumberId: string, media: { bytes: Buffer; mimeType: string; filename?: string }): string;
  advanceClock(ms: number): number;
  now(): number;
}

/** Starts the local WhatsApp Cloud API simulator (Graph API + webhooks + customer page). */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const clock = new SimClock(options.now);
  const activity = new Activity();
  const events = new EventEmitter();
  events.setMaxListeners(100);
  const behaviour: CustomerBehaviour = {
    ...DEFAULT_BEHAVIOUR,
    ...options.customerDefaults,
    delaysMs: { ...DEFAULT_BEHAVIOUR.delaysMs, ...options.customerDefaults?.delaysMs },
  };
  const policy: RetryPolicy = {
    baseMs: options.retryBaseMs ?? 1000,
    maxDelayMs: 5 * 60_000,
    maxAttempts: 0,
    maxAgeMs: 7 * 24 * 3600_000,
    timeoutMs: 10_000,
    ...options.retry,
  };
  let baseUrl = options.publicUrl ?? '';
  const state: SimulatorState = {
    clock,
    activity,
    events,
    numbers: new NumberRegistry(),
    customers: new CustomerRegistry(() => behaviour),
    conversations: new ConversationLog(events),
    media: new MediaStore(clock, options.mediaUrlTtlMs),
    deliverer: new WebhookDeliverer({
      policy,
      concurrency: Math.max(1, options.webhookConcurrency ?? 1),
      escapeSlashes: options.escapeSlashes ?? false,
      activity,
      logger: options.logger,
    }),
    faults: new FaultInjector(),
    rates: new RateLimiter(),
    requests: new RequestLog(),
    settings: { mediaLookupSha256: options.mediaLookupSha256 ?? 'hex' },
    hanging: new Set(),
    baseUrl: () => baseUrl,
    logger: options.logger,
  };
  warmUpMetaSchemas();

  const app = Fastify({ logger: false, forceCloseConnections: true, bodyLimit: 4 * 1024 * 1024 });
  await app.register(multipart);
  graphFallbacks(app);
  registerGraphRoutes(app, state);
  const handles = new Map<string, SimCustomer>();
  let stopped = false;
  const handleOf = (record: SimCustomer['record']) => {
    const existing = handles.get(record.key);
    if (existing) return existing;
    const created = new SimCustomer(state, record);
    handles.set(record.key, created);
    return created;
  };

  const simulator: Simulator = {
    get url() {
      return baseUrl;
    },
    events,
    async stop() {
      if (stopped) return;
      stopped = true;
      state.deliverer.stop();
      activity.stop();
      for (const release of [...state.hanging]) release();
      await app.close();
    },
    addNumber: (numberOptions) => state.numbers.add(numberOptions),
    updateNumber: (phoneNumberId, changes) => state.numbers.update(phoneNumberId, changes),
    numbers: () => state.numbers.all(),
    setTemplates: (wabaId, templates) => state.numbers.setTemplates(wabaId, templates),
    verifyWebhook: (phoneNumberId, verifyOptions = {}) => verifyWebhook(state.numbers.require(phoneNumberId), policy.timeoutMs, verifyOptions),
    customer: (phoneNumberId, customerOptions) => {
      state.numbers.require(phoneNumberId);
      return handleOf(state.customers.ensure(phoneNumberId, customerOptions));
    },
    customers: (phoneNumberId) => state.customers.list(phoneNumberId).map(handleOf),
    deliver: (phoneNumberId, payload, deliveryOptions) => {
      emitWebhook(state, state.numbers.require(phoneNumberId), payload as WebhookPayload, deliveryOptions);
      return wamidsOf(payload);
    },
    emitValueError: (phoneNumberId, code, details) => {
      const number = state.numbers.require(phoneNumberId);
      const meta = { wabaId: number.wabaId, phoneNumberId, displayPhoneNumber: number.displayPhoneNumber };
      emitWebhook(state, number, envelope(meta, errorsValue([{ code, details }])));
    },
    batch: (work, deliveryOptions) => state.deliverer.batch(work, deliveryOptions),
    deliveries: (filter) => state.deliverer.records(filter),
    pending: () => state.deliverer.records({ state: 'pending' }),
    waitForIdle: ({ timeoutMs = 10_000 } = {}) =>
      activity.idle(timeoutMs, () => {
        const pending = state.deliverer.records({ state: 'pending' });
        return `${activity.inFlight} item(s) in flight; ${pending.length} webhook(s) unacknowledged${pending[0] ? ` (last error: ${pending[0].attempts.at(-1)?.error ?? pending[0].attempts.at(-1)?.status ?? 'none yet'})` : ''}`;
      }),
    requests: (filter) => state.requests.list(filter),
    clearRequests: () => state.requests.clear(),
    sentMessages: (filter) => state.conversations.outboundFor(filter),
    injectFault: (phoneNumberId, fault) => {
      state.numbers.require(phoneNumberId);
      return state.faults.add(phoneNumberId, fault);
    },
    faults: () => state.faults.list(),
    clearFaults: (phoneNumberId) => void state.faults.clear(phoneNumberId),
    addMedia: (phoneNumberId, media) => state.media.add({ ownerPhoneNumberId: state.numbers.require(phoneNumberId).phoneNumberId, ...media, origin: 'upload' }).id,
    advanceClock: (ms) => clock.advance(ms),
    now: () => clock.now(),
  };

  registerControlRoutes(app, state, simulator);
  registerPage(app);
  const address = await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  // A wildcard bind is reachable on loopback; advertise that.
  if (!options.publicUrl) baseUrl = address.replace('//0.0.0.0:', '//127.0.0.1:').replace('//[::]:', '//[::1]:');
  options.logger?.info({ url: baseUrl }, 'WhatsApp Cloud API simulator listening');
  return simulator;
}

async function verifyWebhook(number: BusinessNumber, timeoutMs: number, options: { verifyToken?: string; challenge?: string }) {
  const challenge = options.challenge ?? String(Math.floor(Math.random() * 1e9));
  const url = new URL(number.webhookUrl);
  url.searchParams.set('hub.mode', 'subscribe');
  url.searchParams.set('hub.challenge', challenge);
  url.searchParams.set('hub.verify_token', options.verifyToken ?? number.verifyToken ?? '');
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const body = await response.text();
    return { verified: response.status === 200 && body === challenge, status: response.status, body, challenge };
  } catch (error) {
    return { verified: false, status: 0, body: (error as Error).message, challenge };
  }
}
