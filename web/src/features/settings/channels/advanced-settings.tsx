import { ChevronRight } from 'lucide-react';
import type { Channel } from '../../../app/api-types.js';
import { useT } from '../../../i18n/i18n.js';
import { cx, focusRing } from '../../../ui/class-names.js';
import { TextField } from '../../../ui/field.js';
import { ReopenChoice } from './reopen-choice.js';

export type AdvancedValues = { apiBaseUrl: string; apiVersion: string; reopenPolicy: Channel['reopenPolicy'] };

/**
 * "Avanzado": the Graph address and version (only for proxies, tests or a newer API) and what
 * happens when a customer writes again. Collapsed by default; opened by its parent on an error inside.
 */
export function AdvancedSettings({
  values,
  onChange,
  problems,
  open,
  onToggle,
}: {
  values: AdvancedValues;
  onChange: (values: Partial<AdvancedValues>) => void;
  problems: Partial<Record<'apiBaseUrl' | 'apiVersion', string>>;
  open: boolean;
  onToggle: (open: boolean) => void;
}) {
  const t = useT();
  return (
    <details
      open={open}
      onToggle={(event) => onToggle(event.currentTarget.open)}
      className="group rounded-lg ring-1 ring-zinc-200 open:bg-zinc-50/50"
    >
      <summary
        className={cx(
          'flex cursor-pointer list-none items-start gap-2 rounded-lg px-3 py-2.5 select-none hover:bg-zinc-50 [&::-webkit-details-marker]:hidden',
          focusRing,
        )}
      >
        <ChevronRight
          className="mt-0.5 size-4 shrink-0 text-zinc-500 transition-transform group-open:rotate-90"
          aria-hidden="true"
        />
        <span className="min-w-0">
          <span className="block text-sm font-medium text-zinc-900">{t('common.advanced')}</span>
          <span className="block text-[13px] text-zinc-500">{t('connect.advancedHint')}</span>
        </span>
      </summary>
      <div className="flex flex-col gap-4 border-t border-zinc-200 px-3 pt-3 pb-4">
        <div className="grid gap-4 sm:grid-cols-[2fr_1fr]">
          <TextField
            label={t('connect.apiBaseUrl')}
            hint={t('connect.apiBaseUrlHint')}
            type="url"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            maxLength={300}
            value={values.apiBaseUrl}
            onChange={(event) => onChange({ apiBaseUrl: event.target.value })}
            error={problems.apiBaseUrl}
          />
          <TextField
            label={t('connect.apiVersion')}
            hint={t('connect.apiVersionHint')}
            autoComplete="off"
            spellCheck={false}
            maxLength={20}
            value={values.apiVersion}
            onChange={(event) => onChange({ apiVersion: event.target.value })}
            error={problems.apiVersion}
          />
        </div>
        <ReopenChoice value={values.reopenPolicy} onChange={(reopenPolicy) => onChange({ reopenPolicy })} />
      </div>
    </details>
  );
}
