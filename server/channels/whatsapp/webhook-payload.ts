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
  for (const entry of envelope.entry ?? []) {
    for (const change of entry.changes ?? []) {
      const id = change.value?.metadata?.phone_number_id;
      if (id) ids.add(String(id));
    }
  }
  return [...ids];
}

/** WhatsApp timestamps are strings of Unix seconds. */
export function whatsappTime(timestamp: string | undefined): Date {
  const seconds = Number(timestamp);
  return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : new Date();
}
