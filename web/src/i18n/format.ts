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
