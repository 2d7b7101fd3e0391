import { type FormEvent, useId, useState } from 'react';
import type { Conversation } from '../../app/api-types.js';
import { errorMessage } from '../../i18n/error-messages.js';
import { useT } from '../../i18n/i18n.js';
import { Alert } from '../../ui/alert.js';
import { Button } from '../../ui/button.js';
import { cx } from '../../ui/class-names.js';
import { Dialog } from '../../ui/dialog.js';
import { SelectField, TextField } from '../../ui/field.js';
import { useToast } from '../../ui/toast.js';
import { useTeams } from '../settings/teams/teams-api.js';
import { useAssign, useEscalate, useUpdateConversation } from './inbox-api.js';
import { useMemberDirectory } from './members.js';

const textareaClasses =
  'block min-h-20 w-full rounded-lg bg-white px-3 py-2 text-sm text-zinc-900 shadow-xs ring-1 ring-zinc-300 ring-inset placeholder:text-zinc-400 focus:ring-2 focus:ring-emerald-600 focus:outline-none';

function NoteField({ label, hint, value, onChange, error }: { label: string; hint?: string; value: string; onChange: (value: string) => void; error?: string }) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-[13px] font-medium text-zinc-800">
        {label}
      </label>
      <textarea
        id={id}
        value={value}
        maxLength={4000}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        className={cx(textareaClasses, error && 'ring-red-500')}
      />
      {error ? (
        <p className="text-[13px] text-red-600" role="alert">
          {error}
        </p>
      ) : hint ? (
        <p className="text-[13px] text-zinc-500">{hint}</p>
      ) : null}
    </div>
  );
}

/**
 * "Derivar": to a member, a team's queue, or both. Handing off your own conversation needs a note,
 * which is pinned for the next owner so they do not have to read the whole history.
 */
export function HandoffDialog({ open, onClose, conversation }: { open: boolean; onClose: () => void; conversation: Conversation }) {
  const t = useT();
  const toast = useToast();
  const teams = useTeams();
  const { active, byId, myId } = useMemberDirectory();
  const currentOwner = conversation.assigneeMemberId ? byId.get(conversation.assigneeMemberId) : undefined;
  const assign = useAssign(conversation.id);
  const [memberId, setMemberId] = useState('');
  const [teamId, setTeamId] = useState(conversation.teamId ?? '');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string>();
  const mine = conversation.assigneeMemberId !== null && conversation.assigneeMemberId === myId;
  const teamChanged = teamId !== (conversation.teamId ?? '');
  // Moving your own conversation to another team while keeping it is not handing it off.
  const noteRequired = mine && memberId !== '';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!memberId && !teamChanged) return setProblem(t('handoff.pickSomeone'));
    if (noteRequired && !note.trim()) return setProblem(t('handoff.noteRequired'));
    setProblem(undefined);
    // Left out, the person stays as is; null is nobody (the team's queue).
    const body = {
      ...(memberId ? { assigneeId: memberId === 'none' ? null : memberId } : {}),
      ...(teamChanged ? { teamId: teamId || null } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    };
    const movedTeam = (teams.data?.teams ?? []).find((team) => team.id === teamId);
    assign.mutate(body, {
      onSuccess: () => {
        toast(!memberId && movedTeam ? t('handoff.movedTeam', { team: movedTeam.name }) : t('handoff.done'));
        setMemberId('');
        setNote('');
        onClose();
      },
    });
  };

  return (
    <Dialog open={open} onClose={onClose} title={t('handoff.title')} description={t('handoff.subtitle')}>
      <form onSubmit={submit} className="flex flex-col gap-4 pb-4" noValidate>
        {assign.error ? <Alert>{errorMessage(t, assign.error)}</Alert> : null}
        <SelectField label={t('handoff.member')} value={memberId} onChange={(event) => setMemberId(event.target.value)}>
          <option value="">{currentOwner ? t('handoff.keepMemberNamed', { name: currentOwner.id === myId ? t('handoff.me', { name: currentOwner.name }) : currentOwner.name }) : t('handoff.keepNobody')}</option>
          <option value="none">{t('handoff.nobody')}</option>
          {active
            .filter((member) => member.id !== conversation.assigneeMemberId)
            .map((member) => (
              <option key={member.id} value={member.id}>
                {member.id === myId ? t('handoff.me', { name: member.name }) : member.name}
              </option>
            ))}
        </SelectField>
        <SelectField label={t('handoff.team')} value={teamId} onChange={(event) => setTeamId(event.target.value)}>
          <option value="">{t('handoff.noTeam')}</option>
          {(teams.data?.teams ?? []).map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </SelectField>
        <NoteField
          label={noteRequired ? t('handoff.noteRequiredLabel') : t('handoff.noteLabel')}
          hint={t('handoff.noteHint')}
          value={note}
          onChange={setNote}
        />
        {problem ? <Alert>{problem}</Alert> : null}
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="primary" loading={assign.isPending}>
            {t('handoff.submit')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

/** "Escalar a supervisión": raises the priority, moves it to the supervisors and notifies them. */
export function EscalateDialog({ open, onClose, conversation }: { open: boolean; onClose: () => void; conversation: Conversation }) {
  const t = useT();
  const toast = useToast();
  const escalate = useEscalate(conversation.id);
  const [priority, setPriority] = useState<'high' | 'urgent'>('urgent');
  const [note, setNote] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    escalate.mutate(
      { priority, ...(note.trim() ? { note: note.trim() } : {}) },
      {
        onSuccess: () => {
          toast(t('escalate.done'));
          setNote('');
          onClose();
        },
      },
    );
  };
  return (
    <Dialog open={open} onClose={onClose} title={t('escalate.title')} description={t('escalate.subtitle')}>
      <form onSubmit={submit} className="flex flex-col gap-4 pb-4" noValidate>
        {escalate.error ? <Alert>{errorMessage(t, escalate.error)}</Alert> : null}
        <SelectField label={t('escalate.priority')} value={priority} onChange={(event) => setPriority(event.target.value as 'high' | 'urgent')}>
          <option value="urgent">{t('priority.urgent')}</option>
          <option value="high">{t('priority.high')}</option>
        </SelectField>
        <NoteField label={t('escalate.note')} hint={t('escalate.noteHint')} value={note} onChange={setNote} />
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="danger" loading={escalate.isPending}>
            {t('escalate.submit')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

const pad = (n: number) => String(n).padStart(2, '0');
const localInput = (date: Date) => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;

/** Snooze until a moment the person picks (the presets live in the header's menu). */
export function SnoozeDialog({ open, onClose, conversation }: { open: boolean; onClose: () => void; conversation: Conversation }) {
  const t = useT();
  const update = useUpdateConversation(conversation.id);
  const [when, setWhen] = useState(() => localInput(new Date(Date.now() + 3 * 3600_000)));
  const [problem, setProblem] = useState<string>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const date = new Date(when);
    if (!when || Number.isNaN(date.getTime()) || date.getTime() <= Date.now()) return setProblem(t('snooze.future'));
    setProblem(undefined);
    update.mutate({ status: 'snoozed', snoozedUntil: date.toISOString() }, { onSuccess: onClose });
  };
  return (
    <Dialog open={open} onClose={onClose} title={t('snooze.customTitle')} size="sm">
      <form onSubmit={submit} className="flex flex-col gap-4 pb-4" noValidate>
        {update.error ? <Alert>{errorMessage(t, update.error)}</Alert> : null}
        <TextField label={t('snooze.until')} type="datetime-local" value={when} onChange={(event) => setWhen(event.target.value)} error={problem} />
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="primary" loading={update.isPending}>
            {t('snooze.submit')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

/** Preset wake-up times: in an hour, tomorrow at 9:00, next Monday at 9:00. */
export function snoozePresets(now = new Date()) {
  const inAnHour = new Date(now.getTime() + 3600_000);
  const tomorrow = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 9, 0);
  const daysToMonday = ((8 - now.getDay()) % 7) || 7;
  const nextWeek = new Date(now.getFullYear(), now.getMonth(), now.getDate() + daysToMonday, 9, 0);
  return { inAnHour, tomorrow, nextWeek };
}
