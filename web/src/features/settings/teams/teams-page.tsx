import { Clock, UsersRound } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import type { TeamItem } from '../../../app/api-types.js';
import { canManageWorkspace, useSession } from '../../../app/session.js';
import { errorMessage, fieldErrors } from '../../../i18n/error-messages.js';
import { useT } from '../../../i18n/i18n.js';
import { Alert } from '../../../ui/alert.js';
import { Avatar } from '../../../ui/avatar.js';
import { Button } from '../../../ui/button.js';
import { Dialog } from '../../../ui/dialog.js';
import { TextField } from '../../../ui/field.js';
import { useMemberDirectory } from '../../inbox/members.js';
import { CollectionPage, type ItemDialogProps } from '../collection-page.js';
import { canReadRouting } from '../routing/routing-api.js';
import { TeamRoutingDialog } from '../routing/team-routing-dialog.js';
import { teamsKey, useTeams } from './teams-api.js';

type TeamInput = { name: string; memberIds: string[] };

/** Teams: each one has its own queue in the inbox; owners and admins decide who is in which. */
export function TeamsPage() {
  const t = useT();
  const teams = useTeams();
  const { byId } = useMemberDirectory();
  const session = useSession();
  const editable = canManageWorkspace(session);
  const [routing, setRouting] = useState<TeamItem | null>(null);
  return (
    <>
      <CollectionPage<TeamItem, TeamInput>
        texts={{
          title: t('teams.title'), subtitle: t('teams.subtitle'), create: t('teams.create'), readOnly: t('teams.readOnly'),
          emptyTitle: t('teams.emptyTitle'), emptyBody: t('teams.emptyBody'), deleteBody: t('teams.deleteBody'), deleted: t('teams.deleted'),
        }}
        icon={<UsersRound className="size-7" aria-hidden="true" />}
        editable={editable}
        query={teams}
        items={teams.data?.teams ?? []}
        path="/teams"
        queryKey={teamsKey}
        rowClassName="flex-wrap items-center"
        renderItem={(team) => (
          <div className="min-w-0 flex-1 basis-48">
            <p className="truncate font-medium text-zinc-900">{team.name}</p>
            <div className="mt-1 flex items-center gap-2">
              <span className="flex -space-x-1">
                {team.memberIds.slice(0, 6).map((id) => {
                  const member = byId.get(id);
                  return member ? <Avatar key={id} size="xs" initials={member.initials} seed={member.userId} /> : null;
                })}
              </span>
              <span className="text-[13px] text-zinc-500">{t('teams.memberCount', { count: team.memberIds.length })}</span>
            </div>
          </div>
        )}
        actionsLabel={(team) => t('teams.actions', { name: team.name })}
        deleteTitle={(team) => t('teams.deleteTitle', { name: team.name })}
        extraActions={
          canReadRouting(session)
            ? (team) => (
                <Button size="sm" variant="ghost" icon={<Clock className="size-3.5" aria-hidden="true" />} onClick={() => setRouting(team)}>
                  {t('teamRouting.button')}
                </Button>
              )
            : undefined
        }
        ItemDialog={TeamDialog}
      />
      {routing ? <TeamRoutingDialog key={routing.id} team={routing} editable={editable} onClose={() => setRouting(null)} /> : null}
    </>
  );
}

function TeamDialog({ item: team, saving, error, onClose, onSave }: ItemDialogProps<TeamItem, TeamInput>) {
  const t = useT();
  const { active } = useMemberDirectory();
  const [name, setName] = useState(team?.name ?? '');
  const [memberIds, setMemberIds] = useState<Set<string>>(new Set(team?.memberIds ?? []));
  const [problem, setProblem] = useState<string>();
  const serverFields = fieldErrors(t, error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return setProblem(t('validation.required'));
    setProblem(undefined);
    onSave({ name: name.trim(), memberIds: [...memberIds] });
  };
  const toggle = (id: string, on: boolean) =>
    setMemberIds((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  return (
    <Dialog open onClose={onClose} title={team ? t('teams.editTitle') : t('teams.create')}>
      <form onSubmit={submit} className="flex flex-col gap-4 pb-4" noValidate>
        {error && Object.keys(serverFields).length === 0 ? <Alert>{errorMessage(t, error)}</Alert> : null}
        <TextField label={t('teams.name')} value={name} maxLength={60} onChange={(event) => setName(event.target.value)} error={problem ?? serverFields.name} autoFocus />
        <fieldset>
          <legend className="mb-1.5 text-[13px] font-medium text-zinc-800">{t('teams.members')}</legend>
          <ul className="flex max-h-64 flex-col gap-0.5 overflow-y-auto rounded-lg ring-1 ring-zinc-200 ring-inset">
            {active.map((member) => (
              <li key={member.id}>
                <label className="flex cursor-pointer items-center gap-2.5 px-3 py-2 hover:bg-zinc-50">
                  <input type="checkbox" checked={memberIds.has(member.id)} onChange={(event) => toggle(member.id, event.target.checked)} className="size-4 accent-emerald-600" />
                  <Avatar size="sm" initials={member.initials} seed={member.userId} />
                  <span className="min-w-0 flex-1 truncate text-sm text-zinc-900">{member.name}</span>
                  <span className="text-xs text-zinc-500">{t(`role.${member.role}`)}</span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="primary" loading={saving}>
            {t('common.save')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
