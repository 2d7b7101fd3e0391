import { and, desc, eq, type SQL, sql } from 'drizzle-orm';
import { canonicalPhone } from '../../channels/whatsapp/phone-numbers.js';
import type { Executor, Transaction } from '../../db/client.js';
import { contactIdentities, contacts, conversations } from '../../db/schema.js';
import { identityKeys } from './resolve-contacts.js';

export type ContactRow = typeof contacts.$inferSelect;
export type ContactIdentity = { waId?: string | null; userId?: string | null; name?: string | null; username?: string | null };
/** A number change: the contact keeps its history and answers to the new number from now on. */
export async function moveContactToNumber(tx: Transaction, workspaceId: string, contactId: string, newWaId: string) {
  const keys = identityKeys({ waId: newWaId });
  for (const key of keys) await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`${workspaceId}:${key.kind}:${key.value}`}, 0))`);
  for (const key of keys) {
    await tx
      .insert(contactIdentities)
      .values({ workspaceId, kind: key.kind, value: key.value, contactId })
      .onConflictDoUpdate({ target: [contactIdentities.workspaceId, contactIdentities.kind, contactIdentities.value], set: { contactId } });
  }
  await tx.update(contacts).set({ waId: newWaId, phone: canonicalPhone(newWaId), updatedAt: new Date() }).where(eq(contacts.id, contactId));
}

export async function findContact(db: Executor, workspaceId: string, contactId: string) {
  const [row] = await db.select().from(contacts).where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, contactId))).limit(1);
  return row;
}

export async function identitiesOf(db: Executor, contactId: string) {
  return db.select({ kind: contactIdentities.kind, value: contactIdentities.value }).from(contactIdentities).where(eq(contactIdentities.contactId, contactId));
}

/** Where a page of contacts starts: after this sort key (PostgreSQL's text, microseconds kept) and id. */
export type ContactListPosition = { activeAt: string; id: string };

export type ContactListRow = Awaited<ReturnType<typeof listContactRows>>[number];

/**
 * One page of a workspace's contacts, most recent activity first: the latest conversation the
 * caller may see (`visibility`, a condition on `conversations`), else when the contact was created.
 * `q` matches names and usernames, and 3 or more digits anywhere in the number (trigram indexes).
 */
export async function listContactRows(db: Executor, options: { workspaceId: string; visibility?: SQL; q?: string; after?: ContactListPosition; limit: number }) {
  const last = db
    .select({
      id: conversations.id,
      displayNumber: conversations.displayNumber,
      status: conversations.status,
      lastActivityAt: sql<string>`${conversations.lastActivityAt}::text`.as('last_activity_text'),
      sortAt: sql`${conversations.lastActivityAt}`.as('sort_at'),
    })
    .from(conversations)
    .where(and(eq(conversations.workspaceId, options.workspaceId), sql`${conversations.contactId} = ${contacts.id}`, options.visibility))
    .orderBy(desc(conversations.lastActivityAt))
    .limit(1)
    .as('last_conversation');
  const activeAt = sql`coalesce(${last.sortAt}, ${contacts.createdAt})`;
  return db
    .select({
      id: contacts.id,
      name: contacts.name,
      username: contacts.username,
      phone: contacts.phone,
      vip: contacts.vip,
      tags: contacts.tags,
      createdAt: sql<string>`${contacts.createdAt}::text`,
      activeAt: sql<string>`${activeAt}::text`,
      conversationId: last.id,
      displayNumber: last.displayNumber,
      status: last.status,
      lastActivityAt: last.lastActivityAt,
    })
    .from(contacts)
    .leftJoinLateral(last, sql`true`)
    .where(
      and(
        eq(contacts.workspaceId, options.workspaceId),
        options.q ? contactSearch(options.q) : undefined,
        options.after ? sql`(${activeAt}, ${contacts.id}) < (${options.after.activeAt}::timestamptz, ${options.after.id}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(activeAt), desc(contacts.id))
    .limit(options.limit);
}

function contactSearch(q: string): SQL {
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const digits = q.replace(/\D/g, '');
  const phoneMatch = digits.length >= 3 ? sql` or ${contacts.phone} like ${`%${digits}%`}` : sql``;
  return sql`(${contacts.name} ilike ${pattern} or ${contacts.username} ilike ${pattern}${phoneMatch})`;
}
