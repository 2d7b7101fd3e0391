import { and, asc, eq, isNull, sql } from 'drizzle-orm';
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
 * Webhooks route by phone_number_id across every workspace: to the number Graph verified, or,
 * while none is, to the oldest claim (a number connected while Graph was unreachable).
 */
export async function findChannelByPhoneNumberId(db: Executor, phoneNumberId: string) {
  const [row] = await db
    .select()
    .from(channels)
    .where(and(eq(channels.phoneNumberId, phoneNumberId), live))
    .orderBy(sql`${channels.verifiedAt} is null`, asc(channels.createdAt))
    .limit(1);
  return row;
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
