import { AtSign, Bookmark, Inbox, Smartphone, User, UserRoundX, UsersRound, X } from 'lucide-react';
import type { ComponentType, ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import type { InboxFilters } from '../../app/api-types.js';
import { type MessageKey, useT } from '../../i18n/i18n.js';
import { cx, focusRing } from '../../ui/class-names.js';
import { useChannels } from '../settings/channels/channels-api.js';
import { useTeams } from '../settings/teams/teams-api.js';
import { filtersFromSearch, sameFilters, searchFromFilters, type View } from './inbox-filters.js';
import { useCounts } from './inbox-api.js';
import { useDeleteView, useSavedViews } from './saved-views-api.js';

const viewItems: { view: View; label: MessageKey; icon: ComponentType<{ className?: string }> }[] = [
  { view: 'mine', label: 'inbox.view.mine', icon: User },
  { view: 'unassigned', label: 'inbox.view.unassigned', icon: UserRoundX },
  { view: 'all', label: 'inbox.view.all', icon: Inbox },
  { view: 'mentions', label: 'inbox.view.mentions', icon: AtSign },
];

/** The inbox's views in the sidebar, with live counts: the fixed ones, per team, per number, then saved views. */
export function InboxViewsNav({ onNavigate }: { onNavigate?: () => void }) {
  const t = useT();
  const location = useLocation();
  const counts = useCounts();
  const teams = useTeams();
  const channels = useChannels();
  const saved = useSavedViews();
  const deleteView = useDeleteView();
  const onInbox = location.pathname.startsWith('/inbox');
  const current = filtersFromSearch(new URLSearchParams(location.search));
  const href = (filters: InboxFilters) => `/inbox?${searchFromFilters(filters).toString()}`;
  const isCurrent = (filters: InboxFilters) => onInbox && sameFilters(current, filters);
  const teamList = teams.data?.teams ?? [];
  const channelList = channels.data?.channels ?? [];
  const savedList = saved.data?.views ?? [];

  return (
    <div className="flex flex-col gap-3" data-testid="inbox-views">
      <ul className="flex flex-col gap-0.5">
        {viewItems.map(({ view, label, icon }) => (
          <li key={view}>
            <ViewLink to={href({ view })} active={isCurrent({ view })} icon={icon} count={counts.data?.[view]} onNavigate={onNavigate}>
              {t(label)}
            </ViewLink>
          </li>
        ))}
      </ul>
      {teamList.length > 0 ? (
        <Group title={t('inbox.view.teams')}>
          {teamList.map((team) => (
            <li key={team.id}>
              <ViewLink
                to={href({ view: 'all', teamId: [team.id] })}
                active={isCurrent({ view: 'all', teamId: [team.id] })}
                icon={UsersRound}
                count={counts.data?.teams[team.id]}
                onNavigate={onNavigate}
              >
                {team.name}
              </ViewLink>
            </li>
          ))}
        </Group>
      ) : null}
      {channelList.length > 1 ? (
        <Group title={t('inbox.view.numbers')}>
          {channelList.map((channel) => (
            <li key={channel.id}>
              <ViewLink
                to={href({ view: 'all', channelId: [channel.id] })}
                active={isCurrent({ view: 'all', channelId: [channel.id] })}
                icon={Smartphone}
                count={counts.data?.channels[channel.id]}
                onNavigate={onNavigate}
              >
                {channel.name}
              </ViewLink>
            </li>
          ))}
        </Group>
      ) : null}
      {savedList.length > 0 ? (
        <Group title={t('inbox.view.saved')}>
          {savedList.map((view) => (
            <li key={view.id} className="group relative">
              <ViewLink to={href(view.filters)} active={isCurrent(view.filters)} icon={Bookmark} onNavigate={onNavigate}>
                {view.name}
              </ViewLink>
              <button
                type="button"
                aria-label={t('inbox.view.delete', { name: view.name })}
                onClick={() => deleteView.mutate(view.id)}
                className={cx(
                  'absolute top-1/2 right-1 -translate-y-1/2 rounded-md p-1 text-zinc-400 opacity-0 group-hover:opacity-100 hover:bg-zinc-200 hover:text-zinc-700 focus-visible:opacity-100',
                  focusRing,
                )}
              >
                <X className="size-3.5" aria-hidden="true" />
              </button>
            </li>
          ))}
        </Group>
      ) : null}
    </div>
  );
}

function Group({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div>
      <h3 className="mb-1 px-2.5 text-[11px] font-semibold tracking-wide text-zinc-400 uppercase">{title}</h3>
      <ul className="flex flex-col gap-0.5">{children}</ul>
    </div>
  );
}

function ViewLink({
  to,
  active,
  icon: Icon,
  count,
  onNavigate,
  children,
}: {
  to: string;
  active: boolean;
  icon: ComponentType<{ className?: string }>;
  count?: number;
  onNavigate?: () => void;
  children: ReactNode;
}) {
  return (
    <Link
      to={to}
      onClick={onNavigate}
      aria-current={active ? 'page' : undefined}
      className={cx(
        'flex items-center gap-2 rounded-lg py-1.5 pr-2 pl-2.5 text-[13px] transition-colors',
        focusRing,
        active ? 'bg-emerald-50 font-medium text-emerald-900' : 'text-zinc-600 hover:bg-zinc-200/60 hover:text-zinc-900',
      )}
    >
      <Icon className={cx('size-3.5 shrink-0', active ? 'text-emerald-600' : 'text-zinc-400')} />
      <span className="min-w-0 flex-1 truncate">{children}</span>
      {count ? <span className="shrink-0 text-xs text-zinc-500 tabular-nums">{count}</span> : null}
    </Link>
  );
}
