import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../../../app/api-client.js';
import type { PriorityValue, RoutingSettings, Schedule } from '../../../app/api-types.js';
import { canManageWorkspace, useSession } from '../../../app/session.js';
import { errorMessage, fieldErrors } from '../../../i18n/error-messages.js';
import { useT } from '../../../i18n/i18n.js';
import { Alert } from '../../../ui/alert.js';
import { Button } from '../../../ui/button.js';
import { Card, PageHeader } from '../../../ui/card.js';
import { TextField } from '../../../ui/field.js';
import { Spinner } from '../../../ui/spinner.js';
import { Switch } from '../../../ui/switch.js';
import { useToast } from '../../../ui/toast.js';
import { agentsKey, routingSettingsKey, useRoutingSettings } from './routing-api.js';
import { scheduleProblems } from './schedule-editor.js';
import { problemsUnder, ScheduleField } from './schedule-field.js';

const priorities: PriorityValue[] = ['urgent', 'high', 'normal', 'low'];
const targetKinds = ['firstResponse', 'nextResponse', 'resolution'] as const;
type TargetKind = (typeof targetKinds)[number];
type Targets = Record<PriorityValue, Record<TargetKind, string>>;

// Key order differs between what the server stores and what the form builds; compare values only.
const fingerprint = (value: RoutingSettings) =>
  JSON.stringify([
    value.awayAfterMinutes,
    value.defaultCapacity,
    value.sla.enabled,
    value.sla.hours,
    value.sla.warnAtPercent,
    priorities.map((priority) => targetKinds.map((kind) => value.sla.targets[priority][kind])),
    value.businessHours,
    value.unmatched,
  ]);

const minutesText = (value: number | null) => (value === null ? '' : String(value));

/** SLA y disponibilidad: when an idle agent counts as away, default capacity, SLA targets and the workspace's hours. */
export function SlaPage() {
  const t = useT();
  const settings = useRoutingSettings();
  const editable = canManageWorkspace(useSession());
  return (
    <div className="flex max-w-4xl flex-col gap-6">
      <PageHeader title={t('sla.title')} description={t('sla.subtitle')} />
      {editable ? null : <Alert tone="info">{t('sla.readOnly')}</Alert>}
      {settings.error ? <Alert>{errorMessage(t, settings.error)}</Alert> : null}
      {settings.isPending ? (
        <div className="flex justify-center py-10 text-zinc-400">
          <Spinner className="size-5" />
        </div>
      ) : settings.data ? (
        <SlaForm key={settings.dataUpdatedAt} settings={settings.data} editable={editable} />
      ) : null}
    </div>
  );
}

function SlaForm({ settings, editable }: { settings: RoutingSettings; editable: boolean }) {
  const t = useT();
  const toast = useToast();
  const session = useSession();
  const queryClient = useQueryClient();
  const [away, setAway] = useState(String(settings.awayAfterMinutes));
  const [capacity, setCapacity] = useState(String(settings.defaultCapacity));
  const [enabled, setEnabled] = useState(settings.sla.enabled);
  const [hours, setHours] = useState(settings.sla.hours);
  const [warnAt, setWarnAt] = useState(String(settings.sla.warnAtPercent));
  const [targets, setTargets] = useState<Targets>(
    () => Object.fromEntries(priorities.map((priority) => [priority, Object.fromEntries(targetKinds.map((kind) => [kind, minutesText(settings.sla.targets[priority][kind])]))])) as Targets,
  );
  const [businessHours, setBusinessHours] = useState<Schedule | null>(settings.businessHours);
  const [unmatchedToAnyone, setUnmatchedToAnyone] = useState(settings.unmatched === 'anyone');
  const [problems, setProblems] = useState<Record<string, string>>({});

  const next: RoutingSettings = {
    awayAfterMinutes: Number(away),
    defaultCapacity: Number(capacity),
    sla: {
      enabled,
      hours,
      warnAtPercent: Number(warnAt),
      targets: Object.fromEntries(
        priorities.map((priority) => [priority, Object.fromEntries(targetKinds.map((kind) => [kind, targets[priority][kind].trim() === '' ? null : Number(targets[priority][kind])]))]),
      ) as RoutingSettings['sla']['targets'],
    },
    businessHours,
    unmatched: unmatchedToAnyone ? 'anyone' : 'wait',
  };
  const changed = fingerprint(next) !== fingerprint(settings);

  const save = useMutation({
    mutationFn: () => api.patch<RoutingSettings>('/routing/settings', next),
    onSuccess: (saved) => {
      queryClient.setQueryData(routingSettingsKey, saved);
      void queryClient.invalidateQueries({ queryKey: agentsKey });
      toast(t('common.saved'));
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    const whole = (value: string, min: number, max: number) => value.trim() !== '' && Number.isInteger(Number(value)) && Number(value) >= min && Number(value) <= max;
    if (!whole(away, 1, 1440)) found.awayAfterMinutes = t('sla.between', { min: 1, max: 1440 });
    if (!whole(capacity, 0, 1000)) found.defaultCapacity = t('sla.between', { min: 0, max: 1000 });
    if (!whole(warnAt, 10, 99)) found['sla.warnAtPercent'] = t('sla.between', { min: 10, max: 99 });
    for (const priority of priorities) {
      for (const kind of targetKinds) {
        const value = targets[priority][kind];
        if (value.trim() !== '' && !whole(value, 1, 43200)) found[`sla.targets.${priority}.${kind}`] = t('sla.between', { min: 1, max: 43200 });
      }
    }
    if (businessHours) for (const [path, message] of Object.entries(scheduleProblems(t, businessHours))) found[`businessHours.${path}`] = message;
    setProblems(found);
    if (Object.keys(found).length === 0 && changed) save.mutate();
  };

  const errors = { ...fieldErrors(t, save.error), ...problems };
  const targetError = priorities.flatMap((priority) => targetKinds.map((kind) => errors[`sla.targets.${priority}.${kind}`])).find(Boolean);
  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-6">
      {save.error && Object.keys(errors).length === 0 ? <Alert>{errorMessage(t, save.error)}</Alert> : null}
      <fieldset disabled={!editable} className="flex min-w-0 flex-col gap-6">
        <Card title={t('sla.availabilityTitle')} description={t('sla.availabilitySubtitle')}>
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField label={t('sla.awayAfter')} hint={t('sla.awayAfterHint')} type="number" inputMode="numeric" min={1} max={1440} value={away} onChange={(event) => setAway(event.target.value)} error={errors.awayAfterMinutes} />
            <TextField label={t('sla.defaultCapacity')} hint={t('sla.defaultCapacityHint')} type="number" inputMode="numeric" min={0} max={1000} value={capacity} onChange={(event) => setCapacity(event.target.value)} error={errors.defaultCapacity} />
          </div>
          <div className="mt-5">
            <Switch label={t('sla.unmatchedToAnyone')} hint={t('sla.unmatchedToAnyoneHint')} checked={unmatchedToAnyone} onChange={setUnmatchedToAnyone} />
          </div>
        </Card>

        <Card title={t('sla.slaTitle')} description={t('sla.slaSubtitle')}>
          <div className="flex flex-col gap-5">
            <Switch label={t('sla.enabled')} hint={t('sla.enabledHint')} checked={enabled} onChange={setEnabled} />
            <div className="grid gap-4 sm:grid-cols-2">
              <fieldset className="min-w-0">
                <legend className="mb-1.5 text-[13px] font-medium text-zinc-800">{t('sla.hours')}</legend>
                <div className="flex flex-col gap-2">
                  {(['business', 'clock'] as const).map((option) => (
                    <label key={option} className="flex items-start gap-2 text-sm text-zinc-700">
                      <input type="radio" name="sla-hours" className="mt-0.5 size-4 shrink-0 accent-emerald-600" checked={hours === option} onChange={() => setHours(option)} />
                      <span>
                        <span className="block text-zinc-900">{t(option === 'business' ? 'sla.businessHours' : 'sla.clockHours')}</span>
                        <span className="block text-[13px] text-zinc-500">{t(option === 'business' ? 'sla.businessHoursHint' : 'sla.clockHoursHint')}</span>
                      </span>
                    </label>
                  ))}
                </div>
              </fieldset>
              <TextField label={t('sla.warnAt')} hint={t('sla.warnAtHint')} type="number" inputMode="numeric" min={10} max={99} value={warnAt} onChange={(event) => setWarnAt(event.target.value)} error={errors['sla.warnAtPercent']} />
            </div>
            <div>
              <p className="text-[13px] font-medium text-zinc-800">{t('sla.targets')}</p>
              <p className="mb-2 text-[13px] text-zinc-500">{t('sla.targetsHint')}</p>
              <div className="overflow-x-auto rounded-lg ring-1 ring-zinc-200">
                <table className="w-full min-w-[30rem] text-left text-[13px]">
                  <thead className="border-b border-zinc-100 bg-zinc-50/60 text-xs text-zinc-500">
                    <tr>
                      <th scope="col" className="py-2 pr-2 pl-3 font-medium">
                        {t('priority.label')}
                      </th>
                      {targetKinds.map((kind) => (
                        <th key={kind} scope="col" className="px-2 py-2 font-medium">
                          {t(`sla.${kind}`)}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-zinc-100">
                    {priorities.map((priority) => (
                      <tr key={priority}>
                        <th scope="row" className="py-2 pr-2 pl-3 font-medium text-zinc-800">
                          {t(`priority.${priority}`)}
                        </th>
                        {targetKinds.map((kind) => (
                          <td key={kind} className="px-2 py-1.5">
                            <MinutesInput
                              label={t('sla.targetLabel', { kind: t(`sla.${kind}`), priority: t(`priority.${priority}`) })}
                              value={targets[priority][kind]}
                              invalid={Boolean(errors[`sla.targets.${priority}.${kind}`])}
                              onChange={(value) => setTargets((current) => ({ ...current, [priority]: { ...current[priority], [kind]: value } }))}
                            />
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {targetError ? (
                <p className="mt-1.5 text-[13px] text-red-600" role="alert">
                  {targetError}
                </p>
              ) : null}
            </div>
          </div>
        </Card>

        <Card title={t('sla.hoursTitle')} description={t('sla.hoursSubtitle')}>
          <ScheduleField
            legend={t('sla.hoursLegend')}
            value={businessHours}
            onChange={setBusinessHours}
            offLabel={t('hours.alwaysOpen')}
            offHint={t('hours.alwaysOpenHint')}
            onLabel={t('hours.scheduled')}
            onHint={t('hours.scheduledHint')}
            defaultTimeZone={session.workspace?.timeZone ?? session.user.timeZone}
            daysOffKind="holidays"
            disabled={!editable}
            errors={problemsUnder(errors, 'businessHours')}
          />
        </Card>
      </fieldset>
      {editable ? (
        <div className="flex justify-end">
          <Button type="submit" variant="primary" loading={save.isPending} disabled={!changed}>
            {t('common.save')}
          </Button>
        </div>
      ) : null}
    </form>
  );
}

/** Minutes, with the hours or days it makes shown beside it so "1440" reads as "1 d". */
function MinutesInput({ label, value, invalid, onChange }: { label: string; value: string; invalid: boolean; onChange: (value: string) => void }) {
  const t = useT();
  const minutes = Number(value);
  const readable = value.trim() === '' || !Number.isFinite(minutes) || minutes < 60 ? null : minutes % 1440 === 0 ? t('duration.days', { n: minutes / 1440 }) : minutes % 60 === 0 ? t('duration.hours', { n: minutes / 60 }) : null;
  return (
    <div className="flex items-center gap-1.5">
      <input
        type="number"
        inputMode="numeric"
        min={1}
        aria-label={label}
        aria-invalid={invalid || undefined}
        placeholder={t('sla.noTarget')}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        className={`h-8 w-20 rounded-lg bg-white px-2 text-[13px] text-zinc-900 tabular-nums shadow-xs ring-1 ring-inset placeholder:text-zinc-400 focus:ring-2 focus:ring-emerald-600 focus:outline-none disabled:bg-zinc-50 ${invalid ? 'ring-red-500' : 'ring-zinc-300'}`}
      />
      <span className="w-10 text-xs text-zinc-500">{readable}</span>
    </div>
  );
}
