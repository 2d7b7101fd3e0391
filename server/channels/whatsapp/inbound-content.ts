import type { InboundMessage } from './webhook-payload.js';

export type InboundMedia = { mediaId: string; mimeType: string | null; sha256: string | null; filename: string | null };

export type DescribedMessage = {
  type: string;
  /** Searchable / previewable text. */
  text: string | null;
  content: Record<string, unknown>;
  media: InboundMedia | null;
};

const mediaTypes = new Set(['image', 'video', 'audio', 'document', 'sticker']);

/** Turns one inbound message of any type into what Bandeja stores: a type, a text and the content. */
export function describeInbound(message: InboundMessage): DescribedMessage {
  const type = message.type;
  const body = (message[type] ?? {}) as Record<string, any>;
  const extras: Record<string, unknown> = {};
  if (message.context?.forwarded) extras.forwarded = true;
  if (message.context?.frequently_forwarded) extras.frequentlyForwarded = true;
  if (message.context?.referred_product) extras.referredProduct = message.context.referred_product;
  if (message.referral) extras.referral = message.referral;

  if (mediaTypes.has(type)) {
    const mediaId = body.id ? String(body.id) : null;
    return {
      type,
      text: body.caption ?? (type === 'document' ? (body.filename ?? null) : null),
      content: {
        ...extras,
        caption: body.caption ?? null,
        mimeType: body.mime_type ?? null,
        filename: body.filename ?? null,
        voice: type === 'audio' ? body.voice === true : undefined,
        animated: type === 'sticker' ? body.animated === true : undefined,
      },
      media: mediaId ? { mediaId, mimeType: body.mime_type ?? null, sha256: body.sha256 ?? null, filename: body.filename ?? null } : null,
    };
  }
  switch (type) {
    case 'text':
      return { type, text: body.body ?? '', content: { ...extras, body: body.body ?? '' }, media: null };
    case 'location':
      return {
        type,
        text: [body.name, body.address].filter(Boolean).join(' — ') || null,
        content: { ...extras, latitude: body.latitude, longitude: body.longitude, name: body.name ?? null, address: body.address ?? null, url: body.url ?? null },
        media: null,
      };
    case 'contacts': {
      const cards = (message.contacts as Record<string, any>[] | undefined) ?? [];
      return { type, text: cards.map((card) => card.name?.formatted_name).filter(Boolean).join(', ') || null, content: { ...extras, contacts: cards }, media: null };
    }
    case 'interactive': {
      const reply = body.button_reply ?? body.list_reply ?? body.nfm_reply ?? {};
      const kind = body.type ?? Object.keys(body).find((key) => key.endsWith('_reply')) ?? 'unknown';
      let response: unknown = null;
      if (body.nfm_reply?.response_json) {
        try {
          response = JSON.parse(body.nfm_reply.response_json);
        } catch {
          response = body.nfm_reply.response_json;
        }
      }
      return {
        type,
        text: reply.title ?? reply.body ?? null,
        content: { ...extras, kind, id: reply.id ?? null, title: reply.title ?? null, description: reply.description ?? null, name: reply.name ?? null, response },
        media: null,
      };
    }
    case 'button':
      return { type, text: body.text ?? null, content: { ...extras, text: body.text ?? null, payload: body.payload ?? null }, media: null };
    case 'reaction':
      return {
        type,
        text: body.emoji || null,
        // No emoji (absent or empty) means the customer removed their reaction.
        content: { targetExternalId: body.message_id ?? null, emoji: body.emoji ? body.emoji : null },
        media: null,
      };
    case 'order':
      return {
        type,
        text: body.text ?? null,
        content: { ...extras, catalogId: body.catalog_id ?? null, text: body.text ?? null, items: body.product_items ?? [] },
        media: null,
      };
    case 'system':
      return { type, text: body.body ?? null, content: { kind: body.type ?? null, body: body.body ?? null, newWaId: body.wa_id ?? null }, media: null };
    case 'revoke':
      return { type, text: null, content: { originalExternalId: body.original_message_id ?? null }, media: null };
    case 'edit': {
      const edited = (body.message ?? {}) as InboundMessage;
      const inner = edited.type ? describeInbound({ ...edited, id: message.id, timestamp: message.timestamp } as InboundMessage) : null;
      return { type, text: inner?.text ?? null, content: { originalExternalId: body.original_message_id ?? null, message: inner }, media: inner?.media ?? null };
    }
    default:
      // Unsupported and unknown types stay in the history as such, with their raw body and errors.
      return {
        type: 'unsupported',
        text: null,
        content: { ...extras, originalType: type, detail: body ?? null, errors: message.errors ?? [] },
        media: null,
      };
  }
}
