import { Check } from 'lucide-react';
import type { Language } from '../../app/api-types.js';
import { useI18n } from '../../i18n/i18n.js';
import { cx } from '../../ui/class-names.js';

const languageOptions: Language[] = ['es', 'en'];

/** Two large choices; picking one switches the whole wizard immediately. */
export function LanguageChoice({ onChoose }: { onChoose: (language: Language) => void }) {
  const { language, t } = useI18n();
  return (
    <fieldset className="flex flex-col gap-3">
      <legend className="mb-3 text-sm font-medium text-zinc-800">{t('setup.language.title')}</legend>
      {languageOptions.map((option) => {
        const selected = option === language;
        return (
          <label
            key={option}
            lang={option}
            className={cx(
              'relative flex cursor-pointer items-center gap-3 rounded-xl px-4 py-4 ring-1 transition-colors',
              'has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-emerald-600',
              selected ? 'bg-emerald-50/70 ring-2 ring-emerald-600' : 'bg-white ring-zinc-200 hover:bg-zinc-50',
            )}
          >
            <input
              type="radio"
              name="language"
              value={option}
              checked={selected}
              onChange={() => onChoose(option)}
              className="absolute inset-0 cursor-pointer appearance-none rounded-xl opacity-0"
            />
            <span className="flex-1 text-[15px] font-medium text-zinc-900">{t(`language.${option}`)}</span>
            <span
              aria-hidden="true"
              className={cx(
                'flex size-5 items-center justify-center rounded-full ring-1',
                selected ? 'bg-emerald-600 text-white ring-emerald-600' : 'ring-zinc-300',
              )}
            >
              {selected ? <Check className="size-3.5" /> : null}
            </span>
          </label>
        );
      })}
    </fieldset>
  );
}

/** "Step 2 of 3" with a progress bar, above the wizard's title. */
export function StepIndicator({ current, total }: { current: number; total: number }) {
  const { t } = useI18n();
  const steps = Array.from({ length: total }, (_, index) => index + 1);
  return (
    <div className="mb-4 flex items-center gap-3">
      <div className="flex flex-1 gap-1.5" aria-hidden="true">
        {steps.map((step) => (
          <span key={step} className={cx('h-1 flex-1 rounded-full', step <= current ? 'bg-emerald-600' : 'bg-zinc-200')} />
        ))}
      </div>
      <span className="text-xs font-medium whitespace-nowrap text-zinc-500">{t('setup.step', { current, total })}</span>
    </div>
  );
}
