import { type SelectHTMLAttributes, useMemo } from 'react';
import { SelectField } from '../../ui/field.js';

type Option = { zone: string; label: string; offsetMinutes: number };

// GMT offsets shown next to each zone help people who know "GMT-5" but not the IANA name.
function offsetOf(zone: string, now: Date): { text: string; minutes: number } {
  const part = new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'shortOffset' })
    .formatToParts(now)
    .find((item) => item.type === 'timeZoneName')?.value;
  const text = part === 'GMT' || !part ? 'GMT' : part;
  const match = /GMT([+-])(\d{1,2})(?::(\d{2}))?/.exec(text);
  const minutes = match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3] ?? 0)) : 0;
  return { text, minutes };
}

function buildOptions(current: string): Option[] {
  const zones = new Set(Intl.supportedValuesOf('timeZone'));
  if (current) zones.add(current);
  const now = new Date();
  return [...zones]
    .map((zone) => {
      const offset = offsetOf(zone, now);
      return { zone, offsetMinutes: offset.minutes, label: `(${offset.text}) ${zone.replaceAll('_', ' ')}` };
    })
    .sort((a, b) => a.offsetMinutes - b.offsetMinutes || a.zone.localeCompare(b.zone));
}

type TimeZoneSelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange'> & {
  label: string;
  hint?: string;
  error?: string;
  value: string;
  onChange: (zone: string) => void;
};

/** Every IANA zone the browser knows, ordered by offset so neighbours are easy to find. */
export function TimeZoneSelect({ value, onChange, ...props }: TimeZoneSelectProps) {
  const options = useMemo(() => buildOptions(value), [value]);
  return (
    <SelectField value={value} onChange={(event) => onChange(event.target.value)} {...props}>
      {options.map((option) => (
        <option key={option.zone} value={option.zone}>
          {option.label}
        </option>
      ))}
    </SelectField>
  );
}
