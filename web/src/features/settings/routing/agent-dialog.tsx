import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { api } from '../../../app/api-client.js';
import type { AgentRoutingItem, AvailabilityValue, Schedule } from '../../../app/api-types.js';
import { useSession } from '../../../app/session.js';
import { errorMessage, fieldErrors } from '../../../i18n/error-messages.js';
import { useT } from '../../../i18n/i18n.js';
import { Alert } from '../../../ui/alert.js';
import { Button } from '../../../ui/button.js';
import { Dialog } from '../../../ui/dialog.js';
import { SelectField, TextField } from '../../../ui/field.js';
import { useToast } from '../../../ui/toast.js';
import { agentsKey, queueKey, useRoutingSettings } from './routing-api.js';
import { scheduleProblems } from './schedule-editor.js';
import { problemsUnder, ScheduleField } from './schedule-field.js';

const presences: AvailabilityValue[] = ['online', 'away', 'offline'];

/** One member's routing: how many open conversations they take, their shift and leave, their presence. */
export function AgentDialog({ agent, onClose }: { agent: AgentRoutingItem; onClose: () => void }) {
  const t = useT();
  const toast = useToast();
  const formId = useId();
  const queryClient = useQueryClient();
  const session = useSession();
  const defaultCapacity = useRoutingSettings().data?.defaultCapacity;
  const [capacity, setCapacity] = useState(agent.capacityOverride === null ? '' : String(agent.capacityOverride));
  const [status, setStatus] = useState<AvailabilityValue>(agent.status);
  const [shift, setShift] = useState<Schedule | null>(agent.shift);
  const [problems, setProblems] = useState<Record<string, string>>({});

  const capacityValue = capacity.trim() === '' ? null : Number(capacity);
  const changes = {
    ...(capacityValue !== agent.capacityOverride ? { capacity: capacityValue } : {}),
    ...(status !== agent.status ? { status } : {}),
    ...(JSON.stringify(shift) !== JSON.stringify(agent.shift) ? { shift } : {}),
  };
  const save = useMutation({
    mutationFn: () => api.patch<AgentRoutingItem>(`/routing/agents/${agent.membershipId}`, changes),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: agentsKey });
      void queryClient.invalidateQueries({ queryKey: queueKey });
      toast(t('common.saved'));
      onClose();
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (capacityValue !== null && (!Number.isInteger(capacityValue) || capacityValue < 0 || capacityValue > 1000)) found.capacity = t('agents.capacityInvalid');
    if (shift) for (const [path, message] of Object.entries(scheduleProblems(t, shift))) found[`shift.${path}`] = message;
    setProblems(found);
    if (Object.keys(found).length) return;
    if (Object.keys(changes).length === 0) return onClose();
    save.mutate();
  };

  const serverFields = fieldErrors(t, save.error);
  const errors = { ...serverFields, ...problems };
  const known = Object.keys(serverFields).some((path) => path === 'capacity' || path === 'status' || path.startsWith('shift.'));
  return (
    <Dialog
      open
      onClose={onClose}
      size="xl"
      title={t('agents.editTitle', { name: agent.name })}
      description={t('agents.editSubtitle')}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" form={formId} variant="primary" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} noValidate className="flex flex-col gap-5 pb-4">
        {save.error && !known ? <Alert>{errorMessage(t, save.error)}</Alert> : null}
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label={t('agents.capacity')}
            hint={defaultCapacity === undefined ? t('agents.capacityHintPlain') : t('agents.capacityHint', { count: defaultCapacity })}
            inputMode="numeric"
            type="number"
            min={0}
            max={1000}
            placeholder={defaultCapacity === undefined ? '' : String(defaultCapacity)}
            value={capacity}
            onChange={(event) => setCapacity(event.target.value)}
            error={errors.capacity}
          />
          <SelectField label={t('agents.presenceLabel')} hint={t('agents.presenceHint')} value={status} onChange={(event) => setStatus(event.target.value as AvailabilityValue)} error={errors.status}>
            {presences.map((presence) => (
              <option key={presence} value={presence}>
                {t(`agents.presence.${presence}`)}
              </option>
            ))}
          </SelectField>
        </div>
        <ScheduleField
          legend={t('agents.shiftLegend')}
          value={shift}
          onChange={setShift}
          offLabel={t('agents.noShiftLabel')}
          offHint={t('agents.noShiftHint')}
          onLabel={t('agents.shiftLabel')}
          onHint={t('agents.shiftHint')}
          defaultTimeZone={session.workspace?.timeZone ?? session.user.timeZone}
          daysOffKind="leave"
          errors={problemsUnder(errors, 'shift')}
        />
      </form>
    </Dialog>
  );
}
