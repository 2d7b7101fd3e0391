import { Check } from 'lucide-react';
import type { Language } from '../../app/api-types.js';
import { useI18n } from '../../i18n/i18n.js';
import { cx, focusRing } from '../../ui/class-names.js';

const languageOptions: { value: Language; region: string }[] = [
  { value: 'es', region: 'ES · MX · AR · CO · CL · PE' },
  { value: 'en', region: 'EN' },
];

/** Two large choices; picking one switches the whole wizard immediately. */
export function LanguageChoice({ onChoose }: { onChoose: (language: Language) => void }) {
  const { language, t } = useI18n();
  return (
    <div role="radiogroup" aria-label={t('language.label')} className="flex flex-col gap-3">
      {languageOptions.map((option) => {
        const selected = option.value === language;
        return (
          <button
            key={option.value}
            type="button"
            role="radio"
            aria-checked={selected}
            lang={option.value}
            onClick={() => onChoose(option.value)}
            className={cx(
              'flex items-center gap-3 rounded-xl px-4 py-3.5 text-left ring-1 transition-colors',
              focusRing,
              selected ? 'bg-emerald-50/70 ring-2 ring-emerald-600' : 'bg-white ring-zinc-200 hover:bg-zinc-50',
            )}
          >
            <span className="flex-1">
              <span className="block text-[15px] font-medium text-zinc-900">{t(`language.${option.value}`)}</span>
              <span className="block text-xs text-zinc-500">{option.region}</span>
            </span>
            <span
              className={cx(
                'flex size-5 items-center justify-center rounded-full ring-1',
                selected ? 'bg-emerald-600 text-white ring-emerald-600' : 'ring-zinc-300',
              )}
            >
              {selected ? <Check className="size-3.5" aria-hidden="true" /> : null}
            </span>
          </button>
        );
      })}
    </div>
  );
}

/** "Step 2 of 3" with a progress bar, above the wizard's title. */
export function StepIndicator({ current, total }: { current: number; total: number }) {
  const { t } = useI18n();
  return (
    <div className="mb-4 flex items-center gap-3">
      <div className="flex flex-1 gap-1.5" aria-hidden="true">
        {Array.from({ length: total }, (_, index) => (
          <span key={index} className={cx('h-1 flex-1 rounded-full', index < current ? 'bg-emerald-600' : 'bg-zinc-200')} />
        ))}
      </div>
      <span className="text-xs font-medium whitespace-nowrap text-zinc-500">{t('setup.step', { current, total })}</span>
    </div>
  );
}
