import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricsSeriesResponse } from '../../app/api-types.js';
import { type Translate, useT } from '../../i18n/i18n.js';
import { Card } from '../../ui/card.js';
import { type ReportFormat, useReportFormat } from './report-format.js';

// Recharts draws SVG: the palette is spelled out rather than read from Tailwind's classes. No
// animations: a report redraws on every filter change, and figures should read at once.
const colours = { new: '#10b981', reopened: '#a7f3d0', resolved: '#0284c7', bucket: '#34d399', grid: '#f4f4f5', axis: '#71717a' };
export const axisProps = { tickLine: false, axisLine: false, fontSize: 12, stroke: colours.axis } as const;
export const tooltipStyle = { contentStyle: { borderRadius: 8, border: '1px solid #e4e4e7', fontSize: 12 }, labelStyle: { fontWeight: 600, color: '#18181b' } } as const;

export const EmptyNote = ({ show }: { show: boolean }) => {
  const t = useT();
  return show ? <p className="px-5 pt-3 text-[13px] text-zinc-500">{t('reports.chart.empty')}</p> : null;
};

/** New and reopened cycles stacked per day they started; resolved as a line, per day they were resolved. */
export function VolumeChart({ byDay }: { byDay: MetricsSeriesResponse['byDay'] }) {
  const t = useT();
  const format = useReportFormat();
  const data = byDay.map((day) => ({ ...day, label: format.day(day.date) }));
  const empty = byDay.every((day) => day.new + day.reopened + day.resolved === 0);
  return (
    <Card title={t('reports.chart.volumeTitle')} description={t('reports.chart.volumeSubtitle')} flush>
      <EmptyNote show={empty} />
      <div className="h-64 px-2 pt-3 pb-2 sm:px-4" data-testid="volume-chart">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid vertical={false} stroke={colours.grid} />
            <XAxis dataKey="label" {...axisProps} minTickGap={16} />
            <YAxis {...axisProps} allowDecimals={false} width={36} tickFormatter={(value: number) => format.number(value)} />
            <Tooltip
              {...tooltipStyle}
              cursor={{ fill: colours.grid }}
              labelFormatter={(_label, payload) => (payload?.[0]?.payload ? format.longDay((payload[0].payload as { date: string }).date) : '')}
              formatter={(value) => format.number(Number(value))}
            />
            <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 12 }} formatter={(name) => <span className="text-zinc-600">{name}</span>} />
            <Bar dataKey="new" name={t('reports.metric.new')} stackId="cycles" fill={colours.new} maxBarSize={28} isAnimationActive={false} />
            <Bar dataKey="reopened" name={t('reports.metric.reopened')} stackId="cycles" fill={colours.reopened} maxBarSize={28} radius={[3, 3, 0, 0]} isAnimationActive={false} />
            <Line dataKey="resolved" name={t('reports.metric.resolved')} type="monotone" stroke={colours.resolved} strokeWidth={2} dot={byDay.length <= 31} isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </Card>
  );
}

/** A bucket's label: "≤5 min", "≤24 h", and "> 24 h" for the open-ended last one. */
export function bucketLabel(t: Translate, format: ReportFormat, upTo: number | null, previousUpTo: number | null): string {
  const short = (seconds: number) =>
    seconds < 3600 ? t('reports.duration.minutes', { n: format.number(seconds / 60) }) : t('reports.duration.hours', { n: format.number(seconds / 3600) });
  if (upTo !== null) return t('reports.bucket.upTo', { duration: short(upTo) });
  return t('reports.bucket.above', { duration: previousUpTo === null ? '' : short(previousUpTo) });
}

/** How many first responses fell in each time bucket (clock time), as horizontal bars so labels fit on phones. */
export function FirstResponseChart({ histogram }: { histogram: MetricsSeriesResponse['firstResponseHistogram'] }) {
  const t = useT();
  const format = useReportFormat();
  const data = histogram.map((bucket, index) => ({ label: bucketLabel(t, format, bucket.upTo, histogram[index - 1]?.upTo ?? null), count: bucket.count }));
  return (
    <Card title={t('reports.chart.histogramTitle')} description={t('reports.chart.histogramSubtitle')} flush>
      <EmptyNote show={histogram.every((bucket) => bucket.count === 0)} />
      <div className="h-72 px-2 pt-3 pb-2 sm:px-4" data-testid="first-response-chart">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} layout="vertical" margin={{ top: 0, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid horizontal={false} stroke={colours.grid} />
            <XAxis type="number" {...axisProps} allowDecimals={false} tickFormatter={(value: number) => format.number(value)} />
            <YAxis type="category" dataKey="label" {...axisProps} width={68} interval={0} />
            <Tooltip {...tooltipStyle} cursor={{ fill: colours.grid }} formatter={(value) => [format.number(Number(value)), t('reports.chart.cycles')]} />
            <Bar dataKey="count" name={t('reports.chart.cycles')} fill={colours.bucket} radius={[0, 3, 3, 0]} maxBarSize={22} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </Card>
  );
}

// Five steps of green; zero stays grey so "nothing" and "a little" look different.
const heatSteps = ['bg-zinc-100', 'bg-emerald-100', 'bg-emerald-200', 'bg-emerald-400', 'bg-emerald-600'];
const hours = Array.from({ length: 24 }, (_, hour) => hour);
const weekdays = [1, 2, 3, 4, 5, 6, 7];

/** Cycles started per weekday and hour (workspace time): when customers write. */
export function HourHeatmap({ heatmap }: { heatmap: MetricsSeriesResponse['heatmap'] }) {
  const t = useT();
  const format = useReportFormat();
  const counts = new Map(heatmap.map((cell) => [`${cell.weekday}|${cell.hour}`, cell.count]));
  const max = Math.max(0, ...heatmap.map((cell) => cell.count));
  const step = (count: number) => (count === 0 || max === 0 ? 0 : Math.min(4, Math.ceil((count / max) * 4)));
  const hourLabel = (hour: number) => `${String(hour).padStart(2, '0')}:00`;
  return (
    <Card title={t('reports.chart.heatmapTitle')} description={t('reports.chart.heatmapSubtitle')}>
      <table className="w-full table-fixed border-separate border-spacing-0.5 text-[11px] text-zinc-500 sm:border-spacing-1" data-testid="heatmap">
        <caption className="sr-only">{t('reports.chart.heatmapTitle')}</caption>
        <thead>
          <tr>
            <th scope="col" className="w-9 font-normal">
              <span className="sr-only">{t('reports.chart.day')}</span>
            </th>
            {hours.map((hour) => (
              <th key={hour} scope="col" className="p-0 text-center font-normal tabular-nums">
                <span aria-hidden="true">{hour % 6 === 0 ? hour : ''}</span>
                <span className="sr-only">{hourLabel(hour)}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weekdays.map((weekday) => (
            <tr key={weekday}>
              <th scope="row" className="pr-1 text-left font-normal capitalize">
                {format.weekday(weekday)}
              </th>
              {hours.map((hour) => {
                const count = counts.get(`${weekday}|${hour}`) ?? 0;
                return (
                  <td key={hour} className="p-0" title={t('reports.chart.heatmapCell', { day: format.weekday(weekday), hour: hourLabel(hour), count: format.number(count) })}>
                    <div className={`aspect-square min-h-2.5 rounded-[3px] ${heatSteps[step(count)]}`} />
                    <span className="sr-only">{format.number(count)}</span>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="mt-3 flex items-center justify-end gap-1.5 text-[11px] text-zinc-500" aria-hidden="true">
        {t('reports.chart.less')}
        {heatSteps.map((colour) => (
          <span key={colour} className={`size-2.5 rounded-[3px] ${colour}`} />
        ))}
        {t('reports.chart.more')}
      </div>
    </Card>
  );
}
