import { z } from 'zod';
import { Id } from './common.js';
import { CustomFieldValue, CustomFieldValues } from './custom-fields.js';

export const ConversationStatus = z.enum(['open', 'pending', 'snoozed', 'resolved']);
export const Priority = z.enum(['low', 'normal', 'high', 'urgent']);

export const Contact = z.object({
  id: Id,
  name: z.string().nullable(),
  username: z.string().nullable(),
  phone: z.string().nullable().describe('E.164, canonical across regional variants'),
  waId: z.string().nullable(),
  userId: z.string().nullable().describe('WhatsApp business-scoped user id'),
  identities: z.array(z.object({ kind: z.enum(['wa_id', 'phone', 'user_id']), value: z.string() })),
  vip: z.boolean(),
  tags: z.array(z.string()).describe('Contact labels (routing rules can match them)'),
  customFields: CustomFieldValues,
  createdAt: z.string(),
});

export const ContactPatch = z
  .object({
    name: z.string().trim().min(1).max(200),
    vip: z.boolean(),
    tags: z.array(z.string().trim().min(1).max(40)).max(50),
    customFields: z.record(z.string().trim().min(1).max(60), CustomFieldValue).refine((value) => Object.keys(value).length <= 50, 'at most 50 fields'),
  })
  .partial()
  .refine((value) => Object.keys(value).length > 0, 'send at least one field to change');

export const Sla = z
  .object({
    target: z.enum(['first_response', 'next_response', 'resolution']),
    dueAt: z.string(),
    warnAt: z.string().nullable(),
    state: z.enum(['ok', 'warning', 'breached']),
  })
  .describe('The SLA target running now');

export const TagRef = z.object({ id: Id, name: z.string(), color: z.string() });

export const Conversation = z.object({
  id: Id,
  displayNumber: z.number().int(),
  channelId: Id,
  contact: z.object({ id: Id, name: z.string().nullable(), phone: z.string().nullable() }),
  status: ConversationStatus,
  priority: Priority,
  assigneeMemberId: Id.nullable(),
  teamId: Id.nullable(),
  tags: z.array(TagRef),
  intent: z.string().nullable(),
  snoozedUntil: z.string().nullable(),
  lastMessage: z.object({ text: z.string().nullable(), direction: z.enum(['inbound', 'outbound', 'internal']) }).nullable().describe('Preview of the latest message or note'),
  unread: z.boolean().describe('Whether a customer message arrived after the caller last read it (always false for API tokens)'),
  pinnedNoteId: Id.nullable().describe('The hand-off note pinned for the owner'),
  pinnedNote: z
    .object({ id: Id, text: z.string().nullable(), senderMemberId: Id.nullable(), createdAt: z.string() })
    .nullable()
    .optional()
    .describe('The pinned note itself (on GET of one conversation), however old it is'),
  waitingSince: z.string().nullable(),
  windowExpiresAt: z.string().nullable(),
  windowOpen: z.boolean().describe('Whether free-form messages can be sent now (24-hour window)'),
  lastMessageAt: z.string().nullable(),
  lastActivityAt: z.string(),
  createdAt: z.string(),
  sla: Sla.nullable(),
});
export type Conversation = z.infer<typeof Conversation>;

export const ConversationPage = z.object({ conversations: z.array(Conversation), nextCursor: z.string().nullable() });

export const MessageError = z.object({
  code: z.number().nullable(),
  title: z.string(),
  details: z.string().optional(),
  explanation: z.string().nullable().describe("What it means, in the caller's language"),
});

export const Message = z.object({
  id: Id,
  conversationId: Id,
  direction: z.enum(['inbound', 'outbound', 'internal']).describe('internal = a private note, never sent to WhatsApp'),
  private: z.boolean().describe('A note for the team, never sent to the customer'),
  type: z.string(),
  text: z.string().nullable(),
  content: z.record(z.string(), z.unknown()),
  status: z.enum(['received', 'pending', 'sending', 'sent', 'delivered', 'read', 'played', 'failed']),
  error: MessageError.nullable(),
  externalId: z.string().nullable().describe('The WhatsApp message id (wamid)'),
  replyToExternalId: z.string().nullable(),
  mediaUrl: z.string().nullable().describe('Where signed-in members download the media, once stored'),
  senderMemberId: Id.nullable(),
  mentions: z.array(Id).describe('Members @mentioned in a note'),
  occurredAt: z.string(),
  createdAt: z.string(),
});
export type Message = z.infer<typeof Message>;

export const MessagePage = z.object({ messages: z.array(Message), nextCursor: z.string().nullable() });

const caption = z.string().max(1024, 'must be at most 1024 characters').optional();
const mediaSource = { mediaId: z.string().min(1).max(200).optional(), link: z.url({ protocol: /^https?$/ }).max(2000).optional(), caption };
const withSource = <T extends z.ZodRawShape>(shape: T) =>
  z.object(shape).refine((value: { mediaId?: string; link?: string }) => Boolean(value.mediaId) !== Boolean(value.link), 'give exactly one of mediaId or link');

const replyButton = z.object({ id: z.string().min(1).max(256), title: z.string().min(1).max(20, 'must be at most 20 characters') });
const listRow = z.object({ id: z.string().min(1).max(200), title: z.string().min(1).max(24), description: z.string().max(72).optional() });

/** What an agent or integration can send. Limits are WhatsApp's, checked before calling Meta. */
export const SendMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string().trim().min(1, 'is required').max(4096, 'must be at most 4096 characters'), previewUrl: z.boolean().optional(), replyTo: Id.optional() }),
  z.object({ type: z.literal('image'), image: withSource(mediaSource), replyTo: Id.optional() }),
  z.object({ type: z.literal('video'), video: withSource(mediaSource), replyTo: Id.optional() }),
  z.object({ type: z.literal('audio'), audio: withSource({ mediaId: mediaSource.mediaId, link: mediaSource.link }), replyTo: Id.optional() }),
  z.object({ type: z.literal('document'), document: withSource({ ...mediaSource, filename: z.string().max(240).optional() }), replyTo: Id.optional() }),
  z.object({ type: z.literal('sticker'), sticker: withSource({ mediaId: mediaSource.mediaId, link: mediaSource.link }), replyTo: Id.optional() }),
  z.object({
    type: z.literal('location'),
    location: z.object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180), name: z.string().max(1000).optional(), address: z.string().max(1000).optional() }),
    replyTo: Id.optional(),
  }),
  z.object({ type: z.literal('contacts'), contacts: z.array(z.record(z.string(), z.unknown())).min(1).max(20), replyTo: Id.optional() }),
  z.object({ type: z.literal('reaction'), reaction: z.object({ messageId: Id, emoji: z.string().max(16).describe('Empty to remove the reaction') }) }),
  z.object({
    type: z.literal('buttons'),
    body: z.string().min(1).max(1024),
    header: z.string().max(60).optional(),
    footer: z.string().max(60).optional(),
    buttons: z.array(replyButton).min(1).max(3, 'at most 3 buttons'),
    replyTo: Id.optional(),
  }),
  z.object({
    type: z.literal('list'),
    body: z.string().min(1).max(1024),
    header: z.string().max(60).optional(),
    footer: z.string().max(60).optional(),
    button: z.string().min(1).max(20),
    sections: z.array(z.object({ title: z.string().max(24).optional(), rows: z.array(listRow).min(1).max(10) })).min(1).max(10),
    replyTo: Id.optional(),
  }),
  z.object({
    type: z.literal('template'),
    template: z.object({
      name: z.string().min(1).max(512),
      language: z.string().min(2).max(15),
      components: z.array(z.record(z.string(), z.unknown())).max(20).optional().describe('Graph template components with their parameters'),
    }),
  }),
]);
export type SendMessage = z.infer<typeof SendMessage>;

/** Collision control and notes, beside the message itself. */
export const ReplyOptions = z.object({
  lastSeenMessageId: Id.optional().describe('The newest message the sender saw: when a customer message or another member’s reply arrived since, the answer is 409 stale_reply with what is new'),
  force: z.boolean().optional().describe('Send even though new messages arrived (after showing them)'),
  private: z.boolean().optional().describe('An internal note: stored and shown to the team, never sent to WhatsApp (text only)'),
  mentions: z.array(Id).max(20).optional().describe('Members to notify about this note'),
});
export const SendReply = z.intersection(SendMessage, ReplyOptions);
export type SendReply = z.infer<typeof SendReply>;

export const Template = z.object({
  id: Id,
  name: z.string(),
  language: z.string(),
  status: z.string(),
  category: z.string(),
  components: z.array(z.unknown()),
  syncedAt: z.string(),
});
