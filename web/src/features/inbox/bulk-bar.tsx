import { CheckCircle2, X } from 'lucide-react';
import type { BulkAction, PriorityValue } from '../../app/api-types.js';
import { errorMessage } from '../../i18n/error-messages.js';
import { useT } from '../../i18n/i18n.js';
import { Button } from '../../ui/button.js';
import { Select } from '../../ui/field.js';
import { useToast } from '../../ui/toast.js';
import { useTags } from '../settings/tags/tags-api.js';
import { useTeams } from '../settings/teams/teams-api.js';
import { useBulk } from './inbox-api.js';
import { priorities } from './inbox-filters.js';
import { useMemberDirectory } from './members.js';

/** Acts on the checked conversations at once; each one succeeds or fails on its own, and the toast says how many. */
export function BulkBar({ selected, onDone }: { selected: string[]; onDone: () => void }) {
  const t = useT();
  const toast = useToast();
  const bulk = useBulk();
  const tags = useTags();
  const teams = useTeams();
  const { active } = useMemberDirectory();

  const run = (action: BulkAction) =>
    bulk.mutate(
      { conversationIds: selected, action },
      {
        onSuccess: ({ results }) => {
          const failed = results.filter((result) => !result.ok).length;
          toast(
            failed ? `${t('bulk.done', { count: results.length - failed })}, ${t('bulk.failed', { count: failed })}` : t('bulk.done', { count: results.length }),
            failed ? 'error' : 'success',
          );
          onDone();
        },
        onError: (error) => toast(errorMessage(t, error), 'error'),
      },
    );

  return (
    <div className="flex flex-wrap items-center gap-2 border-b border-emerald-200 bg-emerald-50 px-4 py-2" role="toolbar" aria-label={t('bulk.label')}>
      <span className="text-[13px] font-medium text-emerald-900">{t('bulk.selected', { count: selected.length })}</span>
      <Button size="sm" variant="ghost" onClick={onDone} icon={<X className="size-3.5" aria-hidden="true" />}>
        {t('bulk.clear')}
      </Button>
      <div className="flex w-full flex-wrap gap-2">
        <Select
          compact
          aria-label={t('bulk.assign')}
          value=""
          disabled={bulk.isPending}
          onChange={(event) => {
            const [kind, id] = event.target.value.split(':');
            if (kind === 'member') run({ type: 'assign', assigneeId: id || null });
            // "Equipo: X" is that team's queue: nobody owns them there.
            if (kind === 'team') run({ type: 'assign', teamId: id || null, assigneeId: null });
          }}
        >
          <option value="">{t('bulk.assign')}</option>
          <option value="member:">{t('bulk.unassign')}</option>
          {active.map((member) => (
            <option key={member.id} value={`member:${member.id}`}>
              {member.name}
            </option>
          ))}
          {(teams.data?.teams ?? []).map((team) => (
            <option key={team.id} value={`team:${team.id}`}>
              {t('bulk.team', { name: team.name })}
            </option>
          ))}
        </Select>
        <Select
          compact
          aria-label={t('bulk.tag')}
          value=""
          disabled={bulk.isPending}
          onChange={(event) => event.target.value && run({ type: 'tag', addTagIds: [event.target.value] })}
        >
          <option value="">{t('bulk.tag')}</option>
          {(tags.data?.tags ?? []).map((tag) => (
            <option key={tag.id} value={tag.id}>
              {tag.name}
            </option>
          ))}
        </Select>
        <Select
          compact
          aria-label={t('bulk.priority')}
          value=""
          disabled={bulk.isPending}
          onChange={(event) => event.target.value && run({ type: 'priority', priority: event.target.value as PriorityValue })}
        >
          <option value="">{t('bulk.priority')}</option>
          {priorities.map((priority) => (
            <option key={priority} value={priority}>
              {t(`priority.${priority}`)}
            </option>
          ))}
        </Select>
        <Button
          size="sm"
          loading={bulk.isPending}
          icon={<CheckCircle2 className="size-3.5" aria-hidden="true" />}
          onClick={() => run({ type: 'resolve' })}
        >
          {t('bulk.resolve')}
        </Button>
      </div>
    </div>
  );
}
