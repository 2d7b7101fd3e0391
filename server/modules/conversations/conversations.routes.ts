import { and, desc, eq, inArray, lt, or } from 'drizzle-orm';
import { z } from 'zod';
import { Id } from '../../../contracts/common.js';
import { Contact, Conversation, ConversationPage, ConversationStatus, Message, MessagePage, SendMessage } from '../../../contracts/conversations.js';
import type { AppContext } from '../../context.js';
import { contacts, conversations, mediaFiles, messages, users } from '../../db/schema.js';
import { requireActor } from '../../http/auth.js';
import { AppError, notFound } from '../../http/errors.js';
import { type Api, commonErrors } from '../../http/route-types.js';
import { findContact, identitiesOf } from '../contacts/contacts.repository.js';
import { sendMessage } from '../messages/send-message.js';
import { decodeCursor, encodeCursor, presentConversation, presentMessage } from './conversations.presenter.js';
import { findConversation } from './conversations.repository.js';
import { markConversationRead } from './mark-read.js';

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
      summary: 'Conversations, newest activity first',
      querystring: z.object({
        status: z.array(ConversationStatus).or(ConversationStatus.transform((s) => [s])).optional(),
        channelId: Id.optional(),
        contactId: Id.optional(),
        limit: z.coerce.number().int().min(1).max(100).default(25),
        cursor: cursorQuery,
      }),
      response: { 200: ConversationPage, ...commonErrors },
    },
    handler: async (request) => {
      const actor = requireActor(request);
      const { status, channelId, contactId, limit, cursor } = request.query;
      const after = cursor ? decodeCursor(cursor) : null;
      if (cursor && !after) throw new AppError('validation_failed', 'Invalid cursor', { fields: [{ path: 'querystring.cursor', message: 'is not a cursor this API gave' }] });
      const rows = await ctx.db
        .select({ conversation: conversations, contact: { id: contacts.id, name: contacts.name, phone: contacts.phone } })
        .from(conversations)
        .innerJoin(contacts, eq(contacts.id, conversations.contactId))
        .where(
          and(
            eq(conversations.workspaceId, actor.workspaceId),
            status?.length ? inArray(conversations.status, status) : undefined,
            channelId ? eq(conversations.channelId, channelId) : undefined,
            contactId ? eq(conversations.contactId, contactId) : undefined,
            after ? or(lt(conversations.lastActivityAt, after.at), and(eq(conversations.lastActivityAt, after.at), lt(conversations.id, after.id))) : undefined,
          ),
        )
        .orderBy(desc(conversations.lastActivityAt), desc(conversations.id))
        .limit(limit + 1);
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        conversations: page.map((row) => presentConversation(row.conversation, row.contact)),
        nextCursor: rows.length > limit && last ? encodeCursor(last.conversation.lastActivityAt, last.conversation.id) : null,
      };
    },
  });

  app.get('/api/v1/conversations/:conversationId', {
    config: { access: { permission: 'conversations.read' } },
    schema: { tags: ['conversations'], summary: 'One conversation', params: conversationParams, response: { 200: Conversation, ...commonErrors } },
    handler: async (request) => {
      const actor = requireActor(request);
      const conversation = await findConversation(ctx.db, actor.workspaceId, request.params.conversationId);
      if (!conversation) throw notFound('Conversation');
      const contact = (await findContact(ctx.db, actor.workspaceId, conversation.contactId))!;
      return presentConversation(conversation, contact);
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
      const actor = requireActor(request);
      const conversation = await findConversation(ctx.db, actor.workspaceId, request.params.conversationId);
      if (!conversation) throw notFound('Conversation');
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
      summary: 'Send a message (queued in the outbox; its status follows pending → sent → delivered → read)',
      description: 'Send an `Idempotency-Key` header to make retries safe: the same key returns the first message (200) instead of sending again.',
      params: conversationParams,
      headers: z.object({ 'idempotency-key': z.string().min(1).max(200).optional() }),
      body: SendMessage,
      response: { 201: Message, 200: Message, ...commonErrors, 422: commonErrors[400] },
    },
    handler: async (request, reply) => {
      const actor = requireActor(request);
      const { message, replayed } = await sendMessage(ctx, actor, {
        conversationId: request.params.conversationId,
        request: request.body,
        idempotencyKey: request.headers['idempotency-key'],
      });
      reply.code(replayed ? 200 : 201);
      return presentMessage(message, { language: await languageOf(ctx, request) });
    },
  });

  app.post('/api/v1/conversations/:conversationId/read', {
    config: { access: { permission: 'messages.send' } },
    schema: {
      tags: ['conversations'],
      summary: 'Mark the customer’s last message as read on WhatsApp, optionally showing the typing indicator',
      params: conversationParams,
      body: z.object({ typing: z.boolean().default(false) }),
      response: { 200: z.object({ markedMessageId: z.string().nullable() }), ...commonErrors },
    },
    handler: async (request) => markConversationRead(ctx, requireActor(request), request.params.conversationId, request.body.typing),
  });

  app.get('/api/v1/contacts/:contactId', {
    config: { access: { permission: 'contacts.read' } },
    schema: { tags: ['contacts'], summary: 'A contact with all its identity keys', params: z.object({ contactId: Id }), response: { 200: Contact, ...commonErrors } },
    handler: async (request) => {
      const contact = await findContact(ctx.db, requireActor(request).workspaceId, request.params.contactId);
      if (!contact) throw notFound('Contact');
      return {
        id: contact.id,
        name: contact.name,
        username: contact.username,
        phone: contact.phone,
        waId: contact.waId,
        userId: contact.userId,
        identities: await identitiesOf(ctx.db, contact.id),
        createdAt: contact.createdAt.toISOString(),
      };
    },
  });

}
