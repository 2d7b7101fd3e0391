import { and, eq, sql } from 'drizzle-orm';
import { canonicalPhone } from '../../channels/whatsapp/phone-numbers.js';
import type { Executor, Transaction } from '../../db/client.js';
import { contactIdentities, contacts } from '../../db/schema.js';
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
