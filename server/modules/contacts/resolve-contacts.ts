import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { canonicalPhone } from '../../channels/whatsapp/phone-numbers.js';
import { rawExecutorOf, type Transaction } from '../../db/client.js';
import { insertMany } from '../../db/insert-many.js';
import { contactIdentities, contacts } from '../../db/schema.js';
import type { ContactIdentity, ContactRow } from './contacts.repository.js';

type Key = { kind: 'wa_id' | 'phone' | 'user_id'; value: string };

export function identityKeys(identity: ContactIdentity): Key[] {
  const keys: Key[] = [];
  if (identity.waId) {
    keys.push({ kind: 'wa_id', value: identity.waId });
    const phone = canonicalPhone(identity.waId);
    if (phone) keys.push({ kind: 'phone', value: phone });
  }
  if (identity.userId) keys.push({ kind: 'user_id', value: identity.userId });
  return keys;
}

const keyString = (workspaceId: string, key: Key) => `${workspaceId}:${key.kind}:${key.value}`;

/**
 * Finds or creates the contacts of many senders at once (one workspace). A sender matches by any of
 * its keys (wa_id, canonical phone, user id); senders of this batch that share a key are one person.
 * Advisory locks on every key, taken in a fixed order, keep concurrent batches from creating twins.
 * Returns the contact for each identity, in the order given (null when it has no key).
 */
export async function resolveContacts(tx: Transaction, workspaceId: string, identities: ContactIdentity[]): Promise<(ContactRow | null)[]> {
  const raw = rawExecutorOf(tx);
  const keysPer = identities.map(identityKeys);
  const allKeys = [...new Map(keysPer.flat().map((key) => [keyString(workspaceId, key), key])).values()];
  if (allKeys.length === 0) return identities.map(() => null);
  await raw.query('select pg_advisory_xact_lock(h) from (select hashtextextended(k, 0) as h from unnest($1::text[]) as k order by 1) as ordered', [
    allKeys.map((key) => keyString(workspaceId, key)),
  ]);
  const found = (
    await raw.query(
      `select i.kind, i.value, i.contact_id from contact_identities i
       join unnest($2::text[], $3::text[]) as k(kind, value) on i.kind = k.kind and i.value = k.value
       where i.workspace_id = $1`,
      [workspaceId, allKeys.map((key) => key.kind), allKeys.map((key) => key.value)],
    )
  ).rows as { kind: string; value: string; contact_id: string }[];
  const owner = new Map(found.map((row) => [`${row.kind}:${row.value}`, row.contact_id]));

  // Union the senders of this batch that share a key, then give each group one contact.
  const parent = identities.map((_, index) => index);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i]!)));
  const firstWithKey = new Map<string, number>();
  keysPer.forEach((keys, index) => {
    for (const key of keys) {
      const id = `${key.kind}:${key.value}`;
      const other = firstWithKey.get(id);
      if (other === undefined) firstWithKey.set(id, index);
      else parent[root(index)] = root(other);
    }
  });
  const contactOfGroup = new Map<number, string>();
  const created: (typeof contacts.$inferInsert)[] = [];
  keysPer.forEach((keys, index) => {
    if (keys.length === 0) return;
    const group = root(index);
    const existing = keys.map((key) => owner.get(`${key.kind}:${key.value}`)).find(Boolean);
    if (existing && !contactOfGroup.has(group)) contactOfGroup.set(group, existing);
  });
  keysPer.forEach((keys, index) => {
    const group = root(index);
    if (keys.length === 0 || contactOfGroup.has(group)) return;
    const identity = identities[index]!;
    const id = randomUUID();
    contactOfGroup.set(group, id);
    created.push({ id, workspaceId, name: identity.name ?? null, username: identity.username ?? null, waId: identity.waId ?? null, userId: identity.userId ?? null, phone: keys.find((k) => k.kind === 'phone')?.value ?? null });
  });
  await insertMany(tx, contacts, created);

  const identityRows = keysPer.flatMap((keys, index) =>
    keys.map((key) => ({ workspaceId, kind: key.kind, value: key.value, contactId: contactOfGroup.get(root(index))! })),
  );
  await insertMany(tx, contactIdentities, identityRows, { onConflictDoNothing: true });

  const ids = [...new Set(contactOfGroup.values())];
  const rows = (await raw.query('select * from contacts where id = any($1::uuid[])', [ids])).rows as Record<string, unknown>[];
  const byId = new Map<string, ContactRow>(
    rows.map((row) => [
      row.id as string,
      { id: row.id, workspaceId: row.workspace_id, name: row.name, username: row.username, phone: row.phone, waId: row.wa_id, userId: row.user_id, createdAt: new Date(row.created_at as string), updatedAt: new Date(row.updated_at as string) } as ContactRow,
    ]),
  );

  // Keep names and keys current with the latest sender data (a profile rename, a new wa_id).
  const fresh = new Set(created.map((c) => c.id));
  const changes = new Map<string, Partial<ContactRow>>();
  identities.forEach((identity, index) => {
    if (keysPer[index]!.length === 0) return;
    const contact = byId.get(contactOfGroup.get(root(index))!)!;
    if (fresh.has(contact.id)) return;
    const change: Partial<ContactRow> = changes.get(contact.id) ?? {};
    if (identity.name && identity.name !== contact.name) change.name = identity.name;
    if (identity.username && identity.username !== contact.username) change.username = identity.username;
    if (identity.waId && identity.waId !== contact.waId) change.waId = identity.waId;
    if (identity.userId && identity.userId !== contact.userId) change.userId = identity.userId;
    const phone = keysPer[index]!.find((k) => k.kind === 'phone')?.value;
    if (phone && !contact.phone) change.phone = phone;
    if (Object.keys(change).length) changes.set(contact.id, change);
  });
  for (const [id, change] of changes) {
    await tx.update(contacts).set({ ...change, updatedAt: new Date() }).where(eq(contacts.id, id));
    Object.assign(byId.get(id)!, change);
  }
  return keysPer.map((keys, index) => (keys.length ? byId.get(contactOfGroup.get(root(index))!)! : null));
}
