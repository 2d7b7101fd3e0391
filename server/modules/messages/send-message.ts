import { and, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import type { SendMessage, SendReply } from '../../../contracts/conversations.js';
import { refreshSla } from '../routing/sla.js';
import { sendMessageJob } from '../../channels/whatsapp/send-message.job.js';
import { describeOutbound } from '../../channels/whatsapp/outbound-body.js';
import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { conversationParticipants, conversations, mediaFiles, memberships, messages, messageTemplates } from '../../db/schema.js';
import { recordEvent, recordEvents } from '../../events/event-log.js';
import { AppError } from '../../http/errors.js';
import { type Actor, actorRef } from '../../http/policy.js';
import { findChannel } from '../channels/channels.repository.js';
import { findVisibleConversation, inboxSettingsOf, oversees, viewerOf } from '../conversations/access.js';
import { insertNote } from '../conversations/conversation-commands.js';
import type { ConversationRow } from '../conversations/conversations.repository.js';
import { notify } from '../notifications/notify.js';
import { renderTemplate } from './render-template.js';

/** Whether a free-form (non-template) message may go out now: `windowExpiresAt` as a Date or an ISO 8601 string. */
export function windowIsOpen(windowExpiresAt: Date | string | null, now = new Date()) {
  if (windowExpiresAt === null) return false;
  return (typeof windowExpiresAt === 'string' ? Date.parse(windowExpiresAt) : windowExpiresAt.getTime()) > now.getTime();
}

type MessageRow = typeof messages.$inferSelect;

/** Thrown when the sender has not seen what arrived since: the caller shows it before a forced send. */
export class StaleReplyError extends AppError {
  constructor(readonly newMessages: MessageRow[]) {
    super('stale_reply', 'New messages arrived since you last looked: read them, then send again with force');
  }
}

/**
 * Replies and notes. A note (`private`) is stored for the team and never sent; a reply goes to the
 * outbox (see sendMessage) after two collision checks the server enforces: the workspace may let
 * only the assignee reply, and a reply written before an unseen customer message or another
 * member's reply is refused with 409 unless forced.
 */
export async function sendReply(ctx: AppContext, actor: Actor, options: { conversationId: string; request: SendReply; idempotencyKey?: string }) {
  const settings = await inboxSettingsOf(ctx.db, actor.workspaceId);
  const viewer = await viewerOf(ctx.db, actor, settings);
  const conversation = await findVisibleConversation(ctx.db, actor, options.conversationId, viewer);
  const { lastSeenMessageId, force, private: isNote, mentions, ...request } = options.request;
  if (isNote) {
    const earlier = options.idempotencyKey ? await byIdempotencyKey(ctx, actor.workspaceId, options.idempotencyKey) : undefined;
    if (earlier) return { message: sameConversation(earlier, conversation.id), replayed: true };
    try {
      return { message: await addNote(ctx, actor, conversation, request as SendMessage, mentions ?? [], options.idempotencyKey), replayed: false };
    } catch (error) {
      // The same key sent twice at once: the other request stored it.
      const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
      const stored = code === '23505' && options.idempotencyKey ? await byIdempotencyKey(ctx, actor.workspaceId, options.idempotencyKey) : undefined;
      if (!stored) throw error;
      return { message: sameConversation(stored, conversation.id), replayed: true };
    }
  }
  if (mentions?.length) throw new AppError('validation_failed', 'Mentions only go in notes', { fields: [{ path: 'body.mentions', message: 'needs private: true' }] });
  const me = actor.kind === 'user' ? actor.membershipId : null;
  // Both checks run again inside the send transaction with the conversation row locked, so two
  // replies pressed at the same moment are serialised: the second sees the first and is stopped.
  const guard = async (tx: Executor, locked: ConversationRow) => {
    if (settings.onlyAssigneeReplies && me && !oversees(actor.role) && locked.assigneeMembershipId && locked.assigneeMembershipId !== me) {
      throw new AppError('forbidden', 'Only the assignee replies to this customer in this workspace: ask for a hand-off or write a note');
    }
    if (lastSeenMessageId && !force) {
      const newer = await unseenSince(tx, actor, conversation.id, lastSeenMessageId);
      if (newer.length) throw new StaleReplyError(newer);
    }
  };
  await guard(ctx.db, conversation);
  return sendMessage(ctx, actor, { conversation, request: request as SendMessage, idempotencyKey: options.idempotencyKey, guard });
}

/** Customer messages and other senders' replies stored after the message the sender last saw. */
async function unseenSince(db: Executor, actor: Actor, conversationId: string, lastSeenMessageId: string) {
  const [seen] = await db
    .select({ createdAt: messages.createdAt })
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), eq(messages.id, lastSeenMessageId)));
  if (!seen) throw new AppError('validation_failed', 'lastSeenMessageId is not a message of this conversation', { fields: [{ path: 'body.lastSeenMessageId', message: 'is not a message of this conversation' }] });
  const otherSender =
    actor.kind === 'user'
      ? or(isNull(messages.senderMembershipId), ne(messages.senderMembershipId, actor.membershipId))
      : or(isNull(messages.senderApiTokenId), ne(messages.senderApiTokenId, actor.tokenId));
  return db
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.conversationId, conversationId),
        // Compared in SQL: a JavaScript Date would drop the microseconds.
        sql`${messages.createdAt} > (select m.created_at from ${messages} m where m.id = ${lastSeenMessageId})`,
        ne(messages.id, lastSeenMessageId),
        or(eq(messages.direction, 'inbound'), and(eq(messages.direction, 'outbound'), otherSender)),
      ),
    )
    .orderBy(messages.createdAt)
    .limit(50);
}

async function byIdempotencyKey(ctx: AppContext, workspaceId: string, key: string) {
  const [row] = await ctx.db.select().from(messages).where(and(eq(messages.workspaceId, workspaceId), eq(messages.idempotencyKey, key)));
  return row;
}

function sameConversation(message: MessageRow, conversationId: string) {
  if (message.conversationId !== conversationId) throw new AppError('conflict', 'This Idempotency-Key was used for another conversation');
  return message;
}

async function addNote(ctx: AppContext, actor: Actor, conversation: ConversationRow, request: SendMessage, mentions: string[], idempotencyKey?: string) {
  if (request.type !== 'text') throw new AppError('validation_failed', 'Notes are text', { fields: [{ path: 'body.type', message: 'must be text for a private note' }] });
  const mentioned = [...new Set(mentions)];
  if (mentioned.length) {
    const found = await ctx.db
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.workspaceId, actor.workspaceId), eq(memberships.status, 'active'), inArray(memberships.id, mentioned)));
    if (found.length !== mentioned.length) throw new AppError('validation_failed', 'Unknown member mentioned', { fields: [{ path: 'body.mentions', message: 'contains someone who is not an active member' }] });
  }
  return ctx.transaction(async (tx) => {
    const note = await insertNote(tx, actor, conversation, request.text, { kind: 'note' }, mentioned, idempotencyKey);
    await tx
      .update(conversations)
      .set({ lastActivityAt: new Date(), lastMessageText: note.text, lastMessageDirection: 'internal' })
      .where(eq(conversations.id, conversation.id));
    if (mentioned.length) {
      // Mentioned members may read the conversation even outside their teams.
      await tx.insert(conversationParticipants).values(mentioned.map((membershipId) => ({ conversationId: conversation.id, membershipId, reason: 'mentioned' as const }))).onConflictDoNothing();
    }
    await recordEvents(tx, [
      { workspaceId: actor.workspaceId, actor: actorRef(actor), type: 'note.added', subjectType: 'conversation', subjectId: conversation.id, payload: { messageId: note.id, mentions: mentioned } },
    ]);
    await notify(
      tx,
      actorRef(actor),
      mentioned.map((membershipId) => ({
        workspaceId: actor.workspaceId,
        membershipId,
        kind: 'mentioned' as const,
        conversationId: conversation.id,
        messageId: note.id,
        actorMembershipId: actor.kind === 'user' ? actor.membershipId : null,
        text: note.text,
      })),
    );
    return note;
  });
}

/**
 * Puts a message in the outbox: stored as `pending` and a send job enqueued in the same
 * transaction. The same Idempotency-Key returns the first message instead of sending twice. A
 * member replying to an unassigned conversation takes it: no conversation is left without an owner.
 */
export async function sendMessage(
  ctx: AppContext,
  actor: Actor,
  options: { conversation: ConversationRow; request: SendMessage; idempotencyKey?: string; guard?: (tx: Executor, locked: ConversationRow) => Promise<void> },
) {
  const { conversation } = options;
  if (options.idempotencyKey) {
    const existing = await byIdempotencyKey(ctx, actor.workspaceId, options.idempotencyKey);
    if (existing) return { message: sameConversation(existing, conversation.id), replayed: true };
  }
  const channel = await findChannel(ctx.db, actor.workspaceId, conversation.channelId);
  if (!channel) throw new AppError('conflict', 'The number of this conversation is disconnected');
  if (options.request.type !== 'template' && !windowIsOpen(conversation.windowExpiresAt)) {
    throw new AppError('window_closed', 'More than 24 hours since the customer last wrote: only an approved template can be sent', {
      windowExpiresAt: conversation.windowExpiresAt?.toISOString() ?? null,
      fields: [{ path: 'body.type', message: 'must be template outside the 24-hour window' }],
    });
  }
  const request = options.request;
  const replyToId = 'replyTo' in request ? request.replyTo : request.type === 'reaction' ? request.reaction.messageId : undefined;
  let replyToExternalId: string | null = null;
  if (replyToId) {
    const [target] = await ctx.db
      .select({ externalId: messages.externalId })
      .from(messages)
      .where(and(eq(messages.conversationId, conversation.id), eq(messages.id, replyToId)));
    if (!target?.externalId) {
      throw new AppError('validation_failed', 'The message to reply or react to is not in this conversation, or was never delivered', {
        fields: [{ path: request.type === 'reaction' ? 'body.reaction.messageId' : 'body.replyTo', message: 'is not a delivered message of this conversation' }],
      });
    }
    replyToExternalId = target.externalId;
  }
  const described = describeOutbound(request);
  if (request.type === 'template') {
    const rendered = await renderSyncedTemplate(ctx, channel.id, request.template);
    if (rendered) {
      described.text = rendered.body ?? described.text;
      described.content.rendered = rendered;
    }
  }
  const message = await ctx.transaction(async (tx) => {
    if (options.guard) {
      const [locked] = await tx.select().from(conversations).where(eq(conversations.id, conversation.id)).for('update');
      await options.guard(tx, locked!);
    }
    const [row] = await tx
      .insert(messages)
      .values({
        workspaceId: actor.workspaceId,
        conversationId: conversation.id,
        channelId: channel.id,
        direction: 'outbound',
        type: described.type,
        text: described.text,
        content: described.content,
        status: 'pending',
        replyToExternalId,
        senderMembershipId: actor.kind === 'user' ? actor.membershipId : null,
        senderApiTokenId: actor.kind === 'api_token' ? actor.tokenId : null,
        idempotencyKey: options.idempotencyKey ?? null,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) return null;
    await tx
      .update(conversations)
      .set({
        lastActivityAt: new Date(),
        lastMessageText: row.text,
        lastMessageDirection: 'outbound',
        // A member's reply answers the customer (integrations and automatic messages do not).
        ...(actor.kind === 'user' ? { waitingSince: null, firstResponseAt: sql`coalesce(${conversations.firstResponseAt}, now())` } : {}),
      })
      .where(eq(conversations.id, conversation.id));
    if (actor.kind === 'user') await refreshSla(tx, conversation.id);
    if (actor.kind === 'user') {
      const [taken] = await tx
        .update(conversations)
        .set({ assigneeMembershipId: actor.membershipId })
        .where(and(eq(conversations.id, conversation.id), isNull(conversations.assigneeMembershipId)))
        .returning({ id: conversations.id, teamId: conversations.teamId });
      if (taken) {
        await recordEvent(tx, {
          workspaceId: actor.workspaceId,
          actor: actorRef(actor),
          type: 'conversation.assigned',
          subjectType: 'conversation',
          subjectId: conversation.id,
          payload: { from: null, to: actor.membershipId, fromTeamId: taken.teamId, toTeamId: taken.teamId, handoff: false, via: 'reply' },
        });
      }
    }
    const mediaId = mediaIdOf(request);
    if (mediaId) {
      // The copy kept at upload time becomes this message's preview.
      await tx
        .update(mediaFiles)
        .set({ messageId: row.id })
        .where(and(eq(mediaFiles.channelId, channel.id), eq(mediaFiles.externalMediaId, mediaId), isNull(mediaFiles.messageId)));
    }
    await ctx.jobs.send(sendMessageJob, { messageId: row.id }, { tx, singletonKey: row.id });
    await recordEvent(tx, {
      workspaceId: actor.workspaceId,
      actor: actorRef(actor),
      type: 'message.queued',
      subjectType: 'conversation',
      subjectId: conversation.id,
      payload: { messageId: row.id, type: described.type },
    });
    return row;
  });
  if (!message) {
    // Two requests with the same key raced: the other one stored it.
    const [existing] = await ctx.db.select().from(messages).where(and(eq(messages.workspaceId, actor.workspaceId), eq(messages.idempotencyKey, options.idempotencyKey!)));
    return { message: existing!, replayed: true };
  }
  return { message, replayed: false };
}

function mediaIdOf(request: SendMessage): string | undefined {
  const media = (request as Record<string, unknown>)[request.type] as { mediaId?: string } | undefined;
  return ['image', 'video', 'audio', 'document', 'sticker'].includes(request.type) ? media?.mediaId : undefined;
}

/** What a customer will read for a template send, from the synced template and its parameters (null before a sync). */
async function renderSyncedTemplate(ctx: AppContext, channelId: string, template: { name: string; language: string; components?: Record<string, unknown>[] }) {
  const [synced] = await ctx.db
    .select({ components: messageTemplates.components })
    .from(messageTemplates)
    .where(and(eq(messageTemplates.channelId, channelId), eq(messageTemplates.name, template.name), eq(messageTemplates.language, template.language)));
  return synced ? renderTemplate(synced.components as Record<string, unknown>[], template.components ?? []) : null;
}
