import type { Conversation, Message } from '../../../contracts/conversations.js';
import { explainGraphError, graphErrorCode, remoteText } from '../../channels/whatsapp/graph-errors.js';
import type { contacts, conversations, messages } from '../../db/schema.js';
import { isoFromPg } from '../../db/timestamps.js';
import { windowIsOpen } from '../messages/send-message.js';

/** What a conversation's API shape is made of (list rows read only these columns). */
export type ConversationFields = Pick<
  typeof conversations.$inferSelect,
  | 'id' | 'displayNumber' | 'channelId' | 'status' | 'priority' | 'assigneeMembershipId' | 'teamId' | 'intent' | 'snoozedUntil' | 'pinnedNoteId'
  | 'lastMessageText' | 'lastMessageDirection' | 'waitingSince' | 'windowExpiresAt' | 'lastMessageAt' | 'lastActivityAt' | 'createdAt'
  | 'slaTarget' | 'slaDueAt' | 'slaWarnAt' | 'slaState'
>;

/**
 * A timestamp as read: a Date (Drizzle), or PostgreSQL's text for it (the inbox list: parsing Dates
 * only to print them again was a fifth of a list request's CPU).
 */
export type Instant = Date | string;
/** The same fields with their timestamps as either. */
export type PresentableConversation = {
  [K in keyof ConversationFields]: ConversationFields[K] extends Date ? Instant : ConversationFields[K] extends Date | null ? Instant | null : ConversationFields[K];
};

const iso = (value: Instant) => (typeof value === 'string' ? isoFromPg(value, 3) : value.toISOString());
const isoOrNull = (value: Instant | null) => (value === null ? null : iso(value));

export function presentConversation(
  row: PresentableConversation,
  contact: Pick<typeof contacts.$inferSelect, 'id' | 'name' | 'phone'>,
  extras: { tags?: { id: string; name: string; color: string }[]; unread?: boolean } = {},
): Conversation {
  const windowExpiresAt = isoOrNull(row.windowExpiresAt);
  return {
    id: row.id,
    displayNumber: row.displayNumber,
    channelId: row.channelId,
    contact: { id: contact.id, name: contact.name, phone: contact.phone },
    status: row.status,
    priority: row.priority,
    assigneeMemberId: row.assigneeMembershipId,
    teamId: row.teamId,
    tags: extras.tags ?? [],
    intent: row.intent,
    snoozedUntil: isoOrNull(row.snoozedUntil),
    lastMessage: row.lastMessageDirection ? { text: row.lastMessageText, direction: row.lastMessageDirection } : null,
    unread: extras.unread ?? false,
    pinnedNoteId: row.pinnedNoteId,
    waitingSince: isoOrNull(row.waitingSince),
    windowExpiresAt,
    windowOpen: windowIsOpen(windowExpiresAt),
    lastMessageAt: isoOrNull(row.lastMessageAt),
    lastActivityAt: iso(row.lastActivityAt),
    createdAt: iso(row.createdAt),
    sla:
      row.slaTarget && row.slaDueAt && row.slaState
        ? { target: row.slaTarget, dueAt: iso(row.slaDueAt), warnAt: isoOrNull(row.slaWarnAt), state: row.slaState }
        : null,
  };
}

/** A stored send failure in the one shape the API promises, whatever an older release or a webhook stored. */
function presentMessageError(stored: unknown, language: 'es' | 'en'): Message['error'] {
  const { code: rawCode, title, details } = (stored ?? {}) as Record<string, unknown>;
  const code = graphErrorCode(rawCode);
  return { code, title: remoteText(title) ?? 'Failed', ...(remoteText(details) ? { details: remoteText(details) } : {}), explanation: explainGraphError(code, language) };
}

export function presentMessage(row: typeof messages.$inferSelect, options: { language: 'es' | 'en'; mediaId?: string | null }): Message {
  return {
    id: row.id,
    conversationId: row.conversationId,
    direction: row.direction,
    private: row.direction === 'internal',
    type: row.type,
    text: row.text,
    content: row.content,
    status: row.status,
    error: row.error ? presentMessageError(row.error, options.language) : null,
    externalId: row.externalId,
    replyToExternalId: row.replyToExternalId,
    mediaUrl: options.mediaId ? `/api/v1/media/${options.mediaId}` : null,
    senderMemberId: row.senderMembershipId,
    mentions: row.mentions ?? [],
    occurredAt: row.occurredAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
  };
}

/** Opaque cursors: base64 of "<iso time>|<id>", ordered newest first. */
export function encodeCursor(at: Date, id: string) {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}
export function decodeCursor(cursor: string): { at: Date; id: string } | null {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const date = new Date(at ?? '');
  return id && !Number.isNaN(date.getTime()) ? { at: date, id } : null;
}
