import { CircleAlert, CircleCheck } from 'lucide-react';
import type { ReactNode } from 'react';
import type { Channel, ChannelCheckResult } from '../../../app/api-types.js';
import { useT } from '../../../i18n/i18n.js';
import { cx } from '../../../ui/class-names.js';
import { numberLabel, problemKey } from './health.js';

/**
 * The credential check in plain words: connected, or what to fix. Meta's own (English) message is
 * only a detail for whoever helps with the setup.
 */
export function CheckResult({ channel, check, children }: { channel: Channel; check: ChannelCheckResult; children?: ReactNode }) {
  const t = useT();
  const Icon = check.ok ? CircleCheck : CircleAlert;
  return (
    <div
      role={check.ok ? 'status' : 'alert'}
      className={cx(
        'flex items-start gap-3 rounded-xl p-4 ring-1 ring-inset',
        check.ok ? 'bg-emerald-50 ring-emerald-200' : 'bg-red-50 ring-red-200',
      )}
    >
      <Icon className={cx('mt-0.5 size-5 shrink-0', check.ok ? 'text-emerald-600' : 'text-red-600')} aria-hidden="true" />
      <div className="min-w-0 text-sm">
        <p className={cx('font-semibold', check.ok ? 'text-emerald-900' : 'text-red-900')}>
          {t(check.ok ? 'connect.ok.title' : 'connect.failed.title')}
        </p>
        <p className={cx('mt-0.5', check.ok ? 'text-emerald-800' : 'text-red-800')}>
          {check.ok ? t('connect.ok.body', { number: numberLabel(channel) }) : t(problemKey(check.health, channel.lastError?.code, channel.lastError?.reason))}
        </p>
        {!check.ok && check.message ? (
          <p className="mt-1.5 text-xs break-words text-red-700/80">{t('channels.detail', { message: check.message })}</p>
        ) : null}
        {children}
      </div>
    </div>
  );
}
