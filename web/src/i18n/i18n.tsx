import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { Language } from '../app/api-types.js';
import { isMessageKey, type MessageKey, type Translate, type TranslateVars, translate } from './translate.js';

export { isMessageKey, translate };
export type { MessageKey, Translate, TranslateVars };

const storageKey = 'bandeja.language';

/** Before sign-in: the language last used on this device, else the browser's, else Spanish. */
function initialLanguage(): Language {
  try {
    const stored = localStorage.getItem(storageKey);
    if (stored === 'es' || stored === 'en') return stored;
  } catch {
    // Storage can be blocked (private mode); the browser language is a fine fallback.
  }
  const preferred = navigator.languages?.[0] ?? navigator.language ?? 'es';
  return preferred.toLowerCase().startsWith('en') ? 'en' : 'es';
}

type I18nValue = { language: Language; setLanguage: (language: Language) => void; t: Translate; locale: string };
const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);

  useEffect(() => {
    document.documentElement.lang = language;
    try {
      localStorage.setItem(storageKey, language);
    } catch {
      // Not remembering the choice is harmless.
    }
  }, [language]);

  const setLanguage = useCallback((next: Language) => setLanguageState(next), []);
  const value = useMemo<I18nValue>(
    () => ({
      language,
      setLanguage,
      t: (key, vars) => translate(language, key, vars),
      locale: language === 'es' ? 'es' : 'en',
    }),
    [language, setLanguage],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n needs an I18nProvider');
  return value;
}

export const useT = (): Translate => useI18n().t;
