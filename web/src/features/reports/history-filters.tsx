import { X } from 'lucide-react';
import { type ReactNode, useId, useState } from 'react';
import type { PriorityValue } from '../../app/api-types.js';
import { useT } from '../../i18n/i18n.js';
import { Button } from '../../ui/button.js';
import { Select } from '../../ui/field.js';
import { cx, focusRing } from '../../ui/class-names.js';
import { useChannels } from '../settings/channels/channels-api.js';
import { useMembers } from '../settings/members/members-api.js';
import { useTags } from '../settings/tags/tags-api.js';
import { useTeams } from '../settings/teams/teams-api.js';
import { type HoursKind, type RangePreset, type ReportFilters, activeFilterCount, presetRange, rangePresets, reportPriorities } from './report-filters.js';

type FiltersProps = {
  filters: ReportFilters;
  /** Only the fields that change; the rest stay as the address bar has them. */
  onChange: (patch: Partial<ReportFilters>) => void;
  today: string;
  /** Agents only ever see their own figures: the team and agent filters would change nothing. */
  ownFiguresOnly: boolean;
};

function Labelled({ label, children, className }: { label: string; children: (id: string) => ReactNode; className?: string }) {
  const id = useId();
  return (
    <div className={cx('flex min-w-0 flex-col gap-1', className)}>
      <label htmlFor={id} className="text-xs font-medium text-zinc-600">
        {label}
      </label>
      {children(id)}
    </div>
  );
}

const dateInput = cx(
  'block h-8 w-full min-w-0 rounded-lg bg-white px-2.5 text-[13px] text-zinc-900 shadow-xs ring-1 ring-zinc-300 ring-inset',
  'focus:ring-2 focus:ring-emerald-600 focus:outline-none',
);

/** The period and the filters of the History tab; every change goes to the address bar. */
export function HistoryFilters({ filters, onChange, today, ownFiguresOnly }: FiltersProps) {
  const t = useT();
  const teams = useTeams().data?.teams ?? [];
  const members = (useMembers().data?.members ?? []).filter((member) => member.status === 'active' || member.id === filters.memberId);
  const channels = useChannels().data?.channels ?? [];
  const tags = useTags().data?.tags ?? [];
  const choosePreset = (preset: RangePreset) => onChange(preset === 'custom' ? { preset, from: filters.from, to: filters.to } : { preset, ...presetRange(preset, today) });
  const optional = (value: string) => value || undefined;

  return (
    <section aria-label={t('reports.filters.label')} className="rounded-xl bg-white px-4 py-3.5 shadow-xs ring-1 ring-zinc-200" data-testid="report-filters">
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4">
        <Labelled label={t('reports.range.label')}>
          {(id) => (
            <Select id={id} compact value={filters.preset} onChange={(event) => choosePreset(event.target.value as RangePreset)}>
              {rangePresets.map((preset) => (
                <option key={preset} value={preset}>
                  {t(`reports.range.${preset}`)}
                </option>
              ))}
            </Select>
          )}
        </Labelled>
        {filters.preset === 'custom' ? (
          <>
            <Labelled label={t('reports.range.from')}>
              {(id) => <input id={id} type="date" className={dateInput} value={filters.from} max={today} onChange={(event) => event.target.value && onChange({ from: event.target.value })} />}
            </Labelled>
            <Labelled label={t('reports.range.to')}>
              {(id) => <input id={id} type="date" className={dateInput} value={filters.to} max={today} onChange={(event) => event.target.value && onChange({ to: event.target.value })} />}
            </Labelled>
          </>
        ) : null}
        {ownFiguresOnly ? null : (
          <>
            <Labelled label={t('reports.filter.team')}>
              {(id) => (
                <Select id={id} compact value={filters.teamId ?? ''} onChange={(event) => onChange({ teamId: optional(event.target.value) })}>
                  <option value="">{t('reports.filter.allTeams')}</option>
                  {teams.map((team) => (
                    <option key={team.id} value={team.id}>
                      {team.name}
                    </option>
                  ))}
                </Select>
              )}
            </Labelled>
            <Labelled label={t('reports.filter.agent')}>
              {(id) => (
                <Select id={id} compact value={filters.memberId ?? ''} onChange={(event) => onChange({ memberId: optional(event.target.value) })}>
                  <option value="">{t('reports.filter.allAgents')}</option>
                  {members.map((member) => (
                    <option key={member.id} value={member.id}>
                      {member.name}
                    </option>
                  ))}
                </Select>
              )}
            </Labelled>
          </>
        )}
        <Labelled label={t('reports.filter.channel')}>
          {(id) => (
            <Select id={id} compact value={filters.channelId ?? ''} onChange={(event) => onChange({ channelId: optional(event.target.value) })}>
              <option value="">{t('reports.filter.allChannels')}</option>
              {channels.map((channel) => (
                <option key={channel.id} value={channel.id}>
                  {channel.displayPhoneNumber ? `${channel.name} · ${channel.displayPhoneNumber}` : channel.name}
                </option>
              ))}
            </Select>
          )}
        </Labelled>
        <Labelled label={t('reports.filter.priority')}>
          {(id) => (
            <Select id={id} compact value={filters.priority ?? ''} onChange={(event) => onChange({ priority: optional(event.target.value) as PriorityValue | undefined })}>
              <option value="">{t('reports.filter.allPriorities')}</option>
              {reportPriorities.map((priority) => (
                <option key={priority} value={priority}>
                  {t(`priority.${priority}`)}
                </option>
              ))}
            </Select>
          )}
        </Labelled>
        <Labelled label={t('reports.filter.tag')}>
          {(id) => (
            <Select id={id} compact value={filters.tagId ?? ''} onChange={(event) => onChange({ tagId: optional(event.target.value) })}>
              <option value="">{t('reports.filter.allTags')}</option>
              {tags.map((tag) => (
                <option key={tag.id} value={tag.id}>
                  {tag.name}
                </option>
              ))}
            </Select>
          )}
        </Labelled>
        <Labelled label={t('reports.filter.intent')}>
          {(id) => <IntentInput key={filters.intent ?? ''} id={id} value={filters.intent ?? ''} onCommit={(intent) => onChange({ intent: optional(intent.trim()) })} />}
        </Labelled>
      </div>
      {activeFilterCount(filters) > 0 ? (
        <div className="mt-3 flex justify-end">
          <Button
            size="sm"
            variant="ghost"
            icon={<X className="size-3.5" aria-hidden="true" />}
            onClick={() => onChange({ teamId: undefined, memberId: undefined, channelId: undefined, priority: undefined, tagId: undefined, intent: undefined })}
          >
            {t('reports.filter.clear')}
          </Button>
        </div>
      ) : null}
    </section>
  );
}

/** Free text (intents are whatever the team writes): applied on Enter or when leaving the field. */
function IntentInput({ id, value, onCommit }: { id: string; value: string; onCommit: (value: string) => void }) {
  const t = useT();
  const [draft, setDraft] = useState(value);
  const commit = () => draft.trim() !== value && onCommit(draft);
  return (
    <input
      id={id}
      type="search"
      maxLength={60}
      value={draft}
      placeholder={t('reports.filter.intentPlaceholder')}
      onChange={(event) => setDraft(event.target.value)}
      onBlur={commit}
      onKeyDown={(event) => event.key === 'Enter' && commit()}
      className={dateInput}
    />
  );
}

/** Clock time or business hours (the clock stops outside the team's hours) for every time card. */
export function HoursToggle({ hours, onChange }: { hours: HoursKind; onChange: (hours: HoursKind) => void }) {
  const t = useT();
  return (
    <div role="radiogroup" aria-label={t('reports.hours.label')} className="inline-flex rounded-lg bg-zinc-100 p-0.5">
      {(['clock', 'business'] as const).map((option) => (
        <button
          key={option}
          type="button"
          role="radio"
          aria-checked={hours === option}
          onClick={() => onChange(option)}
          className={cx('rounded-md px-2.5 py-1 text-[13px] font-medium whitespace-nowrap', focusRing, hours === option ? 'bg-white text-zinc-900 shadow-xs' : 'text-zinc-600 hover:text-zinc-900')}
        >
          {t(`reports.hours.${option}`)}
        </button>
      ))}
    </div>
  );
}
