import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricsLoadResponse } from '../../app/api-types.js';
import { useT } from '../../i18n/i18n.js';
import { Card } from '../../ui/card.js';
import { cx } from '../../ui/class-names.js';
import { axisProps, EmptyNote, tooltipStyle } from './history-charts.js';
import { useReportFormat } from './report-format.js';

const colours = { open: '#10b981', openFill: '#d1fae5', assigned: '#0284c7', capacity: '#a1a1aa', grid: '#f4f4f5' };

/** Active conversations per hour or day against the capacity of the members on shift. */
export function LoadChart({ load }: { load: MetricsLoadResponse }) {
  const t = useT();
  const format = useReportFormat();
  // "2026-12-01T14:00" → "1 dic 14:00"; days as the other charts write them.
  const label = (at: string) => (load.granularity === 'hour' ? `${format.day(at.slice(0, 10))} ${at.slice(11)}` : format.day(at));
  const data = load.series.map((point) => ({ ...point, label: label(point.at) }));
  const decimal = (value: number) => format.number(Math.round(value * 10) / 10, true);
  return (
    <Card title={t('reports.load.title')} description={t('reports.load.subtitle', { unit: t(`reports.load.unit.${load.granularity}`) })} flush>
      <EmptyNote show={load.series.every((point) => point.open === 0 && point.capacity === 0)} />
      <div className="h-64 px-2 pt-3 pb-2 sm:px-4" data-testid="load-chart">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid vertical={false} stroke={colours.grid} />
            <XAxis dataKey="label" {...axisProps} minTickGap={24} />
            {/* Averages can be fractional; the axis counts conversations, so it steps by whole ones. */}
            <YAxis {...axisProps} allowDecimals={false} width={36} tickFormatter={(value: number) => format.number(value)} />
            <Tooltip {...tooltipStyle} formatter={(value) => decimal(Number(value))} />
            <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 12 }} formatter={(name) => <span className="text-zinc-600">{name}</span>} />
            <Area dataKey="open" name={t('reports.load.open')} type="monotone" stroke={colours.open} fill={colours.openFill} strokeWidth={2} isAnimationActive={false} />
            <Line dataKey="assigned" name={t('reports.load.assigned')} type="monotone" stroke={colours.assigned} strokeWidth={2} dot={false} isAnimationActive={false} />
            <Line dataKey="capacity" name={t('reports.load.capacity')} type="stepAfter" stroke={colours.capacity} strokeDasharray="4 4" strokeWidth={2} dot={false} isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </Card>
  );
}

/** Per agent: average load against capacity, and time on shift, online and available. */
export function LoadTable({ agents }: { agents: MetricsLoadResponse['agents'] }) {
  const t = useT();
  const format = useReportFormat();
  const head = 'px-3 py-2 font-medium whitespace-nowrap text-right';
  const cell = 'px-3 py-2.5 text-right whitespace-nowrap tabular-nums';
  return (
    <Card title={t('reports.load.agentsTitle')} description={t('reports.load.agentsSubtitle')} flush>
      {agents.length === 0 ? (
        <p className="px-5 py-4 text-sm text-zinc-500">{t('reports.load.empty')}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full min-w-[40rem] text-left text-[13px]" data-testid="load-agents">
            <thead className="border-b border-zinc-100 text-xs text-zinc-500">
              <tr>
                <th scope="col" className="py-2 pr-3 pl-5 font-medium">
                  {t('reports.agents.name')}
                </th>
                <th scope="col" className={head}>
                  {t('reports.load.averageOpen')}
                </th>
                <th scope="col" className={head}>
                  {t('reports.load.onShift')}
                </th>
                <th scope="col" className={head}>
                  {t('reports.load.online')}
                </th>
                <th scope="col" className={head}>
                  {t('reports.load.available')}
                </th>
                <th scope="col" className={cx(head, 'pr-5')}>
                  {t('reports.load.availableShare')}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {agents.map((agent) => (
                <tr key={agent.memberId} data-testid="load-agents-row">
                  <th scope="row" className="max-w-48 truncate py-2.5 pr-3 pl-5 font-medium text-zinc-900">
                    {agent.name}
                  </th>
                  <td className={cell}>{t('reports.load.ofCapacity', { open: format.number(agent.averageOpen, true), capacity: format.number(agent.capacity) })}</td>
                  <td className={cell}>{format.duration(agent.onShiftSeconds)}</td>
                  <td className={cell}>{format.duration(agent.onlineSeconds)}</td>
                  <td className={cell}>{format.duration(agent.availableSeconds)}</td>
                  <td className={cx(cell, 'pr-5')}>{agent.onShiftSeconds ? format.percent((agent.availableSeconds / agent.onShiftSeconds) * 100) : t('reports.none')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
