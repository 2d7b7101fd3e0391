import { and, eq, isNotNull, isNull, ne } from 'drizzle-orm';
import { type CloudApiCredentials, CloudApiClient } from '../../channels/whatsapp/cloud-api-client.js';
import { GraphError, GraphRefusedError } from '../../channels/whatsapp/graph-errors.js';
import type { AppContext } from '../../context.js';
import { channels } from '../../db/schema.js';
import { recordEvent, systemActor } from '../../events/event-log.js';
import { isUniqueViolation } from '../inbox/unique-violation.js';
import type { ChannelRow } from './channels.repository.js';

export function cloudApiFor(ctx: AppContext, channel: ChannelRow, timeoutMs?: number) {
  return new CloudApiClient(
    ctx.outbound,
    { apiBaseUrl: channel.apiBaseUrl, apiVersion: channel.apiVersion, accessToken: ctx.secrets.decrypt(channel.accessTokenSealed) },
    timeoutMs,
  );
}

type Health = ChannelRow['health'];
type StoredError = NonNullable<ChannelRow['lastError']>;

const reasonOf = (error: GraphError | StoredError) => (error instanceof GraphRefusedError ? error.reason : error instanceof GraphError ? null : (error.reason ?? null));

/** Maps a Graph failure on any call to the number's health (token expired, disconnected) or none. */
export function healthAfter(error: GraphError): Health | null {
  if (error.kind !== 'auth') return null;
  return error.code === 190 || (error.code === null && error.httpStatus === 401) ? 'token_expired' : 'disconnected';
}

/**
 * Records a number's health. A change is an event (admins see it in the app); an error keeps its
 * code and a safe message so the settings page can say what to fix.
 */
export async function setChannelHealth(ctx: AppContext, channel: ChannelRow, health: Health, error: GraphError | StoredError | null) {
  const now = new Date();
  const lastError: StoredError | null = error ? { code: error.code, reason: reasonOf(error), message: error.message, at: now.toISOString() } : null;
  await ctx.transaction(async (tx) => {
    // A working number carries no old error; a failing one keeps the latest.
    await tx
      .update(channels)
      .set({ health, lastError: health === 'connected' ? null : (lastError ?? channel.lastError), lastCheckedAt: now })
      .where(eq(channels.id, channel.id));
    if (health !== channel.health) {
      await recordEvent(tx, {
        workspaceId: channel.workspaceId,
        actor: systemActor,
        type: 'channel.health_changed',
        subjectType: 'channel',
        subjectId: channel.id,
        payload: { name: channel.name, from: channel.health, to: health, error: lastError },
      });
    }
  });
  if (health !== 'connected' && health !== 'unchecked') {
    ctx.logger.warn({ channelId: channel.id, health, code: error?.code }, 'WhatsApp number needs attention');
  }
}

export type NumberVerification =
  | { ok: true; displayPhoneNumber: string | null; verifiedName: string | null }
  | { ok: false; health: Health | null; error: GraphError | StoredError; message: string };

const MAX_WABA_PAGES = 20;

/**
 * Asks Graph, with these credentials, for the number and for the numbers of the WABA: the number
 * must be readable with the token and belong to the given WhatsApp Business Account.
 * `health: null` means Graph could not be reached: nothing is known either way.
 */
export async function verifyNumber(ctx: AppContext, credentials: CloudApiCredentials, phoneNumberId: string, wabaId: string): Promise<NumberVerification> {
  const client = new CloudApiClient(ctx.outbound, credentials, 10_000);
  let phone: Awaited<ReturnType<CloudApiClient['getPhoneNumber']>>;
  try {
    phone = await client.getPhoneNumber(phoneNumberId);
  } catch (error) {
    if (!(error instanceof GraphError)) throw error;
    return refusal(error);
  }
  const notInWaba = (): NumberVerification => ({
    ok: false,
    health: 'disconnected',
    error: { code: null, reason: 'not_in_waba', message: 'The phone number id does not belong to this WhatsApp Business Account', at: new Date().toISOString() },
    message: 'This phone number id does not belong to the WhatsApp Business Account id given: check both in Meta’s dashboard.',
  });
  try {
    let after: string | undefined;
    for (let page = 0; page < MAX_WABA_PAGES; page++) {
      const numbers = await client.listPhoneNumbers(wabaId, after);
      if (numbers.data.some((number) => number.id === phoneNumberId)) {
        return { ok: true, displayPhoneNumber: phone.display_phone_number ?? null, verifiedName: phone.verified_name ?? null };
      }
      after = numbers.paging?.next ? numbers.paging.cursors?.after : undefined;
      if (!after) break;
    }
    return notInWaba();
  } catch (error) {
    if (!(error instanceof GraphError)) throw error;
    // The token opened the number but not this WABA: the WABA id is wrong (or not this business's).
    if (error.kind !== 'retry') return notInWaba();
    return refusal(error);
  }
}

function refusal(error: GraphError): NumberVerification {
  const health = healthAfter(error) ?? (error.kind === 'retry' ? null : 'disconnected');
  const message =
    health === 'token_expired'
      ? 'The access token is invalid or expired: paste a new permanent token.'
      : error.code === 100 || error.httpStatus === 404
        ? 'Meta does not know this phone number id with this token: check both.'
        : health === null
          ? `Could not reach the Graph API (${error.message}). The number is saved but not verified yet; check again later.`
          : `Meta refused the credentials: ${error.message}`;
  return { ok: false, health, error, message };
}

export type CheckResult = { ok: boolean; health: Health; message: string };

/**
 * Before a number verified here takes its phone number id: if another workspace holds it verified
 * but its token no longer opens the number (the business moved it, revoked an agency's token),
 * that holder is released (unverified, with the reason) so the number can move. A holder whose
 * token still works, or that Graph cannot be asked about right now, keeps it.
 */
export async function releaseStaleHolder(ctx: AppContext, workspaceId: string, phoneNumberId: string): Promise<void> {
  const [holder] = await ctx.db
    .select()
    .from(channels)
    .where(and(eq(channels.phoneNumberId, phoneNumberId), isNull(channels.deletedAt), isNotNull(channels.verifiedAt), ne(channels.workspaceId, workspaceId)));
  if (!holder) return;
  const credentials = { apiBaseUrl: holder.apiBaseUrl, apiVersion: holder.apiVersion, accessToken: ctx.secrets.decrypt(holder.accessTokenSealed) };
  const check = await verifyNumber(ctx, credentials, holder.phoneNumberId, holder.wabaId);
  if (check.ok || check.health === null) return;
  await ctx.db.update(channels).set({ verifiedAt: null }).where(eq(channels.id, holder.id));
  await setChannelHealth(ctx, { ...holder, verifiedAt: null }, check.health, check.error);
  ctx.logger.warn({ channelId: holder.id, workspaceId: holder.workspaceId }, 'WhatsApp number released: its token no longer opens it, and another workspace verified it');
}

/**
 * Records a verification on a saved number: a verified one takes its phone_number_id (once: the
 * unique index allows one verified number per id), a refused one says what to fix.
 */
export async function applyVerification(ctx: AppContext, channel: ChannelRow, verification: NumberVerification): Promise<CheckResult> {
  if (!verification.ok) {
    const health = verification.health ?? channel.health;
    await setChannelHealth(ctx, channel, health, verification.error);
    return { ok: false, health, message: verification.message };
  }
  if (!channel.verifiedAt) await releaseStaleHolder(ctx, channel.workspaceId, channel.phoneNumberId);
  try {
    await ctx.db
      .update(channels)
      .set({ displayPhoneNumber: verification.displayPhoneNumber, verifiedName: verification.verifiedName, ...(channel.verifiedAt ? {} : { verifiedAt: new Date() }) })
      .where(eq(channels.id, channel.id));
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const message = 'This number is connected and verified in another Bandeja workspace: disconnect it there first.';
    await setChannelHealth(ctx, channel, 'disconnected', { code: null, reason: 'held_elsewhere', message, at: new Date().toISOString() });
    return { ok: false, health: 'disconnected', message };
  }
  await setChannelHealth(ctx, channel, 'connected', null);
  const label = [verification.verifiedName, verification.displayPhoneNumber].filter(Boolean).join(' · ');
  return { ok: true, health: 'connected', message: `Connected to ${label || channel.phoneNumberId}` };
}

/** Looks the number up in the Graph API with its stored credentials and says the result in plain words. */
export async function checkChannelCredentials(ctx: AppContext, channel: ChannelRow): Promise<CheckResult> {
  const credentials = { apiBaseUrl: channel.apiBaseUrl, apiVersion: channel.apiVersion, accessToken: ctx.secrets.decrypt(channel.accessTokenSealed) };
  return applyVerification(ctx, channel, await verifyNumber(ctx, credentials, channel.phoneNumberId, channel.wabaId));
}
