import { useMemo } from 'react';
import { useNumberFormat } from '../../i18n/format.js';
import { type Translate, useI18n } from '../../i18n/i18n.js';

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

/**
 * Seconds as a person reads them: "45 s", "3 min 20 s", "1 h 5 min", "2 d 4 h". Two units at most;
 * seconds only while they still matter (under ten minutes).
 */
export function formatDuration(t: Translate, number: (value: number) => string, seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const unit = (key: 'seconds' | 'minutes' | 'hours' | 'days', value: number) => t(`reports.duration.${key}`, { n: number(value) });
  const pair = (first: string, second: string | null) => (second ? `${first} ${second}` : first);
  if (total < MINUTE) return unit('seconds', total);
  if (total < HOUR) {
    const minutes = Math.floor(total / MINUTE);
    const rest = total % MINUTE;
    return pair(unit('minutes', minutes), minutes < 10 && rest ? unit('seconds', rest) : null);
  }
  if (total < DAY) {
    const minutes = Math.floor((total % HOUR) / MINUTE);
    return pair(unit('hours', Math.floor(total / HOUR)), minutes ? unit('minutes', minutes) : null);
  }
  const hours = Math.floor((total % DAY) / HOUR);
  return pair(unit('days', Math.floor(total / DAY)), hours ? unit('hours', hours) : null);
}

/** Durations, counts and percentages for the reports, in the reader's language and region. */
export function useReportFormat() {
  const { t, language } = useI18n();
  const numbers = useNumberFormat();
  return useMemo(() => {
    const dayLabel = new Intl.DateTimeFormat(numbers.locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
    const longDay = new Intl.DateTimeFormat(numbers.locale, { dateStyle: 'medium', timeZone: 'UTC' });
    const weekday = new Intl.DateTimeFormat(numbers.locale, { weekday: 'short', timeZone: 'UTC' });
    return {
      ...numbers,
      language,
      duration: (seconds: number | null) => (seconds === null ? t('reports.none') : formatDuration(t, (value) => numbers.number(value), seconds)),
      /** A report day ("2026-03-05") as "5 mar"; report days are calendar dates, never instants. */
      day: (date: string) => dayLabel.format(new Date(`${date}T00:00:00Z`)),
      longDay: (date: string) => longDay.format(new Date(`${date}T00:00:00Z`)),
      /** 1 = Monday … 7 = Sunday, as the server counts them. 2024-01-01 was a Monday. */
      weekday: (isoWeekday: number) => weekday.format(new Date(Date.UTC(2024, 0, isoWeekday))),
    };
  }, [numbers, t, language]);
}

export type ReportFormat = ReturnType<typeof useReportFormat>;
