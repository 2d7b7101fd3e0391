import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { canonicalPhone } from '../../channels/whatsapp/phone-numbers.js';
import type { Executor, Transaction } from '../../db/client.js';
import { contactIdentities, contacts } from '../../db/schema.js';

export type ContactRow = typeof contacts.$inferSelect;
export type ContactIdentity = { waId?: string | null; userId?: string | null; name?: string | null; username?: string | null };
type Key = { kind: 'wa_id' | 'phone' | 'user_id'; value: string };

function keysOf(identity: ContactIdentity): Key[] {
  const keys: Key[] = [];
  if (identity.waId) {
    keys.push({ kind: 'wa_id', value: identity.waId });
    const phone = canonicalPhone(identity.waId);
    if (phone) keys.push({ kind: 'phone', value: phone });
  }
  if (identity.userId) keys.push({ kind: 'user_id', value: identity.userId });
  return keys;
}

/** Serialises work on one person across transactions and processes (both engines support it). */
async function lockKeys(tx: Transaction, workspaceId: string, keys: Key[]) {
  const names = keys.map((key) => `${workspaceId}:${key.kind}:${key.value}`).sort();
  for (const name of names) await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${name}, 0))`);
}

/**
 * Finds the contact by any identity key (wa_id, canonical phone, business-scoped user id), creating
 * it when nobody matches; adds keys it did not have and keeps name and username current.
 */
export async function resolveContact(tx: Transaction, workspaceId: string, identity: ContactIdentity): Promise<ContactRow | null> {
  const keys = keysOf(identity);
  if (keys.length === 0) return null;
  await lockKeys(tx, workspaceId, keys);
  const matches = await tx
    .select({ contactId: contactIdentities.contactId })
    .from(contactIdentities)
    .where(and(eq(contactIdentities.workspaceId, workspaceId), or(...keys.map((key) => and(eq(contactIdentities.kind, key.kind), eq(contactIdentities.value, key.value))))));
  const phone = keys.find((key) => key.kind === 'phone')?.value ?? null;
  let contact: ContactRow | undefined;
  if (matches.length > 0) {
    const found = await tx.select().from(contacts).where(inArray(contacts.id, [...new Set(matches.map((m) => m.contactId))])).orderBy(contacts.createdAt);
    contact = found[0];
  }
  if (!contact) {
    [contact] = await tx
      .insert(contacts)
      .values({ workspaceId, name: identity.name ?? null, username: identity.username ?? null, phone, waId: identity.waId ?? null, userId: identity.userId ?? null })
      .returning();
  } else {
    const changes: Partial<ContactRow> = {};
    if (identity.name && identity.name !== contact.name) changes.name = identity.name;
    if (identity.username && identity.username !== contact.username) changes.username = identity.username;
    if (identity.waId && identity.waId !== contact.waId) changes.waId = identity.waId;
    if (phone && !contact.phone) changes.phone = phone;
    if (identity.userId && identity.userId !== contact.userId) changes.userId = identity.userId;
    if (Object.keys(changes).length > 0) {
      [contact] = await tx.update(contacts).set({ ...changes, updatedAt: new Date() }).where(eq(contacts.id, contact.id)).returning();
    }
  }
  await tx
    .insert(contactIdentities)
    .values(keys.map((key) => ({ workspaceId, kind: key.kind, value: key.value, contactId: contact!.id })))
    .onConflictDoNothing();
  return contact!;
}

/** A number change: the contact keeps its history and answers to the new number from now on. */
export async function moveContactToNumber(tx: Transaction, workspaceId: string, contactId: string, newWaId: string) {
  const keys = keysOf({ waId: newWaId });
  await lockKeys(tx, workspaceId, keys);
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
