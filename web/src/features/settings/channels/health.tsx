import type { Channel, ChannelHealthValue, ChannelProblemReasonValue } from '../../../app/api-types.js';
import type { MessageKey } from '../../../i18n/i18n.js';
import { useT } from '../../../i18n/i18n.js';
import { Badge, type BadgeTone } from '../../../ui/badge.js';
import { cx } from '../../../ui/class-names.js';

const tones: Record<ChannelHealthValue, BadgeTone> = {
  connected: 'green',
  token_expired: 'amber',
  disconnected: 'red',
  unchecked: 'neutral',
};
const dots: Record<ChannelHealthValue, string> = {
  connected: 'bg-emerald-500',
  token_expired: 'bg-amber-500',
  disconnected: 'bg-red-500',
  unchecked: 'bg-zinc-400',
};

export function HealthBadge({ health }: { health: ChannelHealthValue }) {
  const t = useT();
  return (
    <Badge tone={tones[health]}>
      <span aria-hidden="true" className={cx('mr-1.5 size-1.5 rounded-full', dots[health])} />
      {t(`health.${health}`)}
    </Badge>
  );
}

// Graph error codes Bandeja keeps in `lastError` (see server/channels/whatsapp/graph-errors.ts).
const unknownObject = new Set([100, 33]);
const notAllowed = new Set([10, 131005]);

/**
 * What is wrong with a number, as a sentence that says what to do. The server's message is
 * English and technical; the health and the Graph code are enough to pick the right advice.
 */
export function problemKey(health: ChannelHealthValue, code: number | null | undefined, reason?: ChannelProblemReasonValue | null): MessageKey {
  if (reason === 'not_in_waba') return 'problem.notInWaba';
  if (reason === 'held_elsewhere') return 'problem.heldElsewhere';
  if (reason === 'address_not_allowed') return 'problem.addressNotAllowed';
  if (health === 'token_expired' || code === 190) return 'problem.token';
  if (code !== null && code !== undefined) {
    if (unknownObject.has(code)) return 'problem.phoneNumber';
    if (notAllowed.has(code) || (code >= 200 && code <= 299)) return 'problem.permission';
  }
  // A failed check that did not change the health means Meta could not be reached.
  return health === 'disconnected' ? 'problem.refused' : 'problem.unreachable';
}

/** Whether a number needs attention, and the advice to show on its card. */
export function channelProblem(channel: Channel): MessageKey | null {
  if (channel.health === 'connected') return null;
  if (channel.health === 'unchecked' && !channel.lastError) return null;
  return problemKey(channel.health, channel.lastError?.code, channel.lastError?.reason);
}

/** "Tienda Sur · +54 11 5555-0000", or the raw id until Meta has confirmed the number. */
export const numberLabel = (channel: Channel) =>
  [channel.verifiedName, channel.displayPhoneNumber].filter(Boolean).join(' · ') || channel.phoneNumberId;
