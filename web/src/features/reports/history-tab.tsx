import { useQueryClient } from '@tanstack/react-query';
import { Download } from 'lucide-react';
import { type ReactNode, useCallback, useEffect } from 'react';
import { useSearchParams } from 'react-router';
import type { MetricsQueryValue } from '../../app/api-types.js';
import { useStreamEvents } from '../../app/realtime.js';
import { useSession } from '../../app/session.js';
import { errorMessage } from '../../i18n/error-messages.js';
import { useI18n, useT } from '../../i18n/i18n.js';
import { Alert } from '../../ui/alert.js';
import { buttonClasses } from '../../ui/button.js';
import { Spinner } from '../../ui/spinner.js';
import { useDelayed, useNow } from '../../ui/timing-hooks.js';
import { FirstResponseChart, HourHeatmap, VolumeChart } from './history-charts.js';
import { HistoryFilters, HoursToggle } from './history-filters.js';
import { LoadChart, LoadTable } from './history-load.js';
import { AgentTable, LostList } from './history-tables.js';
import { Change, type CountMetric, CountCard, FigureCard, SlaCard, TimingCard, type TimingMetric } from './metric-cards.js';
import { type ReportFilters, filtersFromSearch, metricsQuery, previousPeriod, rangeProblem, searchFromFilters, todayIn } from './report-filters.js';
import { useReportFormat } from './report-format.js';
import { changesFigures, csvUrl, reportsKey, useAgentFigures, useLostConversations, useMetricsLoad, useMetricsSeries, useMetricsSummary } from './reports-api.js';

const timingMetrics: TimingMetric[] = ['firstResponse', 'replyTime', 'timeToAssignment', 'timeInQueue', 'resolution'];
const countMetrics: CountMetric[] = ['new', 'reopened', 'resolved', 'handoffs', 'escalations', 'lost'];

function Section({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <section className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-[15px] font-semibold text-zinc-900">{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

const Loading = () => (
  <div className="flex justify-center py-10 text-zinc-400">
    <Spinner className="size-5" />
  </div>
);

/** The server folds events into the reports a moment after they commit: refetch then. */
const REFETCH_AFTER_EVENT_MS = 1500;
/** And at least this often while the page is open (what the stream could not bring: a fold after a hole). */
const REFETCH_EVERY_MS = 60_000;

/** "Actualizado hace 12 segundos": how current the figures are, from the server's `asOf`, ticking. */
function Freshness({ asOf }: { asOf: string | null }) {
  const t = useT();
  const { locale } = useI18n();
  const now = useNow(1000);
  if (!asOf) return <span data-testid="reports-freshness">{t('reports.freshness.never')}</span>;
  const seconds = Math.max(0, Math.round((now - Date.parse(asOf)) / 1000));
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const when = seconds < 60 ? relative.format(-seconds, 'second') : seconds < 3600 ? relative.format(-Math.floor(seconds / 60), 'minute') : relative.format(-Math.floor(seconds / 3600), 'hour');
  return (
    <time dateTime={asOf} data-testid="reports-freshness" title={t('reports.freshness.hint')}>
      {t('reports.freshness.updated', { when })}
    </time>
  );
}

/**
 * Only reports that reach today move: they refetch a moment after the stream brings a change, and
 * every minute in any case; a past period's figures stay as they are.
 */
function useFollowToday(today: string) {
  const queryClient = useQueryClient();
  const refetch = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: reportsKey, predicate: (cached) => cached.queryKey[1] !== 'live' && ((cached.queryKey[2] as MetricsQueryValue | null)?.to ?? '') >= today }),
    [queryClient, today],
  );
  const refetchSoon = useDelayed(refetch, REFETCH_AFTER_EVENT_MS);
  useStreamEvents((event) => {
    if (changesFigures(event.type)) refetchSoon();
  });
  useEffect(() => {
    const timer = setInterval(refetch, REFETCH_EVERY_MS);
    return () => clearInterval(timer);
  }, [refetch]);
}

/** "Histórico": a period's figures against the period before, charts, the agents and the lost conversations. */
export default function HistoryTab() {
  const t = useT();
  const format = useReportFormat();
  const session = useSession();
  const ownFiguresOnly = session.role === 'agent';
  const [search, setSearch] = useSearchParams();
  const today = todayIn(session.workspace?.timeZone);
  const filters = filtersFromSearch(search, today);
  const problem = rangeProblem(filters.from, filters.to);
  const previous = previousPeriod(filters);
  const query = problem ? null : metricsQuery(filters);
  const summary = useMetricsSummary(query);
  const before = useMetricsSummary(problem ? null : metricsQuery(filters, previous));
  const series = useMetricsSeries(query);
  const agents = useAgentFigures(query);
  const lost = useLostConversations(query);
  const load = useMetricsLoad(query);
  // Starts from the address bar, not this render: navigation commits in a transition, so two quick
  // changes (the clock, then the period) would otherwise both start from the same render and the
  // second would undo the first.
  const setFilters = (patch: Partial<ReportFilters>) =>
    setSearch(searchFromFilters({ ...filtersFromSearch(new URLSearchParams(window.location.search), today), ...patch }), { replace: true });
  useFollowToday(today);
  const failed = [summary, series, agents, lost, load].find((result) => result.isError)?.error;
  const past = before.data;

  return (
    <div className="flex flex-col gap-6" data-testid="history">
      <HistoryFilters filters={filters} onChange={setFilters} today={today} ownFiguresOnly={ownFiguresOnly} />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-[13px] text-zinc-600">
          {t('reports.range.summary', { from: format.longDay(filters.from), to: format.longDay(filters.to), previousFrom: format.longDay(previous.from), previousTo: format.longDay(previous.to) })}
          {summary.data ? (
            <>
              {' · '}
              <Freshness asOf={summary.data.asOf} />
            </>
          ) : null}
        </p>
        {query ? (
          <a href={csvUrl('cycles', query)} download className={buttonClasses('secondary', 'sm')} data-testid="export-cycles">
            <Download className="size-3.5" aria-hidden="true" />
            {t('reports.export.cycles')}
          </a>
        ) : null}
      </div>
      {ownFiguresOnly ? <Alert tone="info">{t('reports.onlyYours')}</Alert> : null}
      {problem ? <Alert>{t(`reports.range.${problem}`)}</Alert> : null}
      {failed ? <Alert>{errorMessage(t, failed)}</Alert> : null}
      {summary.data && summary.data.cycles === 0 ? <Alert tone="info">{t('reports.noData')}</Alert> : null}

      {query && !failed ? (
        <>
          <Section title={t('reports.section.times')} actions={<HoursToggle hours={filters.hours} onChange={(hours) => setFilters({ hours })} />}>
            {summary.data ? (
              <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
                {timingMetrics.map((metric) => (
                  <TimingCard key={metric} metric={metric} timing={summary.data[metric]} previous={past?.[metric]} hours={filters.hours} />
                ))}
              </div>
            ) : (
              <Loading />
            )}
          </Section>
          <Section title={t('reports.section.volume')}>
            {summary.data ? (
              <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-6">
                {countMetrics.map((metric) => (
                  <CountCard key={metric} metric={metric} value={summary.data.conversations[metric]} previous={past?.conversations[metric]} />
                ))}
              </div>
            ) : (
              <Loading />
            )}
          </Section>
          <Section title={t('reports.section.sla')}>
            {summary.data ? (
              <div className="grid gap-3 sm:grid-cols-3">
                <SlaCard metric="slaFirstResponse" sla={summary.data.sla.firstResponse} previous={past?.sla.firstResponse} />
                <SlaCard metric="slaResolution" sla={summary.data.sla.resolution} previous={past?.sla.resolution} />
                <FigureCard title={t('reports.metric.slaBreaches')} definition={t('reports.definition.slaBreaches')} testId="sla-breaches">
                  <p className="text-2xl font-semibold tracking-tight text-zinc-900 tabular-nums">{format.number(summary.data.sla.breaches)}</p>
                  <Change current={summary.data.sla.breaches} previous={past?.sla.breaches} better="lower" previousLabel={past ? format.number(past.sla.breaches) : ''} />
                </FigureCard>
              </div>
            ) : (
              <Loading />
            )}
          </Section>
          <Section title={t('reports.section.charts')}>
            {series.data ? (
              <>
                <VolumeChart byDay={series.data.byDay} />
                <div className="grid items-start gap-6 xl:grid-cols-2">
                  <HourHeatmap heatmap={series.data.heatmap} />
                  <FirstResponseChart histogram={series.data.firstResponseHistogram} />
                </div>
              </>
            ) : (
              <Loading />
            )}
          </Section>
          {agents.data ? <AgentTable agents={agents.data.agents} query={query} hours={filters.hours} /> : <Loading />}
          <Section title={t('reports.section.load')}>
            {load.data ? (
              <>
                <LoadChart load={load.data} />
                <LoadTable agents={load.data.agents} />
              </>
            ) : (
              <Loading />
            )}
          </Section>
          {lost.data ? <LostList lost={lost.data.lost} /> : <Loading />}
        </>
      ) : null}
    </div>
  );
}
