import { DateTime } from 'luxon';
import { type Schedule, weekdays } from '../../../contracts/routing.js';

/**
 * Weekly schedules in local wall time (team business hours, agent shifts), turned into absolute
 * instants with the IANA time zone database, so DST changes, holidays and special days hold.
 * A null schedule means "always open".
 */
export type Span = { start: number; end: number };

const LOOKAHEAD_DAYS = 400;

function parseTime(day: DateTime, clock: string): DateTime {
  if (clock === '24:00') return DateTime.fromObject({ year: day.year, month: day.month, day: day.day }, { zone: day.zone }).plus({ days: 1 }).startOf('day');
  const [hour, minute] = clock.split(':').map(Number);
  // In a DST gap (02:30 that never happens) luxon moves forward, which is what a shop clock does.
  return day.set({ hour: hour!, minute: minute!, second: 0, millisecond: 0 });
}

/** The open spans of one local calendar day. */
function daySpans(schedule: Schedule, day: DateTime): Span[] {
  const iso = day.toISODate()!;
  if (schedule.daysOff.some((off) => off.from <= iso && iso <= off.to)) return [];
  const special = schedule.specialDays.find((entry) => entry.date === iso);
  const intervals = special ? special.intervals : schedule.weekly[weekdays[day.weekday - 1]!];
  return intervals.map(([from, to]) => ({ start: parseTime(day, from).toMillis(), end: parseTime(day, to).toMillis() })).filter((span) => span.end > span.start);
}

/** Open spans overlapping [from, to), merged where one day's closing is the next day's opening. */
export function openSpans(schedule: Schedule, from: Date, to: Date): Span[] {
  const spans: Span[] = [];
  // Walk calendar dates, not instants: where midnight does not exist (DST at 00:00 in Santiago),
  // a day starts at 01:00 and adding 24 hours to it would skip a date.
  const firstDate = DateTime.fromJSDate(from, { zone: schedule.timeZone }).minus({ days: 1 });
  const lastDate = DateTime.fromJSDate(to, { zone: schedule.timeZone }).toISODate()!;
  for (let date = DateTime.utc(firstDate.year, firstDate.month, firstDate.day); date.toISODate()! <= lastDate; date = date.plus({ days: 1 })) {
    const day = DateTime.fromObject({ year: date.year, month: date.month, day: date.day }, { zone: schedule.timeZone }).startOf('day');
    spans.push(...daySpans(schedule, day));
  }
  spans.sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const span of spans) {
    const previous = merged.at(-1);
    if (previous && span.start <= previous.end) previous.end = Math.max(previous.end, span.end);
    else merged.push({ ...span });
  }
  return merged.filter((span) => span.end > from.getTime() && span.start < to.getTime());
}

const days = (n: number) => n * 24 * 3600 * 1000;

export function isOpenAt(schedule: Schedule | null, at: Date): boolean {
  if (!schedule) return true;
  return openSpans(schedule, at, new Date(at.getTime() + 1)).length > 0;
}

/** The next instant the schedule opens (`at` itself when open now); null if it never opens within a year. */
export function nextOpening(schedule: Schedule | null, at: Date): Date | null {
  if (!schedule) return at;
  for (let offset = 0; offset < LOOKAHEAD_DAYS; offset += 7) {
    const from = new Date(at.getTime() + days(offset));
    const [first] = openSpans(schedule, from, new Date(from.getTime() + days(7)));
    if (first) return new Date(Math.max(first.start, at.getTime()));
  }
  return null;
}

/** When the open period containing `at` closes (null when closed now or never closes). */
export function currentClosing(schedule: Schedule | null, at: Date): Date | null {
  if (!schedule) return null;
  const [span] = openSpans(schedule, at, new Date(at.getTime() + 1));
  if (!span) return null;
  // Follow merged spans across midnight.
  const [whole] = openSpans(schedule, new Date(span.start), new Date(span.start + days(8)));
  return new Date(whole!.end);
}

/** The instant `ms` of open time after `start` (business-hours arithmetic for SLA targets). */
export function addOpenTime(schedule: Schedule | null, start: Date, ms: number): Date | null {
  if (!schedule) return new Date(start.getTime() + ms);
  let remaining = ms;
  let cursor = start.getTime();
  for (let offset = 0; offset < LOOKAHEAD_DAYS; offset += 14) {
    const windowEnd = start.getTime() + days(offset + 14);
    for (const span of openSpans(schedule, new Date(cursor), new Date(windowEnd))) {
      const from = Math.max(span.start, cursor);
      const available = Math.min(span.end, windowEnd) - from;
      if (available >= remaining) return new Date(from + remaining);
      remaining -= available;
      cursor = Math.min(span.end, windowEnd);
    }
    cursor = Math.max(cursor, windowEnd);
  }
  return null;
}

/** Open time between two instants, in ms (clock time when there is no schedule). */
export function openTimeBetween(schedule: Schedule | null, from: Date, to: Date): number {
  if (to <= from) return 0;
  if (!schedule) return to.getTime() - from.getTime();
  return openSpans(schedule, from, to).reduce((sum, span) => sum + Math.min(span.end, to.getTime()) - Math.max(span.start, from.getTime()), 0);
}

/** "mañana a las 9:00" / "tomorrow at 9:00" style wording of an opening, in the schedule's zone. */
export function describeOpening(opening: Date, now: Date, timeZone: string, language: 'es' | 'en'): string {
  const local = DateTime.fromJSDate(opening, { zone: timeZone }).setLocale(language === 'es' ? 'es' : 'en');
  const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day');
  const dayDiff = Math.round(local.startOf('day').diff(today, 'days').days);
  const time = local.toFormat('H:mm');
  if (language === 'es') {
    if (dayDiff === 0) return `hoy a las ${time}`;
    if (dayDiff === 1) return `mañana a las ${time}`;
    return `el ${local.toFormat('cccc d')} a las ${time}`;
  }
  if (dayDiff === 0) return `today at ${time}`;
  if (dayDiff === 1) return `tomorrow at ${time}`;
  return `on ${local.toFormat('cccc d')} at ${time}`;
}
