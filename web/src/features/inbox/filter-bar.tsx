import type { InboxFilters } from '../../app/api-types.js';
import { useT } from '../../i18n/i18n.js';
import { Button } from '../../ui/button.js';
import { cx, focusRing } from '../../ui/class-names.js';
import { Select } from '../../ui/field.js';
import { useChannels } from '../settings/channels/channels-api.js';
import { useTags } from '../settings/tags/tags-api.js';
import { useTeams } from '../settings/teams/teams-api.js';
import { priorities, statuses } from './inbox-filters.js';
import { useMemberDirectory } from './members.js';

type Props = { filters: InboxFilters; onChange: (filters: InboxFilters) => void };

const toggle = <T,>(list: T[] | undefined, value: T): T[] | undefined => {
  const next = list?.includes(value) ? list.filter((item) => item !== value) : [...(list ?? []), value];
  return next.length ? next : undefined;
};

// Dates are typed as days in the reader's calendar; the API wants instants.
const pad = (n: number) => String(n).padStart(2, '0');
const localDay = (date: Date) => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
const dayOf = (iso: string | undefined, shiftDays = 0) => (iso ? localDay(new Date(Date.parse(iso) + shiftDays * 86_400_000)) : '');
const startOfDay = (day: string) => (day ? new Date(`${day}T00:00:00`).toISOString() : undefined);
const endOfDay = (day: string) => (day ? new Date(new Date(`${day}T00:00:00`).getTime() + 86_400_000).toISOString() : undefined);

/** The list's filters: status and priority as toggles, the rest as pickers; empty means "any". */
export function FilterBar({ filters, onChange }: Props) {
  const t = useT();
  const tags = useTags();
  const teams = useTeams();
  const channels = useChannels();
  const { active } = useMemberDirectory();
  const set = (change: Partial<InboxFilters>) => onChange({ ...filters, ...change });
  const single = (value: string) => (value ? [value] : undefined);

  return (
    <div className="flex flex-col gap-3 border-b border-zinc-200 bg-zinc-50/60 px-4 py-3" data-testid="filter-bar">
      <fieldset>
        <legend className="mb-1 text-xs font-medium text-zinc-500">{t('filters.status')}</legend>
        <div className="flex flex-wrap gap-1">
          {statuses.map((status) => (
            <Toggle key={status} pressed={Boolean(filters.status?.includes(status))} onClick={() => set({ status: toggle(filters.status, status) })}>
              {t(`status.${status}`)}
            </Toggle>
          ))}
        </div>
        {filters.status ? null : <p className="mt-1 text-[11px] text-zinc-400">{t('filters.statusDefault')}</p>}
      </fieldset>
      <fieldset>
        <legend className="mb-1 text-xs font-medium text-zinc-500">{t('filters.priority')}</legend>
        <div className="flex flex-wrap gap-1">
          {priorities.map((priority) => (
            <Toggle
              key={priority}
              pressed={Boolean(filters.priority?.includes(priority))}
              onClick={() => set({ priority: toggle(filters.priority, priority) })}
            >
              {t(`priority.${priority}`)}
            </Toggle>
          ))}
        </div>
      </fieldset>
      <div className="grid grid-cols-2 gap-2">
        <Select compact aria-label={t('filters.tag')} value={filters.tagId?.[0] ?? ''} onChange={(event) => set({ tagId: single(event.target.value) })}>
          <option value="">{t('filters.anyTag')}</option>
          {(tags.data?.tags ?? []).map((tag) => (
            <option key={tag.id} value={tag.id}>
              {tag.name}
            </option>
          ))}
        </Select>
        <Select
          compact
          aria-label={t('filters.assignee')}
          value={filters.assigneeId?.[0] ?? ''}
          onChange={(event) => set({ assigneeId: single(event.target.value) })}
        >
          <option value="">{t('filters.anyAssignee')}</option>
          {active.map((member) => (
            <option key={member.id} value={member.id}>
              {member.name}
            </option>
          ))}
        </Select>
        <Select compact aria-label={t('filters.team')} value={filters.teamId?.[0] ?? ''} onChange={(event) => set({ teamId: single(event.target.value) })}>
          <option value="">{t('filters.anyTeam')}</option>
          {(teams.data?.teams ?? []).map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </Select>
        <Select
          compact
          aria-label={t('filters.number')}
          value={filters.channelId?.[0] ?? ''}
          onChange={(event) => set({ channelId: single(event.target.value) })}
        >
          <option value="">{t('filters.anyNumber')}</option>
          {(channels.data?.channels ?? []).map((channel) => (
            <option key={channel.id} value={channel.id}>
              {channel.name}
            </option>
          ))}
        </Select>
        <label className="flex flex-col gap-0.5 text-xs text-zinc-500">
          {t('filters.since')}
          <input
            type="date"
            value={dayOf(filters.since)}
            onChange={(event) => set({ since: startOfDay(event.target.value) })}
            className="h-8 rounded-lg bg-white px-2 text-[13px] text-zinc-900 ring-1 ring-zinc-300 ring-inset focus:ring-2 focus:ring-emerald-600 focus:outline-none"
          />
        </label>
        <label className="flex flex-col gap-0.5 text-xs text-zinc-500">
          {t('filters.until')}
          <input
            type="date"
            value={dayOf(filters.until, -1)}
            onChange={(event) => set({ until: endOfDay(event.target.value) })}
            className="h-8 rounded-lg bg-white px-2 text-[13px] text-zinc-900 ring-1 ring-zinc-300 ring-inset focus:ring-2 focus:ring-emerald-600 focus:outline-none"
          />
        </label>
      </div>
      <div className="flex justify-end">
        <Button
          size="sm"
          variant="ghost"
          onClick={() => onChange({ view: filters.view, sort: filters.sort, q: filters.q })}
        >
          {t('filters.clear')}
        </Button>
      </div>
    </div>
  );
}

function Toggle({ pressed, onClick, children }: { pressed: boolean; onClick: () => void; children: string }) {
  return (
    <button
      type="button"
      aria-pressed={pressed}
      onClick={onClick}
      className={cx(
        'rounded-full px-2.5 py-1 text-xs font-medium ring-1 ring-inset transition-colors',
        focusRing,
        pressed ? 'bg-emerald-600 text-white ring-emerald-600' : 'bg-white text-zinc-700 ring-zinc-300 hover:bg-zinc-50',
      )}
    >
      {children}
    </button>
  );
}
