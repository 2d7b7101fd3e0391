import { useId, useState } from 'react';
import type { Schedule } from '../../../app/api-types.js';
import { emptySchedule } from './routing-api.js';
import { ScheduleEditor } from './schedule-editor.js';

type ScheduleFieldProps = {
  legend: string;
  value: Schedule | null;
  onChange: (next: Schedule | null) => void;
  /** What "no schedule" means here: always open, always on shift. */
  offLabel: string;
  offHint: string;
  onLabel: string;
  onHint: string;
  /** The zone a new schedule starts in (the workspace's). */
  defaultTimeZone: string;
  daysOffKind: 'holidays' | 'leave';
  disabled?: boolean;
  errors?: Record<string, string>;
};

/**
 * A schedule that may be absent: two choices ("always" or "these hours") and the editor when it
 * has one. Turning it off and on again brings back what was there.
 */
export function ScheduleField({ legend, value, onChange, offLabel, offHint, onLabel, onHint, defaultTimeZone, daysOffKind, disabled, errors }: ScheduleFieldProps) {
  const name = useId();
  const [kept, setKept] = useState<Schedule>(value ?? emptySchedule(defaultTimeZone, [['09:00', '18:00']]));
  const choice = (on: boolean, label: string, hint: string) => (
    <label className="flex flex-1 basis-56 cursor-pointer items-start gap-2.5 rounded-lg px-3 py-2.5 ring-1 ring-zinc-200 has-checked:bg-emerald-50/60 has-checked:ring-emerald-600">
      <input
        type="radio"
        name={name}
        checked={(value !== null) === on}
        disabled={disabled}
        onChange={() => onChange(on ? kept : null)}
        className="mt-0.5 size-4 shrink-0 accent-emerald-600"
      />
      <span className="min-w-0">
        <span className="block text-sm font-medium text-zinc-900">{label}</span>
        <span className="block text-[13px] text-zinc-500">{hint}</span>
      </span>
    </label>
  );
  return (
    <fieldset className="flex min-w-0 flex-col gap-3">
      <legend className="mb-1.5 text-[13px] font-medium text-zinc-800">{legend}</legend>
      <div className="flex flex-wrap gap-2">
        {choice(false, offLabel, offHint)}
        {choice(true, onLabel, onHint)}
      </div>
      {value ? (
        <div className="sm:rounded-lg sm:bg-zinc-50/60 sm:p-4 sm:ring-1 sm:ring-zinc-200">
          <ScheduleEditor
            value={value}
            onChange={(next) => {
              setKept(next);
              onChange(next);
            }}
            disabled={disabled}
            daysOffKind={daysOffKind}
            errors={errors}
          />
        </div>
      ) : null}
    </fieldset>
  );
}

/** Keeps the server's problems that sit under `prefix` ("shift.weekly.mon.0" → "weekly.mon.0"). */
export function problemsUnder(fields: Record<string, string>, prefix: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields)
      .filter(([path]) => path.startsWith(`${prefix}.`))
      .map(([path, message]) => [path.slice(prefix.length + 1), message]),
  );
}
