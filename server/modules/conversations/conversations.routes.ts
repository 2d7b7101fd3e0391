import { and, desc, eq, lt, or } from 'drizzle-orm';
import { z } from 'zod';
import { Id } from '../../../contracts/common.js';
import { Contact, ContactPatch, Conversation, ConversationPage, Message, MessagePage, SendReply } from '../../../contracts/conversations.js';
import { Activity, AssignInput, BulkInput, BulkResult, ConversationPatch, Counts, EscalateInput, InboxQuery } from '../../../contracts/inbox.js';
import type { AppContext } from '../../context.js';
import { contacts, conversationReads, mediaFiles, messages, users } from '../../db/schema.js';
import { recordEvent } from '../../events/event-log.js';
import { requireActor } from '../../http/auth.js';
import { AppError, notFound } from '../../http/errors.js';
import { type Api, commonErrors } from '../../http/route-types.js';
import { findContact, identitiesOf } from '../contacts/contacts.repository.js';
import { sendReply, StaleReplyError } from '../messages/send-message.js';
import { findVisibleConversation, viewerOf } from './access.js';
import { conversationActivity } from './activity.js';
import { runBulk } from './bulk.js';
import { assignConversation, escalateConversation, takeConversation, updateConversation } from './conversation-commands.js';
import { decodeCursor, encodeCursor, presentConversation, presentMessage } from './conversations.presenter.js';
import type { ConversationRow } from './conversations.repository.js';
import { countViews, listConversationsJson, tagsOf, unreadFor } from './inbox-query.js';
import { markConversationRead } from './mark-read.js';
import { type Actor, actorRef } from '../../http/policy.js';

/** A conversation as the API shows it to this caller: with its contact, tags and the caller's unread state. */
export async function present(ctx: AppContext, actor: Actor, row: ConversationRow) {
  const contact = (await findContact(ctx.db, row.workspaceId, row.contactId))!;
  const member = actor.kind === 'user' ? actor.membershipId : null;
  const [read] = member
    ? await ctx.db.select({ lastReadAt: conversationReads.lastReadAt }).from(conversationReads).where(and(eq(conversationReads.conversationId, row.id), eq(conversationReads.membershipId, member)))
    : [];
  const [note] = row.pinnedNoteId
    ? await ctx.db.select().from(messages).where(and(eq(messages.conversationId, row.id), eq(messages.id, row.pinnedNoteId)))
    : [];
  return {
    ...presentConversation(row, contact, { tags: (await tagsOf(ctx.db, [row.id])).get(row.id) ?? [], unread: unreadFor(member, row, read?.lastReadAt ?? null) }),
    pinnedNote: note ? { id: note.id, text: note.text, senderMemberId: note.senderMembershipId, createdAt: note.createdAt.toISOString() } : null,
  };
}

const conversationParams = z.object({ conversationId: Id });
const cursorQuery = z.string().max(200).optional().describe('nextCursor of the previous page');

async function languageOf(ctx: AppContext, request: { session: { userId: string } | null }): Promise<'es' | 'en'> {
  if (!request.session) return 'en';
  const [user] = await ctx.db.select({ language: users.language }).from(users).where(eq(users.id, request.session.userId));
  return user?.language ?? 'es';
}

export function conversationsRoutes(app: Api, ctx: AppContext) {
  app.get('/api/v1/conversations', {
    config: { access: { permission: 'conversations.read' } },
    schema: {
      tags: ['conversations'],
      summary: 'Conversations of a view, filtered, searched and sorted (longest waiting first by default)',
      description: 'Without a status filter only open and pending conversations are listed. Repeat a parameter to give several values (`status=open&status=pending`).',
      querystring: InboxQuery.extend({ limit: z.coerce.number().int().min(1).max(100).default(25), cursor: cursorQuery }),
      response: { 200: ConversationPage, ...commonErrors },
    },
    // The page comes as JSON text (see listConversationsJson): most rows are not serialised again.
    // The inbox tests hold every row to the contract and to GET of that conversation.
    handler: async (request, reply) => {
      const actor = requireActor(request);
      const { limit, cursor, ...filters } = request.query;
      const viewer = await viewerOf(ctx.db, actor);
      const page = await listConversationsJson(ctx, viewer, filters, { limit, cursor });
      // Already the serialised ConversationPage: Fastify sends JSON text as it is.
      return reply.type('application/json; charset=utf-8').send(page as never);
    },
  });

  app.get('/api/v1/conversations/counts', {
    config: { access: { permission: 'conversations.read' } },
    schema: { tags: ['conversations'], summary: 'Live counts of open and pending conversations per view, team and number', response: { 200: Counts, ...commonErrors } },
    handler: async (request) => countViews(ctx.db, await viewerOf(ctx.db, requireActor(request))),
  });

  app.get('/api/v1/conversations/:conversationId', {
    config: { access: { permission: 'conversations.read' } },
    schema: { tags: ['conversations'], summary: 'One conversation', params: conversationParams, response: { 200: Conversation, ...commonErrors } },
    handler: async (request) => present(ctx, requireActor(request), await findVisibleConversation(ctx.db, requireActor(request), request.params.conversationId)),
  });

  app.get('/api/v1/conversations/:conversationId/activity', {
    config: { access: { permission: 'conversations.read' } },
    schema: {
      tags: ['conversations'],
      summary: 'What happened to a conversation (assigned, handed off, tagged, status, priority…), oldest first, with who and when',
      params: conversationParams,
      response: { 200: z.object({ activity: z.array(Activity) }), ...commonErrors },
    },
    handler: async (request) => {
      const conversation = await findVisibleConversation(ctx.db, requireActor(request), request.params.conversationId);
      return { activity: await conversationActivity(ctx.db, conversation.workspaceId, conversation.id) };
    },
  });

  app.get('/api/v1/conversations/:conversationId/messages', {
    config: { access: { permission: 'conversations.read' } },
    schema: {
      tags: ['conversations'],
      summary: 'Messages of a conversation, newest first, with delivery status and WhatsApp id',
      params: conversationParams,
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), cursor: cursorQuery }),
      response: { 200: MessagePage, ...commonErrors },
    },
    handler: async (request) => {
      const conversation = await findVisibleConversation(ctx.db, requireActor(request), request.params.conversationId);
      const after = request.query.cursor ? decodeCursor(request.query.cursor) : null;
      const rows = await ctx.db
        .select({ message: messages, mediaId: mediaFiles.id, mediaStatus: mediaFiles.status })
        .from(messages)
        .leftJoin(mediaFiles, eq(mediaFiles.messageId, messages.id))
        .where(
          and(
            eq(messages.conversationId, conversation.id),
            after ? or(lt(messages.occurredAt, after.at), and(eq(messages.occurredAt, after.at), lt(messages.id, after.id))) : undefined,
          ),
        )
        .orderBy(desc(messages.occurredAt), desc(messages.id))
        .limit(request.query.limit + 1);
      const language = await languageOf(ctx, request);
      const page = rows.slice(0, request.query.limit);
      const last = page.at(-1);
      return {
        messages: page.map((row) => presentMessage(row.message, { language, mediaId: row.mediaStatus === 'stored' ? row.mediaId : null })),
        nextCursor: rows.length > request.query.limit && last ? encodeCursor(last.message.occurredAt, last.message.id) : null,
      };
    },
  });

  app.post('/api/v1/conversations/:conversationId/messages', {
    config: { access: { permission: 'messages.send' } },
    schema: {
      tags: ['conversations'],
      summary: 'Reply (queued in the outbox; its status follows pending → sent → delivered → read) or add a private note',
      description:
        'Send an `Idempotency-Key` header to make retries safe: the same key returns the first message (200) instead of sending again. ' +
        'Give `lastSeenMessageId` to be stopped (409 `stale_reply`, with `details.newMessages`) when the customer or another member wrote since; `force: true` sends anyway. ' +
        '`private: true` stores a note for the team (never sent to WhatsApp); `mentions` notifies members.',
      params: conversationParams,
      headers: z.object({ 'idempotency-key': z.string().min(1).max(200).optional() }),
      body: SendReply,
      response: { 201: Message, 200: Message, ...commonErrors, 422: commonErrors[400] },
    },
    handler: async (request, reply) => {
      const actor = requireActor(request);
      const language = await languageOf(ctx, request);
      try {
        const { message, replayed } = await sendReply(ctx, actor, {
          conversationId: request.params.conversationId,
          request: request.body,
          idempotencyKey: request.headers['idempotency-key'],
        });
        reply.code(replayed ? 200 : 201);
        return presentMessage(message, { language });
      } catch (error) {
        if (!(error instanceof StaleReplyError)) throw error;
        throw new AppError('stale_reply', error.message, { newMessages: error.newMessages.map((message) => presentMessage(message, { language })) });
      }
    },
  });

  app.post('/api/v1/conversations/:conversationId/read', {
    config: { access: { permission: 'messages.send' } },
    schema: {
      tags: ['conversations'],
      summary: 'Mark the conversation read for you, and the customer’s last message read on WhatsApp (optionally showing the typing indicator)',
      params: conversationParams,
      body: z.object({ typing: z.boolean().default(false) }),
      response: { 200: z.object({ markedMessageId: z.string().nullable() }), ...commonErrors },
    },
    handler: async (request) => markConversationRead(ctx, requireActor(request), request.params.conversationId, request.body.typing),
  });

  app.post('/api/v1/conversations/:conversationId/take', {
    config: { access: { permission: 'conversations.take' } },
    schema: {
      tags: ['conversations'],
      summary: 'Take an unassigned conversation ("Tomar"): of many members pressing at once exactly one wins',
      description: 'Answers 409 `already_taken` with `details.assignee` when someone else owns it. Members only: integrations use /assign.',
      params: conversationParams,
      response: { 200: Conversation, ...commonErrors },
    },
    handler: async (request) => {
      const actor = requireActor(request);
      return present(ctx, actor, await takeConversation(ctx, actor, request.params.conversationId));
    },
  });

  app.post('/api/v1/conversations/:conversationId/assign', {
    config: { access: { permission: 'conversations.work' } },
    schema: {
      tags: ['conversations'],
      summary: 'Assign, unassign, reassign or hand off ("Derivar") to a member or a team',
      description: 'A field left out keeps its value: `{ teamId }` alone moves the conversation to that team with its owner; `{ teamId, assigneeId: null }` puts it in that team’s queue. With a `note` it is a hand-off: the note is pinned for the new owner, who is notified; the previous owner keeps read access. Agents assign only when the workspace allows it, but always move their own conversations (handing them to someone else needs a note).',
      params: conversationParams,
      body: AssignInput,
      response: { 200: Conversation, ...commonErrors },
    },
    handler: async (request) => {
      const actor = requireActor(request);
      return present(ctx, actor, await assignConversation(ctx, actor, request.params.conversationId, request.body));
    },
  });

  app.post('/api/v1/conversations/:conversationId/escalate', {
    config: { access: { permission: 'conversations.work' } },
    schema: {
      tags: ['conversations'],
      summary: 'Escalate to supervisors: tag "Requiere humano", raise the priority, move to the supervisors’ team, notify them',
      params: conversationParams,
      body: EscalateInput,
      response: { 200: Conversation, ...commonErrors },
    },
    handler: async (request) => {
      const actor = requireActor(request);
      return present(ctx, actor, await escalateConversation(ctx, actor, request.params.conversationId, request.body));
    },
  });

  app.patch('/api/v1/conversations/:conversationId', {
    config: { access: { permission: 'conversations.work' } },
    schema: {
      tags: ['conversations'],
      summary: 'Change status (resolve, reopen, pending, snooze until), priority, tags or intent',
      params: conversationParams,
      body: ConversationPatch,
      response: { 200: Conversation, ...commonErrors },
    },
    handler: async (request) => {
      const actor = requireActor(request);
      return present(ctx, actor, await updateConversation(ctx, actor, request.params.conversationId, request.body));
    },
  });

  app.post('/api/v1/conversations/bulk', {
    config: { access: { permission: 'conversations.work' } },
    schema: {
      tags: ['conversations'],
      summary: 'Assign, tag, resolve or change the priority of many conversations; each one succeeds or fails on its own',
      body: BulkInput,
      response: { 200: BulkResult, ...commonErrors },
    },
    handler: async (request) => ({ results: await runBulk(ctx, requireActor(request), request.body) }),
  });

  const presentContact = async (contact: NonNullable<Awaited<ReturnType<typeof findContact>>>) => ({
    id: contact.id,
    name: contact.name,
    username: contact.username,
    phone: contact.phone,
    waId: contact.waId,
    userId: contact.userId,
    identities: await identitiesOf(ctx.db, contact.id),
    vip: contact.vip,
    tags: contact.tags,
    customFields: contact.customFields,
    createdAt: contact.createdAt.toISOString(),
  });

  app.get('/api/v1/contacts/:contactId', {
    config: { access: { permission: 'contacts.read' } },
    schema: { tags: ['contacts'], summary: 'A contact with all its identity keys', params: z.object({ contactId: Id }), response: { 200: Contact, ...commonErrors } },
    handler: async (request) => {
      const contact = await findContact(ctx.db, requireActor(request).workspaceId, request.params.contactId);
      if (!contact) throw notFound('Contact');
      return presentContact(contact);
    },
  });

  app.patch('/api/v1/contacts/:contactId', {
    config: { access: { permission: 'contacts.update' } },
    schema: { tags: ['contacts'], summary: 'Change a contact: name, VIP, labels, custom fields (replaced as a whole)', params: z.object({ contactId: Id }), body: ContactPatch, response: { 200: Contact, ...commonErrors } },
    handler: async (request) => {
      const actor = requireActor(request);
      await ctx.transaction(async (tx) => {
        const [updated] = await tx
          .update(contacts)
          .set({ ...request.body, updatedAt: new Date() })
          .where(and(eq(contacts.workspaceId, actor.workspaceId), eq(contacts.id, request.params.contactId)))
          .returning({ id: contacts.id });
        if (!updated) throw notFound('Contact');
        await recordEvent(tx, { workspaceId: actor.workspaceId, actor: actorRef(actor), type: 'contact.updated', subjectType: 'contact', subjectId: updated.id, payload: { fields: Object.keys(request.body) } });
      });
      return presentContact((await findContact(ctx.db, actor.workspaceId, request.params.contactId))!);
    },
  });
}
