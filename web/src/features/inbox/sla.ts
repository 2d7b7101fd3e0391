import type { Conversation } from '../../app/api-types.js';
import type { Translate } from '../../i18n/i18n.js';

const slaTargets = ['first_response', 'next_response', 'resolution'] as const;

/** "primera respuesta" for an SLA target, or '' for anything unknown. */
export const slaTargetLabel = (t: Translate, target: unknown) => (typeof target === 'string' && (slaTargets as readonly string[]).includes(target) ? t(`inbox.sla.${target as (typeof slaTargets)[number]}`) : '');

/** "a las 10:30" today, "el 3 mar 10:30" another day. */
export function dueWhen(t: Translate, iso: string, format: { moment: (iso: string) => string; time: (iso: string) => string }): string {
  const moment = format.moment(iso);
  const time = format.time(iso);
  return moment === time ? t('inbox.sla.atTime', { time }) : t('inbox.sla.onMoment', { moment });
}


export type SlaState = 'ok' | 'warning' | 'breached';

/**
 * The SLA state to show now. The server moves ok → warning → breached with a timer job; between two
 * runs the clock may already be past the warning or due time, and the badge should not lag behind it.
 */
export function slaStateAt(sla: NonNullable<Conversation['sla']>, now: number): SlaState {
  if (sla.state === 'breached' || Date.parse(sla.dueAt) <= now) return 'breached';
  if (sla.state === 'warning' || (sla.warnAt && Date.parse(sla.warnAt) <= now)) return 'warning';
  return 'ok';
}

/** "12 min", "2 h", "3 d" until an instant, never less than a minute. */
export function durationUntil(t: Translate, iso: string, now: number): string {
  const minutes = Math.max(1, Math.ceil((Date.parse(iso) - now) / 60_000));
  if (minutes < 60) return t('duration.minutes', { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t('duration.hours', { n: hours });
  return t('duration.days', { n: Math.floor(hours / 24) });
}
