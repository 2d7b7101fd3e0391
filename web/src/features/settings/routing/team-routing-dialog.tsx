import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { api } from '../../../app/api-client.js';
import type { Schedule, ShiftEndPolicyValue, Strategy, TeamItem, TeamRoutingValue } from '../../../app/api-types.js';
import { useSession } from '../../../app/session.js';
import { errorMessage, fieldErrors } from '../../../i18n/error-messages.js';
import { useT } from '../../../i18n/i18n.js';
import { Alert } from '../../../ui/alert.js';
import { Button } from '../../../ui/button.js';
import { Dialog } from '../../../ui/dialog.js';
import { TextAreaField } from '../../../ui/field.js';
import { Spinner } from '../../../ui/spinner.js';
import { useToast } from '../../../ui/toast.js';
import { useMemberDirectory } from '../../inbox/members.js';
import { agentsKey, shiftEndPolicies, strategies, teamRoutingKey, useTeamRouting } from './routing-api.js';
import { scheduleProblems } from './schedule-editor.js';
import { problemsUnder, ScheduleField } from './schedule-field.js';

type Props = { team: TeamItem; editable: boolean; onClose: () => void };

/** A team's hours, what happens at the end of a shift, how work is shared, the out-of-hours reply and capacities. */
export function TeamRoutingDialog({ team, editable, onClose }: Props) {
  const t = useT();
  const routing = useTeamRouting(team.id);
  return (
    <Dialog open onClose={onClose} size="xl" title={t('teamRouting.title', { name: team.name })} description={t('teamRouting.subtitle')}>
      {routing.error ? (
        <div className="pb-4">
          <Alert>{errorMessage(t, routing.error)}</Alert>
        </div>
      ) : routing.data ? (
        <TeamRoutingForm key={routing.dataUpdatedAt} team={team} routing={routing.data} editable={editable} onClose={onClose} />
      ) : (
        <div className="flex justify-center py-10 text-zinc-400">
          <Spinner className="size-5" />
        </div>
      )}
    </Dialog>
  );
}

function TeamRoutingForm({ team, routing, editable, onClose }: { team: TeamItem; routing: TeamRoutingValue; editable: boolean; onClose: () => void }) {
  const t = useT();
  const toast = useToast();
  const session = useSession();
  const queryClient = useQueryClient();
  const { byId } = useMemberDirectory();
  const name = useId();
  const [businessHours, setBusinessHours] = useState<Schedule | null>(routing.businessHours);
  const [policy, setPolicy] = useState<ShiftEndPolicyValue>(routing.shiftEndPolicy);
  const [strategy, setStrategy] = useState<Strategy>(routing.defaultStrategy);
  const [reply, setReply] = useState(routing.outOfHoursReply ?? '');
  const [capacities, setCapacities] = useState<Record<string, string>>(() => Object.fromEntries(team.memberIds.map((id) => [id, routing.capacities[id] === undefined ? '' : String(routing.capacities[id])])));
  const [problems, setProblems] = useState<Record<string, string>>({});

  const save = useMutation({
    mutationFn: (body: TeamRoutingValue) => api.patch<TeamRoutingValue>(`/teams/${team.id}/routing`, body),
    onSuccess: (saved) => {
      queryClient.setQueryData(teamRoutingKey(team.id), saved);
      void queryClient.invalidateQueries({ queryKey: agentsKey });
      toast(t('common.saved'));
      onClose();
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    for (const [id, value] of Object.entries(capacities)) {
      const number = Number(value);
      if (value.trim() !== '' && (!Number.isInteger(number) || number < 0 || number > 1000)) found[`capacities.${id}`] = t('agents.capacityInvalid');
    }
    if (businessHours) for (const [path, message] of Object.entries(scheduleProblems(t, businessHours))) found[`businessHours.${path}`] = message;
    setProblems(found);
    if (Object.keys(found).length) return;
    save.mutate({
      businessHours,
      shiftEndPolicy: policy,
      defaultStrategy: strategy,
      outOfHoursReply: reply.trim() || null,
      capacities: Object.fromEntries(Object.entries(capacities).filter(([, value]) => value.trim() !== '').map(([id, value]) => [id, Number(value)])),
    });
  };

  const serverFields = fieldErrors(t, save.error);
  const errors = { ...serverFields, ...problems };
  const choice = <Value extends string>(group: string, value: Value, current: Value, onPick: (value: Value) => void, label: string, hint: string) => (
    <label key={value} className="flex cursor-pointer items-start gap-2.5 rounded-lg px-3 py-2 ring-1 ring-zinc-200 has-checked:bg-emerald-50/60 has-checked:ring-emerald-600">
      <input type="radio" name={`${name}-${group}`} className="mt-0.5 size-4 shrink-0 accent-emerald-600" checked={current === value} onChange={() => onPick(value)} />
      <span className="min-w-0">
        <span className="block text-sm font-medium text-zinc-900">{label}</span>
        <span className="block text-[13px] text-zinc-500">{hint}</span>
      </span>
    </label>
  );

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-6 pb-5">
      {save.error && Object.keys(serverFields).length === 0 ? <Alert>{errorMessage(t, save.error)}</Alert> : null}
      <fieldset disabled={!editable} className="flex min-w-0 flex-col gap-6">
        <ScheduleField
          legend={t('teamRouting.hours')}
          value={businessHours}
          onChange={setBusinessHours}
          offLabel={t('hours.alwaysOpen')}
          offHint={t('teamRouting.alwaysOpenHint')}
          onLabel={t('hours.scheduled')}
          onHint={t('hours.scheduledHint')}
          defaultTimeZone={session.workspace?.timeZone ?? session.user.timeZone}
          daysOffKind="holidays"
          disabled={!editable}
          errors={problemsUnder(errors, 'businessHours')}
        />

        <TextAreaField
          label={t('teamRouting.reply')}
          hint={t('teamRouting.replyHint')}
          error={errors.outOfHoursReply}
          rows={3}
          maxLength={1000}
          value={reply}
          placeholder={t('teamRouting.replyPlaceholder')}
          onChange={(event) => setReply(event.target.value)}
        />

        <fieldset className="min-w-0">
          <legend className="mb-1.5 text-[13px] font-medium text-zinc-800">{t('teamRouting.strategy')}</legend>
          <div className="grid gap-2 sm:grid-cols-2">{strategies.map((value) => choice('strategy', value, strategy, setStrategy, t(`strategy.${value}`), t(`strategy.${value}Hint`)))}</div>
        </fieldset>

        <fieldset className="min-w-0">
          <legend className="mb-1.5 text-[13px] font-medium text-zinc-800">{t('teamRouting.shiftEnd')}</legend>
          <div className="grid gap-2 sm:grid-cols-3">{shiftEndPolicies.map((value) => choice('policy', value, policy, setPolicy, t(`shiftEnd.${value}`), t(`shiftEnd.${value}Hint`)))}</div>
        </fieldset>

        <fieldset className="min-w-0">
          <legend className="text-[13px] font-medium text-zinc-800">{t('teamRouting.capacities')}</legend>
          <p className="mb-2 text-[13px] text-zinc-500">{t('teamRouting.capacitiesHint')}</p>
          {team.memberIds.length ? (
            <ul className="divide-y divide-zinc-100 rounded-lg ring-1 ring-zinc-200">
              {team.memberIds.map((id) => {
                const member = byId.get(id);
                const problem = errors[`capacities.${id}`];
                return (
                  <li key={id} className="flex flex-wrap items-center gap-3 px-3 py-2">
                    <span className="min-w-0 flex-1 truncate text-sm text-zinc-900">{member?.name ?? '…'}</span>
                    <input
                      type="number"
                      inputMode="numeric"
                      min={0}
                      max={1000}
                      aria-label={t('teamRouting.capacityOf', { name: member?.name ?? '' })}
                      placeholder={t('teamRouting.ownCapacity')}
                      value={capacities[id] ?? ''}
                      onChange={(event) => setCapacities((current) => ({ ...current, [id]: event.target.value }))}
                      className={`h-8 w-32 rounded-lg bg-white px-2 text-[13px] tabular-nums shadow-xs ring-1 ring-inset placeholder:text-zinc-400 focus:ring-2 focus:ring-emerald-600 focus:outline-none disabled:bg-zinc-50 ${problem ? 'ring-red-500' : 'ring-zinc-300'}`}
                    />
                    {problem ? (
                      <p className="w-full text-[13px] text-red-600" role="alert">
                        {problem}
                      </p>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          ) : (
            <p className="text-[13px] text-zinc-500">{t('teamRouting.noMembers')}</p>
          )}
        </fieldset>
      </fieldset>
      <div className="flex justify-end gap-2">
        <Button onClick={onClose}>{editable ? t('common.cancel') : t('common.close')}</Button>
        {editable ? (
          <Button type="submit" variant="primary" loading={save.isPending}>
            {t('common.save')}
          </Button>
        ) : null}
      </div>
    </form>
  );
}
