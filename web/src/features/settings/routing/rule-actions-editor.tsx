import type { PriorityValue, RoutingRuleInput, Strategy } from '../../../app/api-types.js';
import { useT } from '../../../i18n/i18n.js';
import { cx } from '../../../ui/class-names.js';
import { SelectField, TextField } from '../../../ui/field.js';
import { tagColour, useTags } from '../tags/tags-api.js';
import { useTeams } from '../teams/teams-api.js';
import { strategies } from './routing-api.js';

type Actions = RoutingRuleInput['actions'];
type Props = {
  actions: Actions;
  stop: boolean;
  onChange: (actions: Actions) => void;
  onStopChange: (stop: boolean) => void;
  /** Problems keyed by path inside the rule ("actions.teamId", "actions.tagIds.0"). */
  errors: Record<string, string>;
};

const priorities: PriorityValue[] = ['urgent', 'high', 'normal', 'low'];
const firstUnder = (errors: Record<string, string>, path: string) => errors[path] ?? Object.entries(errors).find(([key]) => key.startsWith(`${path}.`))?.[1];

/** What a matching rule does: team, priority, tags, intent, how to pick the agent, escalation, stop. */
export function RuleActionsEditor({ actions, stop, onChange, onStopChange, errors }: Props) {
  const t = useT();
  const teams = useTeams().data?.teams ?? [];
  const tags = useTags().data?.tags ?? [];
  const set = (changes: Partial<Actions>) => onChange({ ...actions, ...changes });
  const tagsError = firstUnder(errors, 'actions.tagIds');
  return (
    <div className="flex flex-col gap-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField label={t('ruleEditor.team')} value={actions.teamId ?? ''} onChange={(event) => set({ teamId: event.target.value || null })} error={errors['actions.teamId']}>
          <option value="">{t('ruleEditor.noTeam')}</option>
          {teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('ruleEditor.priority')} value={actions.priority ?? ''} onChange={(event) => set({ priority: (event.target.value || null) as PriorityValue | null })} error={errors['actions.priority']}>
          <option value="">{t('ruleEditor.keepPriority')}</option>
          {priorities.map((priority) => (
            <option key={priority} value={priority}>
              {t(`priority.${priority}`)}
            </option>
          ))}
        </SelectField>
        <TextField
          label={t('ruleEditor.intent')}
          hint={t('ruleEditor.intentActionHint')}
          placeholder={t('ruleEditor.intentPlaceholder')}
          maxLength={60}
          value={actions.intent ?? ''}
          onChange={(event) => set({ intent: event.target.value ? event.target.value : null })}
          error={errors['actions.intent']}
        />
      </div>

      <fieldset className="min-w-0">
        <legend className="mb-1.5 text-[13px] font-medium text-zinc-800">{t('ruleEditor.tags')}</legend>
        {tags.length ? (
          <div className="flex flex-wrap gap-1.5">
            {tags.map((tag) => {
              const on = actions.tagIds.includes(tag.id);
              const colour = tagColour(tag.color);
              return (
                <label key={tag.id} className={cx('inline-flex cursor-pointer items-center gap-1.5 rounded-full px-2.5 py-1 text-[13px] ring-1 ring-inset', on ? colour.chip : 'bg-white text-zinc-600 ring-zinc-200 hover:bg-zinc-50')}>
                  <input
                    type="checkbox"
                    className="size-3.5 accent-emerald-600"
                    checked={on}
                    onChange={(event) => set({ tagIds: event.target.checked ? [...actions.tagIds, tag.id] : actions.tagIds.filter((id) => id !== tag.id) })}
                  />
                  {tag.name}
                </label>
              );
            })}
          </div>
        ) : (
          <p className="text-[13px] text-zinc-500">{t('ruleEditor.noTags')}</p>
        )}
        {tagsError ? (
          <p className="mt-1 text-[13px] text-red-600" role="alert">
            {tagsError}
          </p>
        ) : null}
      </fieldset>

      <fieldset className="min-w-0">
        <legend className="mb-1.5 text-[13px] font-medium text-zinc-800">{t('ruleEditor.strategy')}</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {([null, ...strategies] as (Strategy | null)[]).map((strategy) => (
            <label
              key={strategy ?? 'team'}
              className="flex cursor-pointer items-start gap-2.5 rounded-lg px-3 py-2 ring-1 ring-zinc-200 has-checked:bg-emerald-50/60 has-checked:ring-emerald-600"
            >
              <input type="radio" name="rule-strategy" className="mt-0.5 size-4 shrink-0 accent-emerald-600" checked={actions.strategy === strategy} onChange={() => set({ strategy })} />
              <span className="min-w-0">
                <span className="block text-sm font-medium text-zinc-900">{strategy ? t(`strategy.${strategy}`) : t('strategy.teamDefault')}</span>
                <span className="block text-[13px] text-zinc-500">{strategy ? t(`strategy.${strategy}Hint`) : t('strategy.teamDefaultHint')}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>

      <div className="flex flex-col gap-3">
        <Check label={t('ruleEditor.escalate')} hint={t('ruleEditor.escalateHint')} checked={actions.escalate} onChange={(escalate) => set({ escalate })} />
        <Check label={t('ruleEditor.stop')} hint={t('ruleEditor.stopHint')} checked={stop} onChange={onStopChange} />
      </div>
    </div>
  );
}

function Check({ label, hint, checked, onChange }: { label: string; hint: string; checked: boolean; onChange: (value: boolean) => void }) {
  return (
    <label className="flex cursor-pointer items-start gap-2.5">
      <input type="checkbox" className="mt-0.5 size-4 shrink-0 accent-emerald-600" checked={checked} onChange={(event) => onChange(event.target.checked)} />
      <span className="min-w-0">
        <span className="block text-sm font-medium text-zinc-900">{label}</span>
        <span className="block text-[13px] text-zinc-500">{hint}</span>
      </span>
    </label>
  );
}
