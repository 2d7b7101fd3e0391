import { Ellipsis, KeyRound, UserCheck, UserX } from 'lucide-react';
import { useState } from 'react';
import type { Member, Role } from '../../../app/api-types.js';
import { canManageWorkspace, useSession } from '../../../app/session.js';
import { useFormat } from '../../../i18n/format.js';
import { useI18n } from '../../../i18n/i18n.js';
import { Avatar } from '../../../ui/avatar.js';
import { Badge, RoleBadge } from '../../../ui/badge.js';
import { Button } from '../../../ui/button.js';
import { cx } from '../../../ui/class-names.js';
import { ConfirmDialog } from '../../../ui/confirm-dialog.js';
import { CopyField } from '../../../ui/copy-field.js';
import { Dialog } from '../../../ui/dialog.js';
import { Select } from '../../../ui/field.js';
import { Menu, MenuItem } from '../../../ui/menu.js';
import { useMemberActions } from './use-member-actions.js';

// Mirrors the server policy: only owners manage owners or grant ownership.
const grantable = (actorRole: Role | null): Role[] =>
  actorRole === 'owner' ? ['owner', 'admin', 'supervisor', 'agent'] : ['admin', 'supervisor', 'agent'];

export function MemberRow({ member }: { member: Member }) {
  const { t, language } = useI18n();
  const format = useFormat();
  const session = useSession();
  const { changeRole, changeStatus, createResetLink } = useMemberActions(member);
  const [confirmingStatus, setConfirmingStatus] = useState(false);
  const isMe = member.userId === session.user.id;
  // Managing yourself from this list could lock you out; do it through another owner.
  const manageable = canManageWorkspace(session) && !isMe && (session.role === 'owner' || member.role !== 'owner');
  const active = member.status === 'active';
  const roleControl =
    manageable && active ? (
      <Select
        compact
        aria-label={t('members.changeRole', { name: member.name })}
        value={member.role}
        disabled={changeRole.isPending}
        onChange={(event) => changeRole.mutate(event.target.value as Role)}
        className="w-auto min-w-32"
      >
        {grantable(session.role).map((role) => (
          <option key={role} value={role}>
            {t(`role.${role}`)}
          </option>
        ))}
      </Select>
    ) : (
      <RoleBadge role={member.role} />
    );
  const statusBadge = <Badge tone={active ? 'green' : 'neutral'}>{t(`status.${member.status}`)}</Badge>;

  return (
    <tr className={cx(!active && 'bg-zinc-50/60')}>
      <td className="w-full max-w-0 py-3 pr-3 pl-5 sm:w-1/2">
        <div className="flex items-center gap-3">
          <Avatar initials={member.initials} seed={member.userId} muted={!active} />
          <div className="min-w-0">
            <p className={cx('truncate font-medium', active ? 'text-zinc-900' : 'text-zinc-500')}>
              {member.name}
              {isMe ? <span className="ml-1.5 text-xs font-normal text-zinc-400">({t('common.you')})</span> : null}
            </p>
            <p className="truncate text-[13px] text-zinc-500">{member.email}</p>
            {/* On phones role and status sit under the name so the name keeps its width. */}
            <div className="mt-1.5 flex flex-wrap items-center gap-2 sm:hidden">
              {roleControl}
              {statusBadge}
            </div>
          </div>
        </div>
      </td>
      <td className="hidden px-3 py-3 sm:table-cell">{roleControl}</td>
      <td className="hidden px-3 py-3 sm:table-cell">{statusBadge}</td>
      <td className="hidden px-3 py-3 whitespace-nowrap text-zinc-500 md:table-cell">{format.date(member.createdAt)}</td>
      <td className="py-3 pr-5 pl-3 text-right">
        {manageable ? (
          <Menu
            label={t('members.actions', { name: member.name })}
            align="end"
            triggerClassName="rounded-lg p-1.5 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-800"
            trigger={<Ellipsis className="size-4" aria-hidden="true" />}
          >
            {(close) => (
              <>
                {active ? (
                  <MenuItem
                    icon={<KeyRound className="size-4 text-zinc-500" aria-hidden="true" />}
                    onSelect={() => {
                      close();
                      createResetLink.mutate();
                    }}
                  >
                    {t('members.resetLink')}
                  </MenuItem>
                ) : null}
                <MenuItem
                  tone={active ? 'danger' : undefined}
                  icon={
                    active ? (
                      <UserX className="size-4" aria-hidden="true" />
                    ) : (
                      <UserCheck className="size-4 text-zinc-500" aria-hidden="true" />
                    )
                  }
                  onSelect={() => {
                    close();
                    setConfirmingStatus(true);
                  }}
                >
                  {t(active ? 'members.deactivate' : 'members.reactivate')}
                </MenuItem>
              </>
            )}
          </Menu>
        ) : null}
        <ConfirmDialog
          open={confirmingStatus}
          tone={active ? 'danger' : 'primary'}
          title={t(active ? 'members.deactivateTitle' : 'members.reactivateTitle', { name: member.name })}
          body={t(active ? 'members.deactivateBody' : 'members.reactivateBody', {
            role: t(`role.${member.role}`).toLocaleLowerCase(language),
          })}
          confirmLabel={t(active ? 'members.deactivate' : 'members.reactivate')}
          loading={changeStatus.isPending}
          onConfirm={() =>
            changeStatus.mutate(active ? 'deactivated' : 'active', { onSettled: () => setConfirmingStatus(false) })
          }
          onClose={() => setConfirmingStatus(false)}
        />
        <Dialog
          open={createResetLink.isSuccess}
          onClose={() => createResetLink.reset()}
          title={t('members.resetLinkTitle')}
          description={
            createResetLink.data
              ? t('members.resetLinkBody', { name: member.name, date: format.dateTime(createResetLink.data.expiresAt) })
              : null
          }
          footer={
            <Button variant="primary" onClick={() => createResetLink.reset()}>
              {t('common.done')}
            </Button>
          }
        >
          {createResetLink.data ? <CopyField label={t('members.resetLinkTitle')} value={createResetLink.data.link} /> : null}
        </Dialog>
      </td>
    </tr>
  );
}
