import type { SendMessage } from '../../../contracts/conversations.js';

/** What Bandeja stores for an outbound message: its type, preview text and content. */
export function describeOutbound(request: SendMessage): { type: string; text: string | null; content: Record<string, unknown> } {
  switch (request.type) {
    case 'text':
      return { type: 'text', text: request.text, content: { body: request.text, previewUrl: request.previewUrl ?? false } };
    case 'image':
    case 'video':
    case 'audio':
    case 'document':
    case 'sticker': {
      const media = (request as Record<string, any>)[request.type];
      return { type: request.type, text: media.caption ?? media.filename ?? null, content: { ...media } };
    }
    case 'location':
      return { type: 'location', text: [request.location.name, request.location.address].filter(Boolean).join(' — ') || null, content: { ...request.location } };
    case 'contacts':
      return { type: 'contacts', text: null, content: { contacts: request.contacts } };
    case 'reaction':
      return { type: 'reaction', text: request.reaction.emoji || null, content: { targetMessageId: request.reaction.messageId, emoji: request.reaction.emoji || null } };
    case 'buttons':
      return { type: 'interactive', text: request.body, content: { kind: 'button', body: request.body, header: request.header ?? null, footer: request.footer ?? null, buttons: request.buttons } };
    case 'list':
      return { type: 'interactive', text: request.body, content: { kind: 'list', body: request.body, header: request.header ?? null, footer: request.footer ?? null, button: request.button, sections: request.sections } };
    case 'template':
      return { type: 'template', text: request.template.name, content: { ...request.template } };
  }
}

/** Builds the Graph `/messages` body from what Bandeja stored. */
export function graphBodyFor(message: { type: string; content: Record<string, any> }, to: string, options: { contextExternalId?: string | null; reactionTargetExternalId?: string | null; callbackData: string }) {
  const base: Record<string, unknown> = { recipient_type: 'individual', to, biz_opaque_callback_data: options.callbackData };
  if (options.contextExternalId) base.context = { message_id: options.contextExternalId };
  const c = message.content;
  switch (message.type) {
    case 'text':
      return { ...base, type: 'text', text: { body: c.body, preview_url: Boolean(c.previewUrl) } };
    case 'image':
    case 'video':
    case 'audio':
    case 'document':
    case 'sticker': {
      const media: Record<string, unknown> = c.mediaId ? { id: c.mediaId } : { link: c.link };
      if (c.caption && message.type !== 'audio' && message.type !== 'sticker') media.caption = c.caption;
      if (c.filename && message.type === 'document') media.filename = c.filename;
      return { ...base, type: message.type, [message.type]: media };
    }
    case 'location':
      return { ...base, type: 'location', location: { latitude: c.latitude, longitude: c.longitude, ...(c.name ? { name: c.name } : {}), ...(c.address ? { address: c.address } : {}) } };
    case 'contacts':
      return { ...base, type: 'contacts', contacts: c.contacts };
    case 'reaction':
      return { ...base, type: 'reaction', reaction: { message_id: options.reactionTargetExternalId, emoji: c.emoji ?? '' } };
    case 'interactive': {
      const interactive: Record<string, unknown> = { type: c.kind, body: { text: c.body } };
      if (c.header) interactive.header = { type: 'text', text: c.header };
      if (c.footer) interactive.footer = { text: c.footer };
      interactive.action =
        c.kind === 'button'
          ? { buttons: c.buttons.map((b: { id: string; title: string }) => ({ type: 'reply', reply: { id: b.id, title: b.title } })) }
          : { button: c.button, sections: c.sections };
      return { ...base, type: 'interactive', interactive };
    }
    case 'template':
      return { ...base, type: 'template', template: { name: c.name, language: { code: c.language }, ...(c.components ? { components: c.components } : {}) } };
    default:
      throw new Error(`Cannot send a message of type ${message.type}`);
  }
}
