import type { MetricsQueryValue, PriorityValue } from '../../app/api-types.js';

export const rangePresets = ['today', '7d', '30d', 'month', 'custom'] as const;
export type RangePreset = (typeof rangePresets)[number];
export type HoursKind = 'clock' | 'business';
export const reportPriorities: PriorityValue[] = ['urgent', 'high', 'normal', 'low'];

/** What the History tab shows; the address bar holds all of it, so a report can be shared as a link. */
export type ReportFilters = {
  preset: RangePreset;
  from: string;
  to: string;
  teamId?: string;
  memberId?: string;
  channelId?: string;
  priority?: PriorityValue;
  tagId?: string;
  intent?: string;
  hours: HoursKind;
};

const defaultPreset = '7d' satisfies RangePreset;
const optionalKeys = ['teamId', 'memberId', 'channelId', 'tagId', 'intent'] as const;
const DAY_MS = 86_400_000;
/** The server's limit for one report. */
export const maxReportDays = 366;

const isDay = (value: string | null): value is string => value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value));

/** Today's date (YYYY-MM-DD) in the workspace's time zone, the one the server reads `from`/`to` in. */
export function todayIn(timeZone: string | undefined, now = new Date()): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch {
    return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  }
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(day) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Days in a period, both ends included. */
export const daysIn = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS) + 1;

/** The first and last day of a preset, ending today. */
export function presetRange(preset: Exclude<RangePreset, 'custom'>, today: string): { from: string; to: string } {
  if (preset === 'today') return { from: today, to: today };
  if (preset === '7d') return { from: addDays(today, -6), to: today };
  if (preset === '30d') return { from: addDays(today, -29), to: today };
  return { from: `${today.slice(0, 8)}01`, to: today };
}

/** The period of the same length just before this one, for the ▲/▼ comparisons. */
export function previousPeriod({ from, to }: { from: string; to: string }): { from: string; to: string } {
  return { from: addDays(from, -daysIn(from, to)), to: addDays(from, -1) };
}

/** Why a custom period cannot be reported on, if it cannot. */
export function rangeProblem(from: string, to: string): 'order' | 'tooLong' | null {
  if (from > to) return 'order';
  if (daysIn(from, to) > maxReportDays) return 'tooLong';
  return null;
}

/** The filters the address bar describes (`/reports/history?range=30d&teamId=…`). */
export function filtersFromSearch(search: URLSearchParams, today: string): ReportFilters {
  const range = search.get('range');
  const preset = rangePresets.includes(range as RangePreset) ? (range as RangePreset) : defaultPreset;
  const from = search.get('from');
  const to = search.get('to');
  const custom = isDay(from) && isDay(to) ? { from, to } : presetRange('7d', today);
  const period = preset === 'custom' ? custom : presetRange(preset, today);
  const filters: ReportFilters = { preset, ...period, hours: search.get('hours') === 'business' ? 'business' : 'clock' };
  for (const key of optionalKeys) {
    const value = search.get(key)?.trim();
    if (value) filters[key] = value;
  }
  const priority = search.get('priority');
  if (reportPriorities.includes(priority as PriorityValue)) filters.priority = priority as PriorityValue;
  return filters;
}

/** The address bar's query string: presets keep no dates, so "last 7 days" stays relative when shared. */
export function searchFromFilters(filters: ReportFilters): URLSearchParams {
  const search = new URLSearchParams();
  if (filters.preset !== defaultPreset) search.set('range', filters.preset);
  if (filters.preset === 'custom') {
    search.set('from', filters.from);
    search.set('to', filters.to);
  }
  for (const key of optionalKeys) if (filters[key]) search.set(key, filters[key]);
  if (filters.priority) search.set('priority', filters.priority);
  if (filters.hours === 'business') search.set('hours', 'business');
  return search;
}

/** The API's query (GET /metrics/*): the period and the filters, never presentation choices. */
export function metricsQuery(filters: ReportFilters, period: { from: string; to: string } = filters): MetricsQueryValue {
  const query: MetricsQueryValue = { from: period.from, to: period.to };
  for (const key of optionalKeys) if (filters[key]) query[key] = filters[key];
  if (filters.priority) query.priority = filters.priority;
  return query;
}

export const queryString = (query: MetricsQueryValue) =>
  new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '')).toString();

/** How many filters beyond the period are set, for "Clear filters". */
export const activeFilterCount = (filters: ReportFilters) => optionalKeys.filter((key) => filters[key]).length + (filters.priority ? 1 : 0);
