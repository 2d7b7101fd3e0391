import { useMemo } from 'react';
import { useSessionQuery } from '../app/session.js';
import { useI18n } from './i18n.js';

/** Date formatting in the reader's language and time zone (their profile's, else the browser's). */
export function useFormat() {
  const { locale } = useI18n();
  const { data: session } = useSessionQuery();
  const timeZone = session?.user.timeZone;
  return useMemo(() => {
    const zone = safeTimeZone(timeZone);
    const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone });
    const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: zone });
    const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: zone });
    const day = new Intl.DateTimeFormat('en-CA', { dateStyle: 'short', timeZone: zone });
    const shortDate = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: zone });
    return {
      dateTime: (iso: string) => dateTime.format(new Date(iso)),
      time: (iso: string) => time.format(new Date(iso)),
      /** Just the time for today, the day and month otherwise: what message lists show. */
      when: (iso: string) => {
        const date = new Date(iso);
        return day.format(date) === day.format(new Date()) ? time.format(date) : shortDate.format(date);
      },
      /** The time for today, the day and time otherwise. */
      moment: (iso: string) => {
        const date = new Date(iso);
        return day.format(date) === day.format(new Date()) ? time.format(date) : `${shortDate.format(date)} ${time.format(date)}`;
      },
      date: (iso: string) => date.format(new Date(iso)),
    };
  }, [locale, timeZone]);
}

function safeTimeZone(zone: string | undefined): string | undefined {
  if (!zone) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return undefined;
  }
}

// Regions whose number conventions differ, guessed from a time zone when the browser does not say.
const regionOfTimeZone: [RegExp, string][] = [
  [/^America\/Argentina\//, 'AR'],
  [/^America\/(Mexico_City|Monterrey|Merida|Cancun|Chihuahua|Ciudad_Juarez|Hermosillo|Mazatlan|Matamoros|Ojinaga|Tijuana|Bahia_Banderas)$/, 'MX'],
  [/^(Europe\/Madrid|Atlantic\/Canary|Africa\/Ceuta)$/, 'ES'],
];

/**
 * The reader's language with a region for numbers (es-AR, es-MX, es-ES, en-US…): the browser's own
 * when it speaks the same language, else one guessed from the time zone, else the language alone.
 */
export function regionalLocale(language: string, timeZone: string | undefined, browserLocales: readonly string[]): string {
  const fromBrowser = browserLocales.find((candidate) => candidate.toLowerCase().startsWith(`${language}-`));
  if (fromBrowser) return fromBrowser;
  const region = timeZone ? regionOfTimeZone.find(([pattern]) => pattern.test(timeZone))?.[1] : undefined;
  if (region && language === 'es') return `es-${region}`;
  return language === 'en' ? 'en-US' : language;
}

/** Numbers and percentages written the way the reader's region writes them ("1.234,5" or "1,234.5"). */
export function useNumberFormat() {
  const { language } = useI18n();
  const { data: session } = useSessionQuery();
  const timeZone = session?.user.timeZone;
  return useMemo(() => {
    const locale = regionalLocale(language, timeZone, typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]));
    const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    const decimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
    const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
    return {
      locale,
      /** A whole number, or one decimal when `fraction` is set. */
      number: (value: number, fraction = false) => (fraction ? decimal : integer).format(value),
      /** `value` is already a percentage (87.5 → "87,5 %"). */
      percent: (value: number) => percent.format(value / 100),
    };
  }, [language, timeZone]);
}
