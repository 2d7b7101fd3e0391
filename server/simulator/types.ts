/** Shapes shared by the simulator's modules and exported to Bandeja's tests. */

export type TemplateStatus = 'APPROVED' | 'PENDING' | 'REJECTED' | 'PAUSED' | 'DISABLED';
export type TemplateCategory = 'MARKETING' | 'UTILITY' | 'AUTHENTICATION';

/** A message template as `GET /{waba-id}/message_templates` lists it. */
export type TemplateDefinition = {
  id?: string;
  name: string;
  language: string;
  status: TemplateStatus;
  category: TemplateCategory;
  components: Record<string, unknown>[];
};

/** Pair rate limit: `burst` messages at once, then one more every `intervalMs`. */
export type PairRateOptions = { burst: number; intervalMs: number };

export interface AddNumberOptions {
  phoneNumberId: string;
  wabaId: string;
  /** As Bandeja shows it ("+1 555-078-3881"); webhooks carry its digits only. */
  displayPhoneNumber: string;
  verifiedName: string;
  accessToken: string;
  appSecret: string;
  webhookUrl: string;
  verifyToken?: string;
  /** Outbound messages per second before 130429; default 80, `null` or 0 disables the limit. */
  throughputPerSecond?: number | null;
  /** Default one message per 6 s with a burst of 10; `false` disables 131056. */
  pairRate?: PairRateOptions | false;
  /** HTTP status of rate-limit errors (the code is what matters); default 400. */
  rateLimitHttpStatus?: 400 | 429;
  /** Templates of this number's WABA; a realistic default set when the WABA has none. */
  templates?: TemplateDefinition[];
  qualityRating?: 'GREEN' | 'YELLOW' | 'RED' | 'NA';
  /** Put the (newer, optional) `url` field in inbound media webhooks. */
  webhookMediaUrl?: boolean;
}

export interface BusinessNumber extends Required<Omit<AddNumberOptions, 'templates' | 'verifyToken' | 'throughputPerSecond'>> {
  verifyToken: string | undefined;
  throughputPerSecond: number | null;
}

export interface CustomerBehaviour {
  /** Send `delivered` for the business's messages. */
  autoDeliver: boolean;
  /** Read them too (`read`, and `played` for voice notes when playVoiceNotes). */
  autoRead: boolean;
  /** Post `read` without a `delivered` (Meta may skip it: read implies delivered). */
  skipDelivered: boolean;
  /** Post `read` before `delivered` (timestamps keep the real order). */
  readBeforeDelivered: boolean;
  playVoiceNotes: boolean;
  /** `false`: every message fails with 131026 (not a WhatsApp user). */
  onWhatsApp: boolean;
  /** Delays from the send (or the previous status) to each status, in real milliseconds. */
  delaysMs: { sent: number; delivered: number; read: number; played: number };
}

/** Behaviour changes: any subset, delays included. */
export type CustomerBehaviourInput = Partial<Omit<CustomerBehaviour, 'delaysMs'>> & { delaysMs?: Partial<CustomerBehaviour['delaysMs']> };

export interface CustomerOptions {
  waId: string;
  name: string;
  /** Business-scoped user id ("US.1349…"); `true` generates one. */
  userId?: string | true;
  parentUserId?: string;
  username?: string;
  /** The user hides their number behind a username: webhooks identify them by user id only. */
  hidePhoneNumber?: boolean;
  behaviour?: CustomerBehaviourInput;
}

export interface CustomerRecord {
  key: string;
  phoneNumberId: string;
  waId: string;
  name: string;
  userId?: string;
  parentUserId?: string;
  username?: string;
  hidePhoneNumber: boolean;
  behaviour: CustomerBehaviour;
  /** When the customer service window closes (simulator clock, ms); undefined = never opened. */
  windowExpiresAt?: number;
}

export type OutboundStatus = 'sent' | 'delivered' | 'read' | 'played' | 'failed';

/** A message the customer sent to the business (emitted as a webhook). */
export interface InboundRecord {
  direction: 'inbound';
  id: string;
  phoneNumberId: string;
  customerKey: string;
  type: string;
  at: number;
  message: Record<string, unknown>;
  /** Set when Bandeja marked it read (`status: "read"`). */
  readAt?: number;
  typingIndicatorAt?: number;
}

/** A message Bandeja sent through the Graph API. */
export interface OutboundRecord {
  direction: 'outbound';
  id: string;
  phoneNumberId: string;
  customerKey: string;
  to: string;
  type: string;
  at: number;
  version: string;
  request: Record<string, unknown>;
  bizOpaqueCallbackData?: string;
  /** Pricing category: "service", or the template's category in lower case. */
  category: string;
  status: 'accepted' | OutboundStatus;
  statuses: { status: OutboundStatus; at: number }[];
  error?: { code: number; details: string };
}

export type GraphEndpoint =
  | 'messages'
  | 'media-upload'
  | 'media-lookup'
  | 'media-delete'
  | 'media-download'
  | 'phone-number'
  | 'phone-numbers'
  | 'templates'
  | 'unknown';

/** Every Graph request the simulator received, for assertions ("exactly one send"). */
export interface RecordedRequest {
  seq: number;
  at: number;
  method: string;
  path: string;
  endpoint: GraphEndpoint;
  phoneNumberId?: string;
  /** Headers with the bearer token masked. */
  headers: Record<string, string>;
  body: unknown;
  response?: { status: number; body: unknown };
}

export interface DeliveryAttempt {
  at: number;
  durationMs: number;
  status?: number;
  error?: string;
}

export type DeliveryState = 'pending' | 'delivered' | 'failed';

export interface DeliveryRecord {
  id: string;
  phoneNumberId: string;
  url: string;
  /** The exact bytes posted (as a string: pure ASCII after escaping). */
  body: string;
  signature: string;
  payload: unknown;
  wamids: string[];
  createdAt: number;
  attempts: DeliveryAttempt[];
  state: DeliveryState;
  /** For a duplicate: the delivery it copies. */
  duplicateOf?: string;
  nextAttemptAt?: number;
}

export interface RetryPolicy {
  /** First retry after 0 ms, then baseMs × 2^(n-1), capped at maxDelayMs. */
  baseMs: number;
  maxDelayMs: number;
  /** 0 = unlimited (bounded by maxAgeMs). */
  maxAttempts: number;
  maxAgeMs: number;
  /** A receiver that does not answer within this is a failed attempt. */
  timeoutMs: number;
}

export interface DeliveryOptions {
  /** Post the same signed bytes this many times in total (Meta duplicates). */
  duplicates?: number;
  /** Post the duplicates at the same time instead of one after another. */
  concurrentDuplicates?: boolean;
}

export interface SimulatorLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
