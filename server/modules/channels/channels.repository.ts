import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { channels } from '../../db/schema.js';

export type ChannelRow = typeof channels.$inferSelect;

const live = isNull(channels.deletedAt);

export async function listChannels(db: Executor, workspaceId: string) {
  return db.select().from(channels).where(and(eq(channels.workspaceId, workspaceId), live)).orderBy(channels.createdAt);
}

export async function findChannel(db: Executor, workspaceId: string, channelId: string) {
  const [row] = await db
    .select()
    .from(channels)
    .where(and(eq(channels.workspaceId, workspaceId), eq(channels.id, channelId), live))
    .limit(1);
  return row;
}

/**
 * Webhooks route by phone_number_id across every workspace: to the number Graph verified; while
 * none is, to a claim Graph never refused (saved while it could not be reached) if it is the only
 * such claim. A claim Graph refused (wrong token, another WABA) never receives anything, and two
 * unrefused claims receive nothing until one is verified.
 */
export async function findChannelByPhoneNumberId(db: Executor, phoneNumberId: string) {
  const rows = await db
    .select()
    .from(channels)
    .where(and(eq(channels.phoneNumberId, phoneNumberId), live))
    .orderBy(asc(channels.createdAt));
  const verified = rows.find((row) => row.verifiedAt !== null);
  if (verified) return verified;
  const unrefused = rows.filter((row) => row.health === 'unchecked');
  return unrefused.length === 1 ? unrefused[0] : undefined;
}

/** Live numbers by id, in any workspace (the ones that verified a webhook's signature). */
export async function findChannelsByIds(db: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  return db.select().from(channels).where(and(inArray(channels.id, ids), live));
}

export async function findWorkspaceChannelByPhoneNumberId(db: Executor, workspaceId: string, phoneNumberId: string) {
  const [row] = await db
    .select()
    .from(channels)
    .where(and(eq(channels.workspaceId, workspaceId), eq(channels.phoneNumberId, phoneNumberId), live))
    .limit(1);
  return row;
}

export async function findChannelsByVerifyTokenHash(db: Executor, hash: string) {
  return db.select({ id: channels.id }).from(channels).where(and(eq(channels.verifyTokenHash, hash), live));
}
