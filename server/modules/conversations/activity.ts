import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { type EventType, eventTypes } from '../../../contracts/events.js';
import type { Executor } from '../../db/client.js';
import { apiTokens, events, users } from '../../db/schema.js';

/** Conversation changes a timeline shows (every conversation event); message traffic is in the messages themselves. */
export const TIMELINE_EVENT_TYPES: EventType[] = eventTypes.filter((type) => type.startsWith('conversation.'));

/** The conversation's changes from the event log, oldest first, with the actor's name. */
export async function conversationActivity(db: Executor, workspaceId: string, conversationId: string) {
  const rows = await db
    .select({
      id: events.id,
      type: events.type,
      actorType: events.actorType,
      actorId: events.actorId,
      payload: events.payload,
      createdAt: events.createdAt,
      name: sql<string | null>`coalesce(${users.name}, ${apiTokens.name})`,
    })
    .from(events)
    .leftJoin(users, and(eq(events.actorType, 'user'), eq(users.id, events.actorId)))
    .leftJoin(apiTokens, and(eq(events.actorType, 'api_token'), eq(apiTokens.id, events.actorId)))
    .where(and(eq(events.workspaceId, workspaceId), eq(events.subjectType, 'conversation'), eq(events.subjectId, conversationId), inArray(events.type, TIMELINE_EVENT_TYPES)))
    .orderBy(asc(events.id))
    .limit(1000);
  return rows.map((row) => ({
    id: row.id,
    type: row.type,
    actor: { type: row.actorType, id: row.actorId, name: row.name },
    payload: row.payload,
    at: row.createdAt.toISOString(),
  }));
}
