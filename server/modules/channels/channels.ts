import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { type Channel, type ChannelCreate, ChannelProblemReason, type ChannelUpdate } from '../../../contracts/channels.js';
import type { AppContext } from '../../context.js';
import { channels } from '../../db/schema.js';
import { recordEvent } from '../../events/event-log.js';
import { AppError, notFound } from '../../http/errors.js';
import { type Actor, actorRef } from '../../http/policy.js';
import { sha256 } from '../../lib/crypto.js';
import { graphBaseUrlProblem, META_GRAPH_ORIGIN } from '../../channels/whatsapp/cloud-api-client.js';
import { graphErrorCode, remoteText } from '../../channels/whatsapp/graph-errors.js';
import { isUniqueViolation } from '../inbox/unique-violation.js';
import { applyVerification, checkChannelCredentials, releaseStaleHolder, verifyNumber } from './channel-credentials.js';
import { type ChannelRow, findChannel, findWorkspaceChannelByPhoneNumberId } from './channels.repository.js';

export const DEFAULT_GRAPH_BASE_URL = META_GRAPH_ORIGIN;
export const DEFAULT_GRAPH_VERSION = 'v23.0';

/** A stored error in the one shape the API promises, whatever an older release or a remote wrote. */
function presentLastError(value: unknown): Channel['lastError'] {
  if (!value || typeof value !== 'object') return null;
  const { code, reason, message, at } = value as Record<string, unknown>;
  const known = ChannelProblemReason.safeParse(reason);
  return { code: graphErrorCode(code), reason: known.success ? known.data : null, message: remoteText(message) ?? 'Unknown error', at: typeof at === 'string' ? at : '' };
}

export function presentChannel(ctx: AppContext, row: ChannelRow): Channel {
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    phoneNumberId: row.phoneNumberId,
    wabaId: row.wabaId,
    displayPhoneNumber: row.displayPhoneNumber,
    verifiedName: row.verifiedName,
    apiBaseUrl: row.apiBaseUrl,
    apiVersion: row.apiVersion,
    reopenPolicy: row.reopenPolicy,
    health: row.health,
    lastError: presentLastError(row.lastError),
    lastCheckedAt: row.lastCheckedAt?.toISOString() ?? null,
    verifiedAt: row.verifiedAt?.toISOString() ?? null,
    webhookUrl: `${ctx.publicUrl()}/webhooks/whatsapp`,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Why the API refuses a Graph base URL (outbound guard and OUTBOUND_ALLOWED_ORIGINS), as a 400 naming the field. */
function assertGraphBaseUrl(ctx: AppContext, apiBaseUrl: string | undefined) {
  if (apiBaseUrl === undefined) return;
  const problem = graphBaseUrlProblem(ctx.outbound, apiBaseUrl);
  if (problem) throw new AppError('validation_failed', `Invalid body.apiBaseUrl (${problem})`, { fields: [{ path: 'body.apiBaseUrl', message: problem }] });
}

/** The unique index on verified numbers turned into a 409 the settings page can name. */
async function heldElsewhere<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new AppError('conflict', 'This number is connected and verified in another Bandeja workspace: disconnect it there first', {
      fields: [{ path: 'body.phoneNumberId', message: 'is already connected' }],
    });
  }
}

/**
 * Connects a number: the credentials are verified against Graph first (the number readable with the
 * token, and in the WABA given), then the number is saved with its secrets sealed. A verified number
 * holds its phone_number_id; one saved while Graph could not be reached does not, until a check verifies it.
 */
export async function connectChannel(ctx: AppContext, actor: Actor, input: z.infer<typeof ChannelCreate>) {
  assertGraphBaseUrl(ctx, input.apiBaseUrl);
  if (await findWorkspaceChannelByPhoneNumberId(ctx.db, actor.workspaceId, input.phoneNumberId)) {
    throw new AppError('conflict', 'This phone number id is already connected in this workspace', {
      fields: [{ path: 'body.phoneNumberId', message: 'is already connected' }],
    });
  }
  const credentials = { apiBaseUrl: input.apiBaseUrl ?? DEFAULT_GRAPH_BASE_URL, apiVersion: input.apiVersion ?? DEFAULT_GRAPH_VERSION, accessToken: input.accessToken };
  const verification = await verifyNumber(ctx, credentials, input.phoneNumberId, input.wabaId);
  if (verification.ok) await releaseStaleHolder(ctx, actor.workspaceId, input.phoneNumberId);
  const row = await heldElsewhere(() =>
    ctx.transaction(async (tx) => {
      const [created] = await tx
        .insert(channels)
        .values({
          workspaceId: actor.workspaceId,
          name: input.name,
          phoneNumberId: input.phoneNumberId,
          wabaId: input.wabaId,
          accessTokenSealed: ctx.secrets.encrypt(input.accessToken),
          appSecretSealed: ctx.secrets.encrypt(input.appSecret),
          verifyTokenSealed: ctx.secrets.encrypt(input.verifyToken),
          verifyTokenHash: sha256(input.verifyToken),
          apiBaseUrl: credentials.apiBaseUrl,
          apiVersion: credentials.apiVersion,
          reopenPolicy: input.reopenPolicy ?? 'reopen',
          verifiedAt: verification.ok ? new Date() : null,
        })
        .returning();
      await recordEvent(tx, {
        workspaceId: actor.workspaceId,
        actor: actorRef(actor),
        type: 'channel.connected',
        subjectType: 'channel',
        subjectId: created!.id,
        payload: { name: input.name, phoneNumberId: input.phoneNumberId },
      });
      return created!;
    }),
  );
  const check = await applyVerification(ctx, row, verification);
  return { channel: (await findChannel(ctx.db, actor.workspaceId, row.id))!, check };
}

export async function updateChannel(ctx: AppContext, actor: Actor, channelId: string, input: z.infer<typeof ChannelUpdate>) {
  assertGraphBaseUrl(ctx, input.apiBaseUrl);
  const existing = await findChannel(ctx.db, actor.workspaceId, channelId);
  if (!existing) throw notFound('Channel');
  const set: Partial<typeof channels.$inferInsert> = {};
  if (input.name !== undefined) set.name = input.name;
  if (input.accessToken !== undefined) set.accessTokenSealed = ctx.secrets.encrypt(input.accessToken);
  if (input.appSecret !== undefined) set.appSecretSealed = ctx.secrets.encrypt(input.appSecret);
  if (input.verifyToken !== undefined) {
    set.verifyTokenSealed = ctx.secrets.encrypt(input.verifyToken);
    set.verifyTokenHash = sha256(input.verifyToken);
  }
  if (input.apiBaseUrl !== undefined) set.apiBaseUrl = input.apiBaseUrl;
  if (input.apiVersion !== undefined) set.apiVersion = input.apiVersion;
  if (input.reopenPolicy !== undefined) set.reopenPolicy = input.reopenPolicy;
  await ctx.transaction(async (tx) => {
    await tx.update(channels).set(set).where(eq(channels.id, existing.id));
    await recordEvent(tx, {
      workspaceId: actor.workspaceId,
      actor: actorRef(actor),
      type: 'channel.updated',
      subjectType: 'channel',
      subjectId: existing.id,
      // Names of the changed fields only: secrets never enter the event log.
      payload: { name: input.name ?? existing.name, fields: Object.keys(input) },
    });
  });
  const updated = (await findChannel(ctx.db, actor.workspaceId, channelId))!;
  const credentialsChanged = input.accessToken || input.apiBaseUrl || input.apiVersion;
  const check = credentialsChanged ? await checkChannelCredentials(ctx, updated) : undefined;
  return { channel: (await findChannel(ctx.db, actor.workspaceId, channelId))!, check };
}

/** Disconnects a number. Its conversations and messages stay readable. */
export async function disconnectChannel(ctx: AppContext, actor: Actor, channelId: string) {
  const existing = await findChannel(ctx.db, actor.workspaceId, channelId);
  if (!existing) throw notFound('Channel');
  await ctx.transaction(async (tx) => {
    await tx.update(channels).set({ deletedAt: new Date(), health: 'disconnected' }).where(eq(channels.id, existing.id));
    await recordEvent(tx, {
      workspaceId: actor.workspaceId,
      actor: actorRef(actor),
      type: 'channel.disconnected',
      subjectType: 'channel',
      subjectId: existing.id,
      payload: { name: existing.name },
    });
  });
}
