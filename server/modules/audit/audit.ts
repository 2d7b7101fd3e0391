import { and, desc, eq, lt, notLike, sql } from 'drizzle-orm';
import { timelineEventPrefixes } from '../../../contracts/events.js';
import type { AuditEntry } from '../../../contracts/members.js';
import type { Executor } from '../../db/client.js';
import { apiTokens, events, users } from '../../db/schema.js';

/** One page of a workspace's event log, newest first, with actor names resolved. */
export async function readAuditLog(db: Executor, options: { workspaceId: string; before?: number; limit: number }) {
  const rows = await db
    .select({
      id: events.id,
      type: events.type,
      actorType: events.actorType,
      actorId: events.actorId,
      actorName: sql<string | null>`coalesce(${users.name}, ${apiTokens.name})`,
      subjectType: events.subjectType,
      subjectId: events.subjectId,
      payload: events.payload,
      createdAt: events.createdAt,
    })
    .from(events)
    .leftJoin(users, and(eq(events.actorType, 'user'), eq(users.id, events.actorId)))
    .leftJoin(apiTokens, and(eq(events.actorType, 'api_token'), eq(apiTokens.id, events.actorId)))
    .where(
      and(
        eq(events.workspaceId, options.workspaceId),
        // The audit log is about who changed the workspace; conversation work has its own activity timeline.
        ...timelineEventPrefixes.map((prefix) => notLike(events.type, `${prefix}%`)),
        options.before ? lt(events.id, options.before) : undefined,
      ),
    )
    .orderBy(desc(events.id))
    .limit(options.limit + 1);
  const page = rows.slice(0, options.limit);
  const entries: AuditEntry[] = page.map((row) => ({
    id: row.id,
    type: row.type,
    actor: { type: row.actorType, id: row.actorId, name: row.actorName },
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    payload: row.payload,
    createdAt: new Date(row.createdAt).toISOString(),
  }));
  return { entries, nextCursor: rows.length > options.limit ? page.at(-1)!.id : null };
}
