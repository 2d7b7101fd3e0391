import { Pencil, Plus, Trash2, UsersRound } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import type { TeamItem } from '../../../app/api-types.js';
import { canManageWorkspace, useSession } from '../../../app/session.js';
import { errorMessage, fieldErrors } from '../../../i18n/error-messages.js';
import { useT } from '../../../i18n/i18n.js';
import { Alert } from '../../../ui/alert.js';
import { Avatar } from '../../../ui/avatar.js';
import { Button } from '../../../ui/button.js';
import { Card, PageHeader } from '../../../ui/card.js';
import { ConfirmDialog } from '../../../ui/confirm-dialog.js';
import { Dialog } from '../../../ui/dialog.js';
import { EmptyState } from '../../../ui/empty-state.js';
import { TextField } from '../../../ui/field.js';
import { Spinner } from '../../../ui/spinner.js';
import { useToast } from '../../../ui/toast.js';
import { useMemberDirectory } from '../../inbox/members.js';
import { useCrud } from '../crud-api.js';
import { teamsKey, useTeams } from './teams-api.js';

type TeamInput = { name: string; memberIds: string[] };

/** Teams: each one has its own queue in the inbox; owners and admins decide who is in which. */
export function TeamsPage() {
  const t = useT();
  const toast = useToast();
  const session = useSession();
  const editable = canManageWorkspace(session);
  const teams = useTeams();
  const { byId } = useMemberDirectory();
  const { save, remove } = useCrud<TeamInput, TeamItem>('/teams', teamsKey);
  const [editing, setEditing] = useState<TeamItem | 'new' | null>(null);
  const [deleting, setDeleting] = useState<TeamItem | null>(null);
  const list = teams.data?.teams ?? [];

  return (
    <div className="flex max-w-3xl flex-col gap-6">
      <PageHeader
        title={t('teams.title')}
        description={t('teams.subtitle')}
        actions={
          editable ? (
            <Button variant="primary" icon={<Plus className="size-4" aria-hidden="true" />} onClick={() => setEditing('new')}>
              {t('teams.create')}
            </Button>
          ) : null
        }
      />
      {editable ? null : <Alert tone="info">{t('teams.readOnly')}</Alert>}
      {teams.error ? <Alert>{errorMessage(t, teams.error)}</Alert> : null}
      <Card flush>
        {teams.isPending ? (
          <div className="flex justify-center py-10 text-zinc-400">
            <Spinner className="size-5" />
          </div>
        ) : list.length === 0 ? (
          <EmptyState icon={<UsersRound className="size-7" aria-hidden="true" />} title={t('teams.emptyTitle')} body={t('teams.emptyBody')} />
        ) : (
          <ul className="divide-y divide-zinc-100">
            {list.map((team) => (
              <li key={team.id} className="flex flex-wrap items-center gap-3 px-5 py-3">
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
                {editable ? (
                  <div className="flex gap-1" role="group" aria-label={t('teams.actions', { name: team.name })}>
                    <Button size="sm" variant="ghost" icon={<Pencil className="size-3.5" aria-hidden="true" />} onClick={() => setEditing(team)}>
                      {t('common.edit')}
                    </Button>
                    <Button size="sm" variant="dangerGhost" icon={<Trash2 className="size-3.5" aria-hidden="true" />} onClick={() => setDeleting(team)}>
                      {t('common.delete')}
                    </Button>
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Card>
      {editing ? (
        <TeamDialog
          team={editing === 'new' ? null : editing}
          saving={save.isPending}
          error={save.error}
          onClose={() => {
            save.reset();
            setEditing(null);
          }}
          onSave={(input) =>
            save.mutate(
              { id: editing === 'new' ? undefined : editing.id, input },
              {
                onSuccess: () => {
                  toast(t('common.saved'));
                  setEditing(null);
                },
              },
            )
          }
        />
      ) : null}
      <ConfirmDialog
        open={deleting !== null}
        title={t('teams.deleteTitle', { name: deleting?.name ?? '' })}
        body={t('teams.deleteBody')}
        confirmLabel={t('common.delete')}
        loading={remove.isPending}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => toast(t('teams.deleted')),
            onError: (error) => toast(errorMessage(t, error), 'error'),
            onSettled: () => setDeleting(null),
          })
        }
        onClose={() => setDeleting(null)}
      />
    </div>
  );
}

function TeamDialog({ team, saving, error, onClose, onSave }: { team: TeamItem | null; saving: boolean; error: unknown; onClose: () => void; onSave: (input: TeamInput) => void }) {
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
