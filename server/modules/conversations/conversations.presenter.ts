import type { Conversation, Message } from '../../../contracts/conversations.js';
import { explainGraphError } from '../../channels/whatsapp/graph-errors.js';
import type { contacts, conversations, messages } from '../../db/schema.js';
import { windowIsOpen } from '../messages/send-message.js';

/** What a conversation's API shape is made of (list rows read only these columns). */
export type ConversationFields = Pick<
  typeof conversations.$inferSelect,
  | 'id' | 'displayNumber' | 'channelId' | 'status' | 'priority' | 'assigneeMembershipId' | 'teamId' | 'intent' | 'snoozedUntil' | 'pinnedNoteId'
  | 'lastMessageText' | 'lastMessageDirection' | 'waitingSince' | 'windowExpiresAt' | 'lastMessageAt' | 'lastInboundAt' | 'lastActivityAt' | 'createdAt'
  | 'slaTarget' | 'slaDueAt' | 'slaWarnAt' | 'slaState'
>;

export function presentConversation(
  row: ConversationFields,
  contact: Pick<typeof contacts.$inferSelect, 'id' | 'name' | 'phone'>,
  extras: { tags?: { id: string; name: string; color: string }[]; unread?: boolean } = {},
): Conversation {
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
    snoozedUntil: row.snoozedUntil?.toISOString() ?? null,
    lastMessage: row.lastMessageDirection ? { text: row.lastMessageText, direction: row.lastMessageDirection } : null,
    unread: extras.unread ?? false,
    pinnedNoteId: row.pinnedNoteId,
    waitingSince: row.waitingSince?.toISOString() ?? null,
    windowExpiresAt: row.windowExpiresAt?.toISOString() ?? null,
    windowOpen: windowIsOpen(row.windowExpiresAt),
    lastMessageAt: row.lastMessageAt?.toISOString() ?? null,
    lastActivityAt: row.lastActivityAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    sla:
      row.slaTarget && row.slaDueAt && row.slaState
        ? { target: row.slaTarget, dueAt: row.slaDueAt.toISOString(), warnAt: row.slaWarnAt?.toISOString() ?? null, state: row.slaState }
        : null,
  };
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
    error: row.error ? { ...row.error, explanation: explainGraphError(row.error.code, options.language) } : null,
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
