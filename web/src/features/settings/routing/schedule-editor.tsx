import { CalendarPlus, Copy, Plus, X } from 'lucide-react';
import type { ReactNode } from 'react';
import type { Schedule } from '../../../app/api-types.js';
import { type Translate, useT } from '../../../i18n/i18n.js';
import { Button, IconButton } from '../../../ui/button.js';
import { cx, focusRing } from '../../../ui/class-names.js';
import { TimeZoneSelect } from '../time-zone-select.js';

type Interval = [string, string];
type Weekday = keyof Schedule['weekly'];
export const weekdayKeys: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

type ScheduleEditorProps = {
  value: Schedule;
  onChange: (next: Schedule) => void;
  disabled?: boolean;
  /** Teams and the workspace close for holidays; agents take leave. */
  daysOffKind: 'holidays' | 'leave';
  /** Problems keyed by their path inside the schedule ("weekly.mon.0", "daysOff.1"), from the client or the server. */
  errors?: Record<string, string>;
};

const timeInput = cx(
  'h-9 w-[7.25rem] rounded-lg bg-white px-1.5 text-sm tabular-nums text-zinc-900 shadow-xs ring-1 ring-inset ring-zinc-300',
  'focus:ring-2 focus:ring-emerald-600 focus:outline-none disabled:bg-zinc-50 disabled:text-zinc-500',
);
const textInput = cx(
  'h-9 min-w-0 rounded-lg bg-white px-2.5 text-sm text-zinc-900 shadow-xs ring-1 ring-inset ring-zinc-300 placeholder:text-zinc-400',
  'focus:ring-2 focus:ring-emerald-600 focus:outline-none disabled:bg-zinc-50 disabled:text-zinc-500',
);
const invalid = 'ring-red-500';

// `<input type="time">` stops at 23:59; an interval that ends at 00:00 runs to midnight, which the API spells 24:00.
const shownTime = (clock: string) => (clock === '24:00' ? '00:00' : clock);
const storedEnd = (clock: string) => (clock === '00:00' ? '24:00' : clock);
const laterBy = (clock: string, hours: number) => {
  const total = Math.min(24 * 60, Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5)) + hours * 60);
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
};

/** Problems a person can fix before saving, keyed like the server's paths inside the schedule. */
export function scheduleProblems(t: Translate, schedule: Schedule): Record<string, string> {
  const problems: Record<string, string> = {};
  const checkIntervals = (intervals: Interval[], path: string) =>
    intervals.forEach(([from, to], index) => {
      if (!from || !to) problems[`${path}.${index}`] = t('schedule.timeMissing');
      else if (from >= to) problems[`${path}.${index}`] = t('schedule.endBeforeStart');
    });
  for (const day of weekdayKeys) checkIntervals(schedule.weekly[day], `weekly.${day}`);
  schedule.daysOff.forEach((range, index) => {
    if (!range.from || !range.to) problems[`daysOff.${index}`] = t('schedule.dateMissing');
    else if (range.from > range.to) problems[`daysOff.${index}`] = t('schedule.rangeBackwards');
  });
  schedule.specialDays.forEach((day, index) => {
    if (!day.date) problems[`specialDays.${index}`] = t('schedule.dateMissing');
    checkIntervals(day.intervals, `specialDays.${index}.intervals`);
  });
  return problems;
}

/** Finds the first problem at `path` or below it (server paths can point inside an interval). */
const problemAt = (errors: Record<string, string> | undefined, path: string) =>
  errors ? (errors[path] ?? Object.entries(errors).find(([key]) => key.startsWith(`${path}.`))?.[1]) : undefined;

/**
 * A weekly schedule in a time zone, with closed ranges (holidays or leave) and special days:
 * team business hours, agents' shifts and the workspace's hours all use it.
 */
export function ScheduleEditor({ value, onChange, disabled, daysOffKind, errors }: ScheduleEditorProps) {
  const t = useT();
  const change = (changes: Partial<Schedule>) => onChange({ ...value, ...changes });
  const setDay = (day: Weekday, intervals: Interval[]) => change({ weekly: { ...value.weekly, [day]: intervals } });
  const copyToAll = (day: Weekday) => change({ weekly: Object.fromEntries(weekdayKeys.map((key) => [key, value.weekly[day].map((interval) => [...interval])])) as Schedule['weekly'] });
  const leave = daysOffKind === 'leave';

  return (
    <div className="flex flex-col gap-5">
      <TimeZoneSelect label={t('schedule.timeZone')} value={value.timeZone} onChange={(timeZone) => change({ timeZone })} disabled={disabled} error={errors?.timeZone} />

      <Section title={t('schedule.weekly')} hint={t('schedule.weeklyHint')}>
        <ul className="divide-y divide-zinc-100 rounded-lg ring-1 ring-zinc-200">
          {weekdayKeys.map((day) => {
            const dayName = t(`weekday.${day}`);
            return (
              <li key={day} className="grid grid-cols-[1fr_auto] items-start gap-x-3 gap-y-1 px-2.5 py-2 sm:grid-cols-[6rem_1fr_auto] sm:px-3" data-testid={`schedule-day-${day}`}>
                <span className="pt-2 text-sm font-medium text-zinc-800">{dayName}</span>
                <div className="col-span-2 row-start-2 min-w-0 sm:col-span-1 sm:col-start-2 sm:row-start-1">
                  <Intervals
                    intervals={value.weekly[day]}
                    onChange={(intervals) => setDay(day, intervals)}
                    disabled={disabled}
                    label={dayName}
                    errors={errors}
                    path={`weekly.${day}`}
                    closedText={t('schedule.closed')}
                  />
                </div>
                <div className="col-start-2 row-start-1 flex items-center gap-0.5 pt-0.5 sm:col-start-3">
                  <Button size="sm" variant="ghost" disabled={disabled} onClick={() => setDay(day, [['00:00', '24:00']])} aria-label={t('schedule.allDay', { day: dayName })} title={t('schedule.allDay', { day: dayName })}>
                    24 h
                  </Button>
                  <IconButton
                    label={t('schedule.copyToAll', { day: dayName })}
                    disabled={disabled}
                    onClick={() => copyToAll(day)}
                    className="rounded-md p-2 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-800 disabled:opacity-40"
                    icon={<Copy className="size-4" aria-hidden="true" />}
                  />
                </div>
              </li>
            );
          })}
        </ul>
      </Section>

      <Section title={t(leave ? 'schedule.leave' : 'schedule.holidays')} hint={t(leave ? 'schedule.leaveHint' : 'schedule.holidaysHint')}>
        {value.daysOff.length ? (
          <ul className="flex flex-col gap-2">
            {value.daysOff.map((range, index) => {
              const problem = problemAt(errors, `daysOff.${index}`);
              const update = (changes: Partial<typeof range>) => change({ daysOff: value.daysOff.map((item, at) => (at === index ? { ...item, ...changes } : item)) });
              return (
                <li key={index}>
                  <div className="flex flex-wrap items-center gap-2">
                    <input type="date" aria-label={t('schedule.offFrom')} className={cx(timeInput, 'w-[8.5rem]', problem && invalid)} value={range.from} disabled={disabled} onChange={(event) => update({ from: event.target.value, to: range.to || event.target.value })} />
                    <span className="text-zinc-400" aria-hidden="true">–</span>
                    <input type="date" aria-label={t('schedule.offTo')} className={cx(timeInput, 'w-[8.5rem]', problem && invalid)} value={range.to} disabled={disabled} onChange={(event) => update({ to: event.target.value })} />
                    <input
                      aria-label={t(leave ? 'schedule.leaveName' : 'schedule.holidayName')}
                      placeholder={t(leave ? 'schedule.leavePlaceholder' : 'schedule.holidayPlaceholder')}
                      maxLength={80}
                      className={cx(textInput, 'flex-1 basis-40')}
                      value={range.name}
                      disabled={disabled}
                      onChange={(event) => update({ name: event.target.value })}
                    />
                    <RemoveButton label={t(leave ? 'schedule.removeLeave' : 'schedule.removeHoliday')} disabled={disabled} onClick={() => change({ daysOff: value.daysOff.filter((_, at) => at !== index) })} />
                  </div>
                  {problem ? <Problem>{problem}</Problem> : null}
                </li>
              );
            })}
          </ul>
        ) : null}
        <div>
          <Button size="sm" disabled={disabled} icon={<CalendarPlus className="size-3.5" aria-hidden="true" />} onClick={() => change({ daysOff: [...value.daysOff, { from: '', to: '', name: '' }] })}>
            {t(leave ? 'schedule.addLeave' : 'schedule.addHoliday')}
          </Button>
        </div>
      </Section>

      <Section title={t('schedule.specialDays')} hint={t('schedule.specialDaysHint')}>
        {value.specialDays.length ? (
          <ul className="flex flex-col gap-2">
            {value.specialDays.map((day, index) => {
              const problem = errors?.[`specialDays.${index}`] ?? errors?.[`specialDays.${index}.date`];
              const update = (changes: Partial<typeof day>) => change({ specialDays: value.specialDays.map((item, at) => (at === index ? { ...item, ...changes } : item)) });
              return (
                <li key={index} className="grid grid-cols-[1fr_auto] items-start gap-x-3 gap-y-2 rounded-lg px-2.5 py-2 ring-1 ring-zinc-200 sm:grid-cols-[auto_1fr_auto] sm:px-3">
                  <div>
                    <input type="date" aria-label={t('schedule.specialDate')} className={cx(timeInput, 'w-[8.5rem]', problem && invalid)} value={day.date} disabled={disabled} onChange={(event) => update({ date: event.target.value })} />
                    {problem ? <Problem>{problem}</Problem> : null}
                  </div>
                  <div className="col-span-2 row-start-2 min-w-0 sm:col-span-1 sm:col-start-2 sm:row-start-1">
                    <Intervals
                      intervals={day.intervals}
                      onChange={(intervals) => update({ intervals })}
                      disabled={disabled}
                      label={day.date || t('schedule.specialDate')}
                      errors={errors}
                      path={`specialDays.${index}.intervals`}
                      closedText={t('schedule.closedAllDay')}
                    />
                  </div>
                  <div className="col-start-2 row-start-1 sm:col-start-3">
                    <RemoveButton label={t('schedule.removeSpecialDay')} disabled={disabled} onClick={() => change({ specialDays: value.specialDays.filter((_, at) => at !== index) })} />
                  </div>
                </li>
              );
            })}
          </ul>
        ) : null}
        <div>
          <Button size="sm" disabled={disabled} icon={<CalendarPlus className="size-3.5" aria-hidden="true" />} onClick={() => change({ specialDays: [...value.specialDays, { date: '', intervals: [['09:00', '13:00']] }] })}>
            {t('schedule.addSpecialDay')}
          </Button>
        </div>
      </Section>
    </div>
  );
}

type IntervalsProps = {
  intervals: Interval[];
  onChange: (intervals: Interval[]) => void;
  disabled?: boolean;
  /** The day, for the inputs' accessible names. */
  label: string;
  errors?: Record<string, string>;
  path: string;
  closedText: string;
};

/** The open intervals of one day; none means closed. */
function Intervals({ intervals, onChange, disabled, label, errors, path, closedText }: IntervalsProps) {
  const t = useT();
  const set = (index: number, interval: Interval) => onChange(intervals.map((item, at) => (at === index ? interval : item)));
  const last = intervals.at(-1);
  // A new interval starts an hour after the last one closes, so a split day (9–13, 14–18) takes one edit.
  const next: Interval | null = !last ? ['09:00', '18:00'] : last[1] >= '23:00' ? null : [laterBy(last[1], 1), laterBy(last[1], 5)];
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
      {intervals.length === 0 ? <span className="pt-0.5 text-sm text-zinc-500">{closedText}</span> : null}
      {intervals.map(([from, to], index) => {
        const problem = problemAt(errors, `${path}.${index}`);
        const remove = <RemoveButton label={t('schedule.removeInterval', { day: label })} disabled={disabled} onClick={() => onChange(intervals.filter((_, at) => at !== index))} />;
        // Open round the clock reads better in words than as "00:00 – 00:00".
        if (from === '00:00' && to === '24:00') {
          return (
            <div key={index} className="flex items-center gap-1">
              <span className="inline-flex h-9 items-center rounded-lg bg-emerald-50 px-3 text-sm font-medium text-emerald-800 ring-1 ring-emerald-200 ring-inset">{t('schedule.allDayShort')}</span>
              {remove}
            </div>
          );
        }
        return (
          <div key={index}>
            <div className="flex items-center gap-1">
              <input type="time" aria-label={t('schedule.from', { day: label })} className={cx(timeInput, problem && invalid)} value={from} disabled={disabled} onChange={(event) => set(index, [event.target.value, to])} />
              <span className="text-zinc-400" aria-hidden="true">–</span>
              <input type="time" aria-label={t('schedule.to', { day: label })} className={cx(timeInput, problem && invalid)} value={shownTime(to)} disabled={disabled} onChange={(event) => set(index, [from, storedEnd(event.target.value)])} />
              {remove}
            </div>
            {problem ? <Problem>{problem}</Problem> : null}
          </div>
        );
      })}
      {next && intervals.length < 6 ? (
        <IconButton
          label={t('schedule.addInterval', { day: label })}
          disabled={disabled}
          onClick={() => onChange([...intervals, next])}
          className="rounded-md p-2 text-emerald-700 hover:bg-emerald-50 disabled:opacity-40"
          icon={<Plus className="size-4" aria-hidden="true" />}
        />
      ) : null}
    </div>
  );
}

function Section({ title, hint, children }: { title: string; hint: string; children: ReactNode }) {
  return (
    <fieldset className="flex min-w-0 flex-col gap-2">
      <legend className="text-[13px] font-medium text-zinc-800">{title}</legend>
      <p className="-mt-1 text-[13px] text-zinc-500">{hint}</p>
      {children}
    </fieldset>
  );
}

function RemoveButton({ label, disabled, onClick }: { label: string; disabled?: boolean; onClick: () => void }) {
  return (
    <IconButton
      label={label}
      disabled={disabled}
      onClick={onClick}
      className={cx('rounded-md p-2 text-zinc-400 hover:bg-zinc-100 hover:text-zinc-700 disabled:opacity-40', focusRing)}
      icon={<X className="size-4" aria-hidden="true" />}
    />
  );
}

function Problem({ children }: { children: ReactNode }) {
  return (
    <p className="mt-1 text-[13px] text-red-600" role="alert">
      {children}
    </p>
  );
}
