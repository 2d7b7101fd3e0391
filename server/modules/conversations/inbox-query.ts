import { and, eq, gte, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { InboxFilters } from '../../../contracts/inbox.js';
import { type Executor, queryPrepared } from '../../db/client.js';
import { contacts, conversationReads, conversations, conversationTags, messages, notifications, tags } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { type Viewer, visibleTo } from './access.js';
import type { AppContext } from '../../context.js';
import { isoFromPg } from '../../db/timestamps.js';
import { type ConversationFields, type PresentableConversation, presentConversation } from './conversations.presenter.js';
import type { Rendered } from './rendered-conversations.js';

/**
 * Views and lists show work in progress unless a status filter says otherwise. Written as a literal
 * (not parameters) so the planner matches the partial indexes on active conversations.
 */
const active = sql`${conversations.status} in ('open', 'pending')`;

const waitingKey = sql`coalesce(${conversations.waitingSince}, 'infinity'::timestamptz)`;
const priorityKey = sql`(case ${conversations.priority} when 'urgent' then 3 when 'high' then 2 when 'normal' then 1 else 0 end)`;

function mentionedCondition(membershipId: string | null) {
  if (!membershipId) return sql`false`;
  return sql`${conversations.id} in (select ${notifications.conversationId} from ${notifications} where ${notifications.membershipId} = ${membershipId} and ${notifications.kind} = 'mentioned')`;
}

/** Matches read per kind for one search; more specific words narrow a very common one. */
export const SEARCH_MATCH_CAP = 2_000;

/** Contacts by name or number (trigram-indexed) and messages by text (Spanish and English stemming). */
export function searchCondition(workspaceId: string, q: string): SQL {
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const digits = q.replace(/\D/g, '');
  const phoneMatch = digits.length >= 3 ? sql` or ${contacts.phone} like ${`%${digits}%`}` : sql``;
  // One set of matching conversation ids (names and numbers, then message text), joined to the page
  // query: rare terms stay index work instead of walking every open conversation, and a very common
  // term reads at most SEARCH_MATCH_CAP matches of each kind instead of every message containing it.
  return sql`${conversations.id} in (
      (select ${conversations.id} from ${conversations} where ${conversations.workspaceId} = ${workspaceId} and ${conversations.contactId} in
        (select ${contacts.id} from ${contacts} where ${contacts.workspaceId} = ${workspaceId} and (${contacts.name} ilike ${pattern}${phoneMatch}))
        limit ${sql.raw(String(SEARCH_MATCH_CAP))})
      union all
      (select ${messages.conversationId} from ${messages}
        where (to_tsvector('spanish', coalesce(${messages.text}, '')) || to_tsvector('english', coalesce(${messages.text}, '')))
          @@ (websearch_to_tsquery('spanish', ${q}) || websearch_to_tsquery('english', ${q}))
          and ${messages.workspaceId} = ${workspaceId}
        limit ${sql.raw(String(SEARCH_MATCH_CAP))}))`;
}

/** Every filter except the view and the sort, as conditions on `conversations`. */
export function filterConditions(viewer: Viewer, filters: InboxFilters): (SQL | undefined)[] {
  const member = viewer.membershipId;
  const view = filters.view ?? 'all';
  return [
    eq(conversations.workspaceId, viewer.workspaceId),
    visibleTo(viewer),
    filters.status?.length ? inArray(conversations.status, filters.status) : active,
    view === 'mine' ? (member ? eq(conversations.assigneeMembershipId, member) : sql`false`) : undefined,
    view === 'unassigned' ? isNull(conversations.assigneeMembershipId) : undefined,
    view === 'mentions' ? mentionedCondition(member) : undefined,
    filters.priority?.length ? inArray(conversations.priority, filters.priority) : undefined,
    filters.intent?.length ? inArray(conversations.intent, filters.intent) : undefined,
    filters.assigneeId?.length ? inArray(conversations.assigneeMembershipId, filters.assigneeId) : undefined,
    filters.teamId?.length ? inArray(conversations.teamId, filters.teamId) : undefined,
    filters.channelId?.length ? inArray(conversations.channelId, filters.channelId) : undefined,
    filters.contactId ? eq(conversations.contactId, filters.contactId) : undefined,
    filters.tagId?.length
      ? sql`exists (select 1 from ${conversationTags} where ${conversationTags.conversationId} = ${conversations.id} and ${inArray(conversationTags.tagId, filters.tagId)})`
      : undefined,
    filters.since ? gte(conversations.lastActivityAt, new Date(filters.since)) : undefined,
    filters.until ? lt(conversations.lastActivityAt, new Date(filters.until)) : undefined,
    filters.q ? searchCondition(viewer.workspaceId, filters.q) : undefined,
  ];
}

type CursorKey = { w?: string; a?: string; p?: number; id: string };

const badCursor = () => new AppError('validation_failed', 'Invalid cursor', { fields: [{ path: 'querystring.cursor', message: 'is not a cursor this API gave for this sort' }] });

function decode(cursor: string): CursorKey {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorKey;
    const isTime = (text: unknown) => typeof text === 'string' && (text === 'infinity' || !Number.isNaN(Date.parse(text)));
    if (typeof value?.id !== 'string' || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value.id)) throw new Error();
    if (value.w !== undefined && !isTime(value.w)) throw new Error();
    if (value.a !== undefined && (!isTime(value.a) || value.a === 'infinity')) throw new Error();
    if (value.p !== undefined && !(Number.isInteger(value.p) && value.p >= 0 && value.p <= 3)) throw new Error();
    return value;
  } catch {
    throw badCursor();
  }
}
const encode = (key: CursorKey) => Buffer.from(JSON.stringify(key)).toString('base64url');
/** The last row's sort keys, with PostgreSQL's microseconds (a JavaScript Date would truncate them to milliseconds). */
type Keys = Pick<ConversationFields, 'id' | 'priority'> & { lastActivityAt: string; waitingSince: string | null };
const waitingValue = (row: Keys) => (row.waitingSince === null ? 'infinity' : isoFromPg(row.waitingSince, 6));
const rank = { low: 0, normal: 1, high: 2, urgent: 3 } as const;

/** Keyset pagination for the three sorts: longest waiting (default), newest activity, priority. */
function sortPlan(sort: InboxFilters['sort'], cursor: string | undefined) {
  const key = cursor ? decode(cursor) : null;
  switch (sort ?? 'waiting') {
    case 'newest': {
      if (key && (!key.a || Number.isNaN(Date.parse(key.a)))) throw badCursor();
      return {
        orderBy: [sql`${conversations.lastActivityAt} desc`, sql`${conversations.id} desc`],
        after: key ? sql`(${conversations.lastActivityAt}, ${conversations.id}) < (${key.a}::timestamptz, ${key.id}::uuid)` : undefined,
        next: (row: Keys) => encode({ a: isoFromPg(row.lastActivityAt, 6), id: row.id }),
      };
    }
    case 'priority': {
      if (key && (typeof key.p !== 'number' || !key.w)) throw badCursor();
      return {
        orderBy: [sql`${priorityKey} desc`, sql`${waitingKey} asc`, sql`${conversations.id} asc`],
        after: key ? sql`(${priorityKey} < ${key.p} or (${priorityKey} = ${key.p} and (${waitingKey}, ${conversations.id}) > (${key.w}::timestamptz, ${key.id}::uuid)))` : undefined,
        next: (row: Keys) => encode({ p: rank[row.priority], w: waitingValue(row), id: row.id }),
      };
    }
    default: {
      if (key && !key.w) throw badCursor();
      return {
        orderBy: [sql`${waitingKey} asc`, sql`${conversations.id} asc`],
        after: key ? sql`(${waitingKey}, ${conversations.id}) > (${key.w}::timestamptz, ${key.id}::uuid)` : undefined,
        next: (row: Keys) => encode({ w: waitingValue(row), id: row.id }),
      };
    }
  }
}

const dialect = new PgDialect();
/** Statement names by SQL text: each list shape (filters, sort, page size) is planned once per connection. */
const statementNames = new Map<string, string>();
const MAX_NAMED_SHAPES = 200;

function statementName(text: string) {
  let name = statementNames.get(text);
  if (!name && statementNames.size < MAX_NAMED_SHAPES) {
    name = `inbox_list_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    statementNames.set(text, name);
  }
  return name;
}

/** A page row: the row's version, its sort keys, and what can change without the conversation row changing. */
type PageRow = Keys & {
  version: string;
  contactId: string;
  contactName: string | null;
  contactPhone: string | null;
  unread: boolean;
  /** Comma-separated (cheaper to split than an array to parse). */
  tagIds: string | null;
};

/** A full row, for conversations not yet rendered at their version: timestamps as PostgreSQL's text (see queryPrepared). */
type FullRow = PresentableConversation & { version: string };

const listFields = [
  'id', 'displayNumber', 'channelId', 'status', 'priority', 'assigneeMembershipId', 'teamId', 'intent', 'snoozedUntil', 'pinnedNoteId', 'lastMessageText',
  'lastMessageDirection', 'waitingSince', 'windowExpiresAt', 'lastMessageAt', 'lastActivityAt', 'createdAt', 'slaTarget', 'slaDueAt', 'slaWarnAt', 'slaState',
] as const satisfies readonly (keyof ConversationFields)[];

/** Renders parameter-free SQL once (Drizzle rebuilding a long select list on every request cost 7 % of a list's CPU). */
function renderOnce(query: SQL) {
  const { sql: text, params } = dialect.sqlToQuery(query);
  if (params.length) throw new Error('this part of the list query must not take parameters');
  return text;
}

/**
 * The page's select list: each row's version (`xmin`), its sort keys (for the cursor: from the statement
 * that ordered the page), its contact, the caller's unread state (decided here as `unreadFor` decides it
 * for one conversation: the read mark is stored from a JavaScript Date, hence milliseconds) and its tag ids,
 * named from the TagDirectory (a join building JSON per row had been most of the page query's time).
 */
const pageSelect = (withReads: boolean) =>
  sql.raw(
    renderOnce(sql`${conversations.id} as "id", ${conversations}.xmin::text as "version",
      ${conversations.priority} as "priority", ${conversations.waitingSince} as "waitingSince", ${conversations.lastActivityAt} as "lastActivityAt",
      ${contacts.id} as "contactId", ${contacts.name} as "contactName", ${contacts.phone} as "contactPhone",
      ${withReads ? sql`(${conversations.lastInboundAt} is not null and (${conversationReads.lastReadAt} is null or date_trunc('milliseconds', ${conversations.lastInboundAt}) > ${conversationReads.lastReadAt}))` : sql`false`} as "unread",
      (select string_agg(ct.tag_id::text, ',') from ${conversationTags} ct where ct.conversation_id = ${conversations.id}) as "tagIds"`),
  );
const listSelect = { member: pageSelect(true), token: pageSelect(false) };

/**
 * Every field the presenter reads, for the conversations of a page not rendered at their version yet,
 * under the same workspace and visibility conditions as the page ($1: ids, then the conditions' parameters).
 */
const fullRowsSelect = sql.raw(
  renderOnce(sql`select ${sql.join(
    listFields.map((field) => sql`${conversations[field]} as ${sql.identifier(field)}`),
    sql`, `,
  )}, ${conversations}.xmin::text as "version" from ${conversations}`),
);

/** Present a full row without the fields read live, as JSON without its closing brace. */
function render(row: FullRow): Rendered {
  const { contact: _contact, tags: _tags, unread: _unread, windowOpen: _windowOpen, ...fixed } = presentConversation(row, { id: '', name: null, phone: null });
  return {
    version: row.version,
    head: JSON.stringify(fixed).slice(0, -1),
    windowExpiresMs: fixed.windowExpiresAt === null ? null : Date.parse(fixed.windowExpiresAt),
  };
}

/**
 * A page of conversations as the API's JSON (`{ "conversations": [...], "nextCursor" }`), for the
 * viewer's view, filters and sort. One prepared statement reads the page: ids, row versions, contacts,
 * unread and tag ids. Conversations already rendered at that version (RenderedConversations) are not
 * read again; the others come in one more statement, are presented and kept. The fields that change
 * without the conversation row changing (contact, tags, unread, windowOpen) are added to every row.
 */
export async function listConversationsJson(
  ctx: Pick<AppContext, 'db' | 'tagDirectory' | 'renderedConversations'>,
  viewer: Viewer,
  filters: InboxFilters,
  page: { limit: number; cursor?: string },
): Promise<string> {
  const plan = sortPlan(filters.sort, page.cursor);
  const member = viewer.membershipId;
  // The limit is a literal (at most 100 shapes) so that the prepared statement keeps the plan of the literal query.
  const query = sql`select ${member ? listSelect.member : listSelect.token}
    from ${conversations}
    inner join ${contacts} on ${contacts.id} = ${conversations.contactId}
    ${member ? sql`left join ${conversationReads} on ${and(eq(conversationReads.conversationId, conversations.id), eq(conversationReads.membershipId, member))}` : sql``}
    where ${and(...filterConditions(viewer, filters), plan.after)}
    order by ${sql.join(plan.orderBy, sql`, `)}
    limit ${sql.raw(String(page.limit + 1))}`;
  const { sql: text, params } = dialect.sqlToQuery(query);
  // Searches stay unnamed: their best plan depends on the words, and a cached generic plan would not.
  const rows = await queryPrepared<PageRow>(ctx.db, filters.q ? undefined : statementName(text), text, params);
  const pageRows = rows.length > page.limit ? rows.slice(0, page.limit) : rows;

  const cache = ctx.renderedConversations;
  const rendered = new Map<string, Rendered>();
  const missing: string[] = [];
  for (const row of pageRows) {
    const hit = cache.get(row.id, row.version);
    if (hit) rendered.set(row.id, hit);
    else missing.push(row.id);
  }
  if (missing.length) {
    const full = dialect.sqlToQuery(
      sql`${fullRowsSelect} where ${and(sql`${conversations.id} = any(${sql.param(missing)}::uuid[])`, eq(conversations.workspaceId, viewer.workspaceId), visibleTo(viewer))}`,
    );
    for (const row of await queryPrepared<FullRow>(ctx.db, statementName(full.sql), full.sql, full.params)) {
      // A row changed since the page statement is shown as it is now (still the viewer's to see);
      // the next list places it by its new state.
      const fresh = render(row);
      cache.set(row.id, fresh);
      rendered.set(row.id, fresh);
    }
  }

  const tags = await ctx.tagDirectory.name(
    viewer.workspaceId,
    pageRows.map((row) => (row.tagIds ? row.tagIds.split(',') : [])),
  );
  const now = Date.now();
  const items: string[] = [];
  for (const [i, row] of pageRows.entries()) {
    const conversation = rendered.get(row.id);
    if (!conversation) continue; // deleted, or no longer visible, since the page statement
    const contact = { id: row.contactId, name: row.contactName, phone: row.contactPhone };
    const windowOpen = conversation.windowExpiresMs !== null && conversation.windowExpiresMs > now;
    items.push(`${conversation.head},"contact":${JSON.stringify(contact)},"tags":${JSON.stringify(tags[i])},"unread":${row.unread},"windowOpen":${windowOpen}}`);
  }
  const last = pageRows.at(-1);
  const nextCursor = rows.length > page.limit && last ? plan.next(last) : null;
  return `{"conversations":[${items.join(',')}],"nextCursor":${JSON.stringify(nextCursor)}}`;
}

/** Unread for one conversation (GET of it); the list decides the same in SQL (see pageSelect). */
export function unreadFor(member: string | null, conversation: { lastInboundAt: Date | null }, lastReadAt: Date | null) {
  if (!member || !conversation.lastInboundAt) return false;
  return !lastReadAt || conversation.lastInboundAt.getTime() > lastReadAt.getTime();
}

export async function tagsOf(db: Executor, conversationIds: string[]) {
  const result = new Map<string, { id: string; name: string; color: string }[]>();
  if (conversationIds.length === 0) return result;
  const rows = await db
    .select({ conversationId: conversationTags.conversationId, id: tags.id, name: tags.name, color: tags.color })
    .from(conversationTags)
    .innerJoin(tags, eq(tags.id, conversationTags.tagId))
    .where(inArray(conversationTags.conversationId, conversationIds))
    .orderBy(tags.name);
  for (const { conversationId, ...tag } of rows) {
    const list = result.get(conversationId) ?? [];
    list.push(tag);
    result.set(conversationId, list);
  }
  return result;
}

/** Live counts for every view, team and number, in one scan over the active conversations. */
export async function countViews(db: Executor, viewer: Viewer) {
  const member = viewer.membershipId;
  const rows = (await db
    .select({
      teamId: conversations.teamId,
      channelId: conversations.channelId,
      byTeam: sql<number>`grouping(${conversations.teamId})`,
      byChannel: sql<number>`grouping(${conversations.channelId})`,
      all: sql<number>`count(*)::int`,
      mine: member ? sql<number>`(count(*) filter (where ${conversations.assigneeMembershipId} = ${member}))::int` : sql<number>`0`,
      unassigned: sql<number>`(count(*) filter (where ${conversations.assigneeMembershipId} is null))::int`,
    })
    .from(conversations)
    .where(and(eq(conversations.workspaceId, viewer.workspaceId), visibleTo(viewer), active))
    .groupBy(sql`grouping sets ((), (${conversations.teamId}), (${conversations.channelId}))`)) as {
    teamId: string | null;
    channelId: string | null;
    byTeam: number;
    byChannel: number;
    all: number;
    mine: number;
    unassigned: number;
  }[];
  const [mentioned] = member
    ? await db
        .select({ count: sql<number>`count(*)::int` })
        .from(conversations)
        .where(and(eq(conversations.workspaceId, viewer.workspaceId), visibleTo(viewer), active, mentionedCondition(member)))
    : [{ count: 0 }];
  const total = rows.find((row) => Number(row.byTeam) === 1 && Number(row.byChannel) === 1);
  const teams: Record<string, number> = {};
  const channels: Record<string, number> = {};
  for (const row of rows) {
    if (Number(row.byTeam) === 0 && row.teamId) teams[row.teamId] = row.all;
    if (Number(row.byChannel) === 0 && row.channelId) channels[row.channelId] = row.all;
  }
  return { mine: total?.mine ?? 0, unassigned: total?.unassigned ?? 0, all: total?.all ?? 0, mentions: mentioned?.count ?? 0, teams, channels };
}
