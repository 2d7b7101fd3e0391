import { Timer } from 'lucide-react';
import { useSyncExternalStore } from 'react';
import type { Conversation } from '../../app/api-types.js';
import { useFormat } from '../../i18n/format.js';
import { useT } from '../../i18n/i18n.js';
import { cx } from '../../ui/class-names.js';
import { dueWhen, durationUntil, slaStateAt, slaTargetLabel } from './sla.js';

// One shared clock for every badge on screen, ticking every 30 seconds while any is mounted.
let now = Date.now();
const listeners = new Set<() => void>();
let ticker: ReturnType<typeof setInterval> | null = null;
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  if (!ticker) {
    now = Date.now();
    ticker = setInterval(() => {
      now = Date.now();
      for (const notify of listeners) notify();
    }, 30_000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && ticker) {
      clearInterval(ticker);
      ticker = null;
    }
  };
};
const useNow = () => useSyncExternalStore(subscribe, () => now);

const tones = {
  ok: 'bg-zinc-100 text-zinc-700 ring-zinc-200',
  warning: 'bg-amber-50 text-amber-800 ring-amber-300',
  breached: 'bg-red-600 text-white ring-red-600',
} as const;

/**
 * The running SLA target: amber with the time left once it is close ("SLA 12 min"), red once it is
 * due ("SLA vencido"), and the time left when it is due within the hour. The tooltip names the target.
 */
export function SlaBadge({ sla }: { sla: Conversation['sla'] }) {
  const t = useT();
  const format = useFormat();
  const current = useNow();
  if (!sla) return null;
  const state = slaStateAt(sla, current);
  if (state === 'ok' && Date.parse(sla.dueAt) - current > 60 * 60_000) return null;
  const target = slaTargetLabel(t, sla.target);
  const when = dueWhen(t, sla.dueAt, format);
  const title = state === 'breached' ? t('inbox.sla.breachedTooltip', { target, when }) : t('inbox.sla.dueTooltip', { target, when });
  return (
    <span
      title={title}
      data-testid="sla-badge"
      data-sla={state}
      className={cx('inline-flex items-center gap-0.5 rounded-md px-1.5 py-0.5 text-[11px] font-medium whitespace-nowrap ring-1 ring-inset', tones[state])}
    >
      <Timer className="size-3" aria-hidden="true" />
      {state === 'breached' ? t('inbox.sla.breached') : t('inbox.sla.remaining', { duration: durationUntil(t, sla.dueAt, current) })}
      <span className="sr-only"> · {title}</span>
    </span>
  );
}
