import type { SimulatorState } from './state.js';
import type { BusinessNumber, CustomerRecord, InboundRecord, OutboundRecord } from './types.js';

/** What the customer page shows for one message, in either direction. */
export type MessageView = {
  id: string;
  direction: 'inbound' | 'outbound';
  type: string;
  at: number;
  text: string;
  mediaId?: string;
  mimeType?: string;
  link?: string;
  /** Reply buttons / list rows / template quick replies the customer can tap; template URL buttons open `url`. */
  buttons?: { id: string; title: string; kind: 'button' | 'row' | 'quick_reply' | 'url'; url?: string }[];
  replyTo?: string;
  status?: string;
  error?: { code: number; details: string };
  readAt?: number;
  typingIndicatorAt?: number;
};

type Json = Record<string, unknown>;
const obj = (value: unknown): Json => (value && typeof value === 'object' ? (value as Json) : {});
const str = (value: unknown): string => (typeof value === 'string' ? value : value === undefined ? '' : String(value));

function mediaText(content: Json, type: string): string {
  return [str(content.caption), type === 'document' ? str(content.filename) : ''].filter(Boolean).join(' — ');
}

function inboundText(message: Json, type: string): string {
  const content = obj(message[type]);
  switch (type) {
    case 'text':
      return str(content.body);
    case 'location':
      return `📍 ${[content.name, content.address].filter(Boolean).join(', ') || `${content.latitude}, ${content.longitude}`}`;
    case 'contacts':
      return `👤 ${(message.contacts as Json[]).map((c) => str(obj(c.name).formatted_name)).join(', ')}`;
    case 'interactive': {
      const reply = obj(content.button_reply ?? content.list_reply ?? content.nfm_reply);
      return content.type === 'nfm_reply' ? `📝 ${str(reply.body)} ${str(reply.response_json)}` : `↩ ${str(reply.title)}`;
    }
    case 'button':
      return `↩ ${str(content.text)}`;
    case 'reaction':
      return content.emoji ? `${str(content.emoji)} (reaction)` : '(reaction removed)';
    case 'order':
      return `🛒 ${(content.product_items as Json[]).length} product(s)`;
    case 'system':
      return str(obj(message.system).body);
    case 'unsupported':
      return '(unsupported message)';
    default:
      return mediaText(content, type);
  }
}

type RenderedTemplate = { text: string; link?: string; buttons: NonNullable<MessageView['buttons']> };

/** A template as the customer's phone shows it: header (text, or the media's link), body, footer, buttons. */
function renderTemplate(number: BusinessNumber | undefined, state: SimulatorState, template: Json): RenderedTemplate {
  const definition = number ? state.numbers.templatesOf(number.wabaId).find((t) => t.name === template.name && t.language === obj(template.language).code) : undefined;
  const components = (template.components as Json[] | undefined) ?? [];
  const given = (kind: string) => components.filter((c) => str(c.type).toLowerCase() === kind);
  const values = (parameters: Json[]) => parameters.map((p) => str(p.text ?? p.payload ?? obj(p.currency).fallback_value ?? obj(p.date_time).fallback_value));
  const params = (kind: string) => values(given(kind).flatMap((c) => (c.parameters as Json[] | undefined) ?? []));
  const fill = (text: string, filled: string[]) => text.replace(/\{\{\s*(\d+)\s*\}\}/g, (_, n: string) => filled[Number(n) - 1] ?? `{{${n}}}`);
  if (!definition) return { text: `[template ${str(template.name)}]`, buttons: [] };
  const part = (type: string) => definition.components.find((c) => str(c.type) === type);
  const headerPart = part('HEADER');
  const format = str(headerPart?.format || 'TEXT');
  const headerMedia = format === 'TEXT' ? undefined : obj(given('header').flatMap((c) => (c.parameters as Json[] | undefined) ?? [])[0]);
  const header = headerPart?.text && format === 'TEXT' ? `*${fill(str(headerPart.text), params('header'))}*\n` : headerMedia ? `[${format.toLowerCase()}]\n` : '';
  const body = fill(str(part('BODY')?.text), params('body'));
  const footer = part('FOOTER')?.text ? `\n_${str(part('FOOTER')!.text)}_` : '';
  const buttons = ((part('BUTTONS')?.buttons as Json[] | undefined) ?? []).flatMap((b, index): RenderedTemplate['buttons'] => {
    if (b.type === 'QUICK_REPLY') return [{ id: str(b.text), title: str(b.text), kind: 'quick_reply' }];
    if (b.type !== 'URL') return [];
    const suffix = values(given('button').filter((c) => Number(c.index) === index).flatMap((c) => (c.parameters as Json[] | undefined) ?? []));
    return [{ id: `url-${index}`, title: str(b.text), kind: 'url', url: fill(str(b.url), suffix) }];
  });
  const link = headerMedia ? str(obj(headerMedia[str(headerMedia.type)]).link) : '';
  return { text: header + body + footer, buttons, ...(link ? { link } : {}) };
}

function outboundView(state: SimulatorState, message: OutboundRecord): MessageView {
  const request = message.request;
  const content = obj(request[message.type]);
  const view: MessageView = { id: message.id, direction: 'outbound', type: message.type, at: message.at, text: '', status: message.status };
  if (message.error) view.error = message.error;
  const replyTo = obj(request.context).message_id;
  if (typeof replyTo === 'string') view.replyTo = replyTo;
  switch (message.type) {
    case 'text':
      view.text = str(content.body);
      break;
    case 'template': {
      const rendered = renderTemplate(state.numbers.get(message.phoneNumberId), state, content);
      view.text = rendered.text;
      view.buttons = rendered.buttons;
      if (rendered.link) view.link = rendered.link;
      break;
    }
    case 'interactive': {
      const action = obj(content.action);
      view.text = [str(obj(content.header).text), str(obj(content.body).text), str(obj(content.footer).text)].filter(Boolean).join('\n');
      if (content.type === 'button') view.buttons = (action.buttons as Json[]).map((b) => ({ id: str(obj(b.reply).id), title: str(obj(b.reply).title), kind: 'button' }));
      if (content.type === 'list') {
        view.buttons = (action.sections as Json[]).flatMap((s) => (s.rows as Json[] | undefined) ?? []).map((r) => ({ id: str(r.id), title: str(r.title), kind: 'row' }));
      }
      if (content.type === 'cta_url') view.link = str(obj(action.parameters).url);
      break;
    }
    case 'reaction':
      view.text = content.emoji ? `${str(content.emoji)} (reaction)` : '(reaction removed)';
      break;
    case 'location':
      view.text = `📍 ${[content.name, content.address].filter(Boolean).join(', ') || `${content.latitude}, ${content.longitude}`}`;
      break;
    case 'contacts':
      view.text = `👤 ${((request.contacts as Json[] | undefined) ?? []).map((c) => str(obj(c.name).formatted_name)).join(', ')}`;
      break;
    default: {
      view.text = mediaText(content, message.type);
      if (typeof content.id === 'string') {
        view.mediaId = content.id;
        view.mimeType = state.media.get(content.id)?.mimeType;
      }
      if (typeof content.link === 'string') view.link = content.link;
    }
  }
  return view;
}

function inboundView(message: InboundRecord): MessageView {
  const payload = message.message;
  const content = obj(payload[message.type]);
  const view: MessageView = { id: message.id, direction: 'inbound', type: message.type, at: message.at, text: inboundText(payload, message.type) };
  if (typeof content.id === 'string' && typeof content.mime_type === 'string') {
    view.mediaId = content.id;
    view.mimeType = content.mime_type;
  }
  const context = obj(payload.context);
  if (typeof context.id === 'string') view.replyTo = context.id;
  if (message.readAt !== undefined) view.readAt = message.readAt;
  if (message.typingIndicatorAt !== undefined) view.typingIndicatorAt = message.typingIndicatorAt;
  return view;
}

/** The conversation with one customer as the page renders it. */
export function conversationView(state: SimulatorState, customer: CustomerRecord): MessageView[] {
  return state.conversations.timeline(customer).map((item) => (item.direction === 'inbound' ? inboundView(item) : outboundView(state, item)));
}
