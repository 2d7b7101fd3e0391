import { useMutation } from '@tanstack/react-query';
import { api } from '../../app/api-client.js';
import type { Language, Session } from '../../app/api-types.js';
import { useApplySession, useSessionQuery } from '../../app/session.js';
import { useI18n } from '../../i18n/i18n.js';
import { cx, focusRing } from '../../ui/class-names.js';

const languages: Language[] = ['es', 'en'];

/** Español / English toggle. Signed in, the choice is saved to the profile; before sign-in, to this device. */
export function LanguageSwitch({ className }: { className?: string }) {
  const { language, setLanguage, t } = useI18n();
  const { data: session } = useSessionQuery();
  const applySession = useApplySession();
  const save = useMutation({
    mutationFn: (next: Language) => api.patch<Session>('/profile', { language: next }),
    onSuccess: (session) => applySession(session),
  });

  const choose = (next: Language) => {
    setLanguage(next);
    if (session) save.mutate(next);
  };

  return (
    <fieldset className={cx('inline-flex rounded-lg bg-zinc-100 p-0.5', className)}>
      <legend className="sr-only">{t('language.label')}</legend>
      {languages.map((option) => (
        <button
          key={option}
          type="button"
          lang={option}
          aria-pressed={language === option}
          onClick={() => choose(option)}
          className={cx(
            'rounded-md px-2.5 py-1 text-xs font-medium transition-colors',
            focusRing,
            language === option ? 'bg-white text-zinc-900 shadow-xs' : 'text-zinc-500 hover:text-zinc-800',
          )}
        >
          {t(`language.${option}`)}
        </button>
      ))}
    </fieldset>
  );
}
