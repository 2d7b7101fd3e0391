import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api } from '../../../app/api-client.js';
import type { GrantableRole, InvitationCreatedResponse } from '../../../app/api-types.js';
import { checkEmail } from '../../../app/validation.js';
import { useFormat } from '../../../i18n/format.js';
import { errorMessage, fieldErrors } from '../../../i18n/error-messages.js';
import { useT } from '../../../i18n/i18n.js';
import { Alert } from '../../../ui/alert.js';
import { Button } from '../../../ui/button.js';
import { CopyField } from '../../../ui/copy-field.js';
import { Dialog } from '../../../ui/dialog.js';
import { TextField } from '../../../ui/field.js';
import { useTeams } from '../teams/teams-api.js';
import { invitationsKey } from './members-api.js';
import { RoleChoice } from './role-choice.js';

const SUPERVISOR_TEAM_NAMES = ['supervisores', 'supervisors'];

/** Creates an invitation and shows its link once, since Bandeja does not send email. */
export function InviteDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const format = useFormat();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<GrantableRole>('agent');
  const [problem, setProblem] = useState<string>();
  const teams = useTeams().data?.teams ?? [];
  // Until the admin changes it: every team but the supervisors' (which supervisors join too).
  const [chosenTeams, setChosenTeams] = useState<string[] | null>(null);
  const teamIds = chosenTeams ?? teams.filter((team) => role === 'supervisor' || !SUPERVISOR_TEAM_NAMES.includes(team.name.toLocaleLowerCase())).map((team) => team.id);
  const toggleTeam = (id: string) => setChosenTeams(teamIds.includes(id) ? teamIds.filter((other) => other !== id) : [...teamIds, id]);

  const invite = useMutation({
    mutationFn: () => api.post<InvitationCreatedResponse>('/invitations', { email, role, teamIds }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: invitationsKey }),
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'already_member') setProblem(errorMessage(t, error));
      else setProblem(fieldErrors(t, error).email);
    },
  });

  const startOver = () => {
    setEmail('');
    setRole('agent');
    setChosenTeams(null);
    setProblem(undefined);
    invite.reset();
  };
  const close = () => {
    startOver();
    onClose();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = checkEmail(email);
    setProblem(found && t(found));
    if (!found) invite.mutate();
  };

  if (invite.data) {
    const { invitation, link } = invite.data;
    return (
      <Dialog
        open={open}
        onClose={close}
        title={t('inviteDialog.linkTitle')}
        description={t('inviteDialog.linkBody', { email: invitation.email, date: format.dateTime(invitation.expiresAt) })}
        footer={
          <>
            <Button onClick={startOver}>{t('inviteDialog.another')}</Button>
            <Button variant="primary" onClick={close}>
              {t('common.done')}
            </Button>
          </>
        }
      >
        <CopyField label={t('inviteDialog.link')} value={link} />
      </Dialog>
    );
  }

  const banner = invite.error && !problem;
  return (
    <Dialog open={open} onClose={close} title={t('inviteDialog.title')} description={t('inviteDialog.subtitle')}>
      <form onSubmit={submit} noValidate className="flex flex-col gap-4 pb-5">
        {banner ? <Alert>{errorMessage(t, invite.error)}</Alert> : null}
        <TextField
          label={t('inviteDialog.email')}
          type="email"
          autoComplete="off"
          autoFocus
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={problem}
        />
        <RoleChoice value={role} onChange={setRole} />
        {teams.length ? (
          <fieldset className="flex flex-col gap-1.5">
            <legend className="mb-1 text-[13px] font-medium text-zinc-800">{t('inviteDialog.teams')}</legend>
            <p className="mb-1 text-[13px] text-zinc-500">{t('inviteDialog.teamsHint')}</p>
            <div className="flex flex-wrap gap-x-5 gap-y-2">
              {teams.map((team) => (
                <label key={team.id} className="flex items-center gap-2 text-sm text-zinc-800">
                  <input type="checkbox" className="size-4 accent-emerald-600" checked={teamIds.includes(team.id)} onChange={() => toggleTeam(team.id)} />
                  {team.name}
                </label>
              ))}
            </div>
          </fieldset>
        ) : null}
        <div className="flex flex-wrap justify-end gap-2 pt-1">
          <Button onClick={close}>{t('common.cancel')}</Button>
          <Button type="submit" variant="primary" loading={invite.isPending}>
            {t('inviteDialog.submit')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
