import { Info } from 'lucide-react';
import { type ReactNode, useId } from 'react';
import type { MetricsSummary, TimingValue } from '../../app/api-types.js';
import { useT } from '../../i18n/i18n.js';
import { cx, focusRing } from '../../ui/class-names.js';
import type { HoursKind } from './report-filters.js';
import { useReportFormat } from './report-format.js';

export type TimingMetric = 'firstResponse' | 'replyTime' | 'timeToAssignment' | 'timeInQueue' | 'resolution';
export type CountMetric = keyof MetricsSummary['conversations'];
type Better = 'lower' | 'higher' | 'neutral';

/**
 * An (i) button in a card's corner that shows what the figure means, on hover and on focus (a tap on
 * phones). The text spans the card, which must be `relative`, so it never leaves the screen.
 */
export function DefinitionTip({ label, text }: { label: string; text: string }) {
  const id = useId();
  return (
    <span className="group/tip">
      <button type="button" aria-label={label} aria-describedby={id} className={cx('-m-1 rounded-md p-1 text-zinc-400 hover:text-zinc-700', focusRing)}>
        <Info className="size-3.5" aria-hidden="true" />
      </button>
      <span
        role="tooltip"
        id={id}
        className="absolute inset-x-2 top-9 z-20 hidden rounded-lg bg-zinc-900 px-3 py-2 text-xs leading-relaxed font-normal text-white shadow-lg group-focus-within/tip:block group-hover/tip:block"
      >
        {text}
      </span>
    </span>
  );
}

/** A figure's frame: its name and definition on top, the figure, then how it compares. */
export function FigureCard({ title, definition, children, testId }: { title: string; definition: string; children: ReactNode; testId?: string }) {
  const t = useT();
  return (
    <section className="relative flex min-w-0 flex-col gap-1.5 rounded-xl bg-white px-4 py-3.5 shadow-xs ring-1 ring-zinc-200" data-testid={testId}>
      <header className="flex items-start justify-between gap-2">
        <h3 className="min-w-0 text-[13px] leading-5 font-medium text-zinc-600">{title}</h3>
        <DefinitionTip label={t('reports.definitionLabel', { metric: title })} text={definition} />
      </header>
      {children}
    </section>
  );
}

/**
 * ▲/▼ against the previous period of the same length, green when better and red when worse.
 * `points` compares percentages by their difference (percentage points) rather than relatively.
 */
export function Change({ current, previous, better, points = false, previousLabel }: { current: number | null; previous: number | null | undefined; better: Better; points?: boolean; previousLabel: string }) {
  const t = useT();
  const format = useReportFormat();
  if (previous === undefined) return <p className="h-5" aria-hidden="true" />;
  if (current === null || previous === null) return <p className="text-xs leading-5 text-zinc-400">{t('reports.compare.nothing')}</p>;
  // From zero there is no percentage: say so rather than show "∞ %".
  const fromZero = !points && previous === 0 && current !== 0;
  const difference = points ? current - previous : previous === 0 ? current : ((current - previous) / previous) * 100;
  const direction = Math.abs(difference) < 0.05 ? 'same' : difference > 0 ? 'up' : 'down';
  const good = better === 'neutral' || direction === 'same' ? null : (direction === 'down') === (better === 'lower');
  const amount = fromZero ? t('reports.compare.fromZero') : points ? t('reports.compare.points', { value: format.number(Math.abs(difference), true) }) : format.percent(Math.abs(difference));
  const shown = direction === 'same' ? t('reports.compare.same') : `${direction === 'up' ? '▲' : '▼'} ${amount}`;
  const spoken = t(direction === 'same' ? 'reports.compare.sameLong' : direction === 'up' ? 'reports.compare.upLong' : 'reports.compare.downLong', { amount, previous: previousLabel });
  return (
    <p className="flex flex-wrap items-baseline gap-x-1.5 text-xs leading-5" title={spoken} data-testid="change" data-direction={direction}>
      <span aria-hidden="true" className={cx('font-medium tabular-nums', good === null ? 'text-zinc-600' : good ? 'text-emerald-700' : 'text-red-700')}>
        {shown}
      </span>
      <span aria-hidden="true" className="text-zinc-400">
        {t('reports.compare.short')}
      </span>
      <span className="sr-only">{spoken}</span>
    </p>
  );
}

/** Median first (half the cycles were faster), then average and p90, in the chosen clock. */
export function TimingCard({ metric, timing, previous, hours }: { metric: TimingMetric; timing: TimingValue; previous: TimingValue | undefined; hours: HoursKind }) {
  const t = useT();
  const format = useReportFormat();
  const stat = timing[hours];
  const before = previous?.[hours];
  return (
    <FigureCard title={t(`reports.metric.${metric}`)} definition={t(`reports.definition.${metric}`)} testId={`timing-${metric}`}>
      <div className="flex flex-wrap items-baseline gap-x-2">
        <p className="text-2xl font-semibold tracking-tight text-zinc-900 tabular-nums">{format.duration(stat.median)}</p>
        <p className="text-xs text-zinc-500">{t('reports.stat.median')}</p>
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 text-[13px]">
        <dt className="text-zinc-500">{t('reports.stat.average')}</dt>
        <dd className="text-right font-medium text-zinc-800 tabular-nums">{format.duration(stat.average)}</dd>
        <dt className="text-zinc-500">{t('reports.stat.p90')}</dt>
        <dd className="text-right font-medium text-zinc-800 tabular-nums">{format.duration(stat.p90)}</dd>
        <dt className="text-zinc-500">{t('reports.stat.measured')}</dt>
        <dd className="text-right text-zinc-600 tabular-nums">{format.number(stat.count)}</dd>
      </dl>
      <Change current={stat.median} previous={before === undefined ? undefined : before.median} better="lower" previousLabel={before ? format.duration(before.median) : ''} />
    </FigureCard>
  );
}

const countBetter: Record<CountMetric, Better> = { new: 'neutral', reopened: 'neutral', resolved: 'higher', handoffs: 'neutral', escalations: 'lower', lost: 'lower' };

export function CountCard({ metric, value, previous }: { metric: CountMetric; value: number; previous: number | undefined }) {
  const t = useT();
  const format = useReportFormat();
  return (
    <FigureCard title={t(`reports.metric.${metric}`)} definition={t(`reports.definition.${metric}`)} testId={`count-${metric}`}>
      <p className={cx('text-2xl font-semibold tracking-tight tabular-nums', metric === 'lost' && value > 0 ? 'text-red-700' : 'text-zinc-900')}>{format.number(value)}</p>
      <Change current={value} previous={previous} better={countBetter[metric]} previousLabel={previous === undefined ? '' : format.number(previous)} />
    </FigureCard>
  );
}

type SlaFigure = MetricsSummary['sla']['firstResponse'];

export function SlaCard({ metric, sla, previous }: { metric: 'slaFirstResponse' | 'slaResolution'; sla: SlaFigure; previous: SlaFigure | undefined }) {
  const t = useT();
  const format = useReportFormat();
  return (
    <FigureCard title={t(`reports.metric.${metric}`)} definition={t(`reports.definition.${metric}`)} testId={`sla-${metric}`}>
      <p className="text-2xl font-semibold tracking-tight text-zinc-900 tabular-nums">{sla.percent === null ? t('reports.none') : format.percent(sla.percent)}</p>
      <p className="text-[13px] text-zinc-500">
        {sla.measured ? t('reports.sla.met', { met: format.number(sla.met), measured: format.number(sla.measured) }) : t('reports.sla.none')}
      </p>
      <Change
        current={sla.percent}
        previous={previous === undefined ? undefined : previous.percent}
        better="higher"
        points
        previousLabel={previous?.percent === null || previous === undefined ? '' : format.percent(previous.percent)}
      />
    </FigureCard>
  );
}
