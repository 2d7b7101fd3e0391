import { eq } from 'drizzle-orm';
import { CloudApiClient } from '../../channels/whatsapp/cloud-api-client.js';
import { GraphError } from '../../channels/whatsapp/graph-errors.js';
import type { AppContext } from '../../context.js';
import { channels } from '../../db/schema.js';
import { recordEvent, systemActor } from '../../events/event-log.js';
import type { ChannelRow } from './channels.repository.js';

export function cloudApiFor(ctx: AppContext, channel: ChannelRow, timeoutMs?: number) {
  return new CloudApiClient(
    { apiBaseUrl: channel.apiBaseUrl, apiVersion: channel.apiVersion, accessToken: ctx.secrets.decrypt(channel.accessTokenSealed) },
    timeoutMs,
  );
}

type Health = ChannelRow['health'];

/** Maps a Graph failure on any call to the number's health (token expired, disconnected) or none. */
export function healthAfter(error: GraphError): Health | null {
  if (error.kind !== 'auth') return null;
  return error.code === 190 || (error.code === null && error.httpStatus === 401) ? 'token_expired' : 'disconnected';
}

/**
 * Records a number's health. A change is an event (admins see it in the app); an auth error keeps
 * the code and message so the settings page can say what to fix.
 */
export async function setChannelHealth(ctx: AppContext, channel: ChannelRow, health: Health, error: GraphError | null) {
  const now = new Date();
  const lastError = error ? { code: error.code, message: error.message, at: now.toISOString() } : null;
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

/** Looks the number up in the Graph API with its credentials and says the result in plain words. */
export async function checkChannelCredentials(ctx: AppContext, channel: ChannelRow) {
  try {
    const phone = await cloudApiFor(ctx, channel, 10_000).getPhoneNumber(channel.phoneNumberId);
    await ctx.db
      .update(channels)
      .set({ displayPhoneNumber: phone.display_phone_number ?? null, verifiedName: phone.verified_name ?? null })
      .where(eq(channels.id, channel.id));
    await setChannelHealth(ctx, channel, 'connected', null);
    const label = [phone.verified_name, phone.display_phone_number].filter(Boolean).join(' · ');
    return { ok: true, health: 'connected' as const, message: `Connected to ${label || channel.phoneNumberId}` };
  } catch (error) {
    if (!(error instanceof GraphError)) throw error;
    const health = healthAfter(error) ?? (error.kind === 'retry' ? channel.health : 'disconnected');
    await setChannelHealth(ctx, channel, health, error);
    const message =
      health === 'token_expired'
        ? 'The access token is invalid or expired: paste a new permanent token.'
        : error.code === 100 || error.httpStatus === 404
          ? 'Meta does not know this phone number id with this token: check both.'
          : error.kind === 'retry'
            ? `Could not reach the Graph API (${error.message}). The number is saved; check again later.`
            : `Meta refused the credentials: ${error.message}`;
    return { ok: false, health, message };
  }
}
