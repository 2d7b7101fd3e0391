import { useQueryClient } from '@tanstack/react-query';
import { UsersRound } from 'lucide-react';
import type { AvailabilityValue, LiveMetricsResponse } from '../../app/api-types.js';
import { useStreamEvents } from '../../app/realtime.js';
import { errorMessage } from '../../i18n/error-messages.js';
import { useFormat } from '../../i18n/format.js';
import { useT } from '../../i18n/i18n.js';
import { Alert } from '../../ui/alert.js';
import { Badge, type BadgeTone } from '../../ui/badge.js';
import { Card } from '../../ui/card.js';
import { cx } from '../../ui/class-names.js';
import { Spinner } from '../../ui/spinner.js';
import { useNow, useThrottled } from '../../ui/timing-hooks.js';
import { FigureCard } from './metric-cards.js';
import { useReportFormat } from './report-format.js';
import { changesFigures, liveMetricsKey, useLiveMetrics } from './reports-api.js';

const REFRESH_AT_MOST_EVERY_MS = 2000;

/** Time since `iso`, ticking every second. Its own component so only it re-renders. */
function Elapsed({ since }: { since: string }) {
  const format = useReportFormat();
  const now = useNow();
  return <>{format.duration((now - Date.parse(since)) / 1000)}</>;
}

/** "Ahora": the queue and the team at this moment, kept current by the stream and a 30 s poll. */
export function LiveDashboard() {
  const t = useT();
  const live = useLiveMetrics();
  const queryClient = useQueryClient();
  const refresh = useThrottled(() => void queryClient.invalidateQueries({ queryKey: liveMetricsKey }), REFRESH_AT_MOST_EVERY_MS);
  useStreamEvents((event) => {
    if (changesFigures(event.type)) refresh();
  });

  if (live.isPending) {
    return (
      <div className="flex justify-center py-16 text-zinc-400">
        <Spinner className="size-5" />
      </div>
    );
  }
  if (live.isError) return <Alert>{errorMessage(t, live.error)}</Alert>;
  return <LiveFigures live={live.data} />;
}

function LiveFigures({ live }: { live: LiveMetricsResponse }) {
  const t = useT();
  const format = useReportFormat();
  const dates = useFormat();
  const value = 'text-3xl font-semibold tracking-tight tabular-nums';
  return (
    <div className="flex flex-col gap-6" data-testid="live-dashboard">
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <FigureCard title={t('reports.live.open')} definition={t('reports.live.openHint')} testId="live-open">
          <p className={cx(value, 'text-zinc-900')} data-testid="live-open-value">
            {format.number(live.open)}
          </p>
        </FigureCard>
        <FigureCard title={t('reports.live.unassigned')} definition={t('reports.live.unassignedHint')} testId="live-unassigned">
          <p className={cx(value, live.unassigned ? 'text-amber-700' : 'text-zinc-900')}>{format.number(live.unassigned)}</p>
        </FigureCard>
        <FigureCard title={t('reports.live.longestWait')} definition={t('reports.live.longestWaitHint')} testId="live-longest-wait">
          {live.waitingLongestSince ? (
            <p className={cx(value, 'text-zinc-900')}>
              <Elapsed since={live.waitingLongestSince} />
            </p>
          ) : (
            <p className="text-lg leading-9 font-medium text-zinc-500">{t('reports.live.nobodyWaiting')}</p>
          )}
        </FigureCard>
        <FigureCard title={t('reports.live.breaches')} definition={t('reports.live.breachesHint')} testId="live-breaches">
          <p className={cx(value, live.slaBreachesLastHour ? 'text-red-700' : 'text-zinc-900')}>{format.number(live.slaBreachesLastHour)}</p>
        </FigureCard>
      </div>
      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <TeamsWaiting teams={live.teams} />
        <AgentsNow agents={live.agents} />
      </div>
      <p className="text-xs text-zinc-500" aria-live="off">
        {t('reports.live.updated', { time: dates.time(live.at) })}
      </p>
    </div>
  );
}

function TeamsWaiting({ teams }: { teams: LiveMetricsResponse['teams'] }) {
  const t = useT();
  const format = useReportFormat();
  return (
    <Card title={t('reports.live.teamsTitle')} description={t('reports.live.teamsSubtitle')} flush>
      {teams.length === 0 ? (
        <p className="px-5 py-4 text-sm text-zinc-500">{t('reports.live.nobodyWaitingBody')}</p>
      ) : (
        <ul className="divide-y divide-zinc-100" data-testid="live-teams">
          {teams.map((team) => (
            <li key={team.teamId ?? 'none'} className="flex flex-wrap items-baseline gap-x-3 gap-y-0.5 px-5 py-2.5">
              <span className={cx('min-w-0 flex-1 basis-32 truncate text-sm font-medium', team.name ? 'text-zinc-900' : 'text-zinc-500')}>{team.name ?? t('reports.live.noTeam')}</span>
              <span className="text-[13px] text-zinc-600">
                {t('reports.live.waiting', { count: format.number(team.waiting) })}
                {team.oldestWaitingSince ? (
                  <>
                    {' · '}
                    <OldestWait since={team.oldestWaitingSince} />
                  </>
                ) : null}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

/** "la más antigua: 4 min 10 s", ticking. */
function OldestWait({ since }: { since: string }) {
  const t = useT();
  return (
    <span className="whitespace-nowrap tabular-nums">
      {t('reports.live.oldest')} <Elapsed since={since} />
    </span>
  );
}

const statusTone: Record<AvailabilityValue, BadgeTone> = { online: 'green', away: 'amber', offline: 'neutral' };
const statusOrder: Record<AvailabilityValue, number> = { online: 0, away: 1, offline: 2 };

function AgentsNow({ agents }: { agents: LiveMetricsResponse['agents'] }) {
  const t = useT();
  const format = useReportFormat();
  const sorted = [...agents].sort((a, b) => statusOrder[a.status] - statusOrder[b.status] || a.name.localeCompare(b.name));
  const online = agents.filter((agent) => agent.status === 'online').length;
  return (
    <Card title={t('reports.live.agentsTitle')} description={t('reports.live.agentsSubtitle', { count: format.number(online) })} flush>
      {sorted.length === 0 ? (
        <div className="flex items-center gap-2 px-5 py-4 text-sm text-zinc-500">
          <UsersRound className="size-4" aria-hidden="true" />
          {t('reports.live.noAgents')}
        </div>
      ) : (
        <ul className="divide-y divide-zinc-100" data-testid="live-agents">
          {sorted.map((agent) => {
            const full = agent.open >= agent.capacity;
            const load = t('reports.live.load', { open: format.number(agent.open), capacity: format.number(agent.capacity) });
            return (
              <li key={agent.memberId} className="flex flex-wrap items-center gap-x-3 gap-y-1.5 px-5 py-2.5" data-testid="live-agent">
                <div className="min-w-0 flex-1 basis-36">
                  <p className="truncate text-sm font-medium text-zinc-900">{agent.name}</p>
                  <div className="mt-0.5 flex flex-wrap items-center gap-1.5">
                    <Badge tone={statusTone[agent.status]}>{t(`agents.presence.${agent.status}`)}</Badge>
                    <span className={cx('text-xs', agent.onShift ? 'text-zinc-600' : 'text-zinc-400')}>{t(agent.onShift ? 'agents.onShift' : 'agents.offShift')}</span>
                  </div>
                </div>
                <div className="flex w-40 items-center gap-2" title={t('reports.live.loadLabel', { name: agent.name, load })}>
                  <span aria-hidden="true" className="relative h-2 flex-1 overflow-hidden rounded-full bg-zinc-100">
                    <span
                      className={cx('absolute inset-y-0 left-0 rounded-full', full ? 'bg-red-500' : agent.open / Math.max(agent.capacity, 1) >= 0.75 ? 'bg-amber-400' : 'bg-emerald-500')}
                      style={{ width: `${agent.capacity ? Math.min(100, (agent.open / agent.capacity) * 100) : 100}%` }}
                    />
                  </span>
                  <span className="w-16 shrink-0 text-right text-[13px] whitespace-nowrap text-zinc-700 tabular-nums">{load}</span>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
