import { Check, ChevronDown } from 'lucide-react';
import type { AvailabilityValue, MyStatusResponse } from '../../app/api-types.js';
import { errorMessage } from '../../i18n/error-messages.js';
import { type Translate, useT } from '../../i18n/i18n.js';
import { cx } from '../../ui/class-names.js';
import { Menu, MenuItem, MenuSeparator } from '../../ui/menu.js';
import { useToast } from '../../ui/toast.js';
import { useMyStatus, useSetMyStatus } from './my-status-api.js';

const options: AvailabilityValue[] = ['online', 'away', 'offline'];

const dotColours: Record<AvailabilityValue, string> = { online: 'bg-emerald-500', away: 'bg-amber-400', offline: 'bg-zinc-400' };

function StatusDot({ status, className }: { status: AvailabilityValue; className?: string }) {
  return <span aria-hidden="true" className={cx('inline-block size-2.5 shrink-0 rounded-full ring-2 ring-white', dotColours[status], className)} />;
}

/** "En línea", or "Ausente (inactivo)" when I chose online but routing sees me idle. */
function statusLabel(t: Translate, status: Pick<MyStatusResponse, 'status' | 'effectiveStatus'>): string {
  if (status.status === 'online' && status.effectiveStatus !== 'online') return t('myStatus.idle');
  return t(`myStatus.${status.effectiveStatus}`);
}

/**
 * My presence for routing: a coloured dot with what routing sees, and a menu to change what I chose,
 * with my shift and load. Hidden when the server cannot tell (an API token, an older server).
 */
export function StatusMenu({ compact, placement = 'above' }: { compact?: boolean; placement?: 'above' | 'below' }) {
  const t = useT();
  const toast = useToast();
  const query = useMyStatus();
  const setStatus = useSetMyStatus();
  const status = query.data;
  if (!status) return null;

  const label = statusLabel(t, status);
  const idle = status.status === 'online' && status.effectiveStatus !== 'online';
  const load = t('myStatus.load', { open: status.open, capacity: status.capacity });
  const shift = status.shift === null ? t('myStatus.noShift') : status.onShift ? t('myStatus.onShift') : t('myStatus.offShift');
  const choose = (next: AvailabilityValue) => setStatus.mutate(next, { onError: (error) => toast(errorMessage(t, error), 'error') });

  return (
    <Menu
      label={t('myStatus.menuLabel', { status: label })}
      placement={placement}
      align={compact ? 'end' : 'start'}
      triggerClassName={
        compact
          ? 'flex items-center gap-1 rounded-lg p-2 hover:bg-zinc-200/60'
          : 'flex w-full items-center gap-2 rounded-lg px-2.5 py-1.5 text-left hover:bg-zinc-200/60'
      }
      trigger={
        compact ? (
          <span data-testid="my-status" data-status={status.effectiveStatus} title={label} className="flex items-center gap-1">
            <StatusDot status={status.effectiveStatus} className="size-3" />
            <ChevronDown className="size-3 text-zinc-500" aria-hidden="true" />
          </span>
        ) : (
          <span data-testid="my-status" data-status={status.effectiveStatus} className="flex min-w-0 flex-1 items-center gap-2">
            <StatusDot status={status.effectiveStatus} />
            <span className={cx('min-w-0 flex-1 truncate text-sm font-medium', idle ? 'text-amber-800' : 'text-zinc-800')}>{label}</span>
            <span className="shrink-0 text-xs text-zinc-500 tabular-nums" title={load}>
              {status.open}/{status.capacity}
            </span>
            <ChevronDown className="size-3.5 shrink-0 text-zinc-500" aria-hidden="true" />
          </span>
        )
      }
    >
      {(close) => (
        <>
          <div className="px-2.5 pt-1.5 pb-2 text-xs text-zinc-600">
            <p className="flex items-center gap-2 text-sm font-medium text-zinc-900">
              <StatusDot status={status.effectiveStatus} />
              {label}
            </p>
            {idle ? <p className="mt-1 text-amber-800">{t('myStatus.idleHint')}</p> : null}
            <p className="mt-1">
              {shift} · {load}
            </p>
            <p className={cx('mt-0.5', status.available ? 'text-emerald-700' : 'text-zinc-500')}>
              {status.available ? t('myStatus.receiving') : t('myStatus.notReceiving')}
            </p>
          </div>
          <MenuSeparator />
          {options.map((option) => (
            <MenuItem
              key={option}
              icon={<StatusDot status={option} />}
              onSelect={() => {
                close();
                if (option !== status.status) choose(option);
              }}
            >
              <span className="flex-1">{t(`myStatus.${option}`)}</span>
              {option === status.status ? (
                <>
                  <Check className="size-4 text-emerald-600" aria-hidden="true" />
                  <span className="sr-only">{t('myStatus.chosen')}</span>
                </>
              ) : null}
            </MenuItem>
          ))}
        </>
      )}
    </Menu>
  );
}
