/** The parts of Meta's webhook envelope Bandeja reads. Everything else is kept raw, never rejected. */
export type WebhookEnvelope = {
  object?: string;
  entry?: { id?: string; changes?: { field?: string; value?: WebhookValue }[] }[];
};

export type WebhookContact = {
  wa_id?: string;
  user_id?: string;
  parent_user_id?: string;
  profile?: { name?: string; username?: string };
};

export type InboundMessage = {
  id: string;
  from?: string;
  from_user_id?: string;
  timestamp: string;
  type: string;
  context?: { from?: string; id?: string; forwarded?: boolean; frequently_forwarded?: boolean; referred_product?: unknown };
  referral?: Record<string, unknown>;
  errors?: { code?: number; title?: string; message?: string; error_data?: { details?: string } }[];
  [key: string]: unknown;
};

export type StatusUpdate = {
  id: string;
  status: string;
  timestamp: string;
  recipient_id?: string;
  recipient_user_id?: string;
  biz_opaque_callback_data?: string;
  errors?: { code?: number; title?: string; message?: string; error_data?: { details?: string } }[];
};

export type WebhookValue = {
  messaging_product?: string;
  metadata?: { display_phone_number?: string; phone_number_id?: string };
  contacts?: WebhookContact[];
  messages?: InboundMessage[];
  statuses?: StatusUpdate[];
  errors?: { code?: number; title?: string; message?: string; error_data?: { details?: string } }[];
};

/** Every phone_number_id a payload speaks for (one app can serve many numbers). */
export function phoneNumberIdsOf(envelope: WebhookEnvelope): string[] {
  const ids = new Set<string>();
  // Read before the signature is checked: only what a Graph id can be reaches a query, and only a few.
  for (const entry of Array.isArray(envelope?.entry) ? envelope.entry : []) {
    for (const change of Array.isArray(entry?.changes) ? entry.changes : []) {
      const id = change?.value?.metadata?.phone_number_id;
      if (id !== undefined && id !== null && GRAPH_ID.test(String(id))) ids.add(String(id));
      if (ids.size >= MAX_NUMBERS_PER_PAYLOAD) return [...ids];
    }
  }
  return [...ids];
}

const GRAPH_ID = /^\d{1,32}$/;
/** Meta batches changes of one WABA; more distinct numbers than this in one body is not Meta. */
const MAX_NUMBERS_PER_PAYLOAD = 20;

/** WhatsApp timestamps are strings of Unix seconds. */
export function whatsappTime(timestamp: string | undefined): Date {
  const seconds = Number(timestamp);
  return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : new Date();
}
