import { UserPlus } from 'lucide-react';
import { useState } from 'react';
import { canManageWorkspace, useSession } from '../../../app/session.js';
import { errorMessage } from '../../../i18n/error-messages.js';
import { useT } from '../../../i18n/i18n.js';
import { Alert } from '../../../ui/alert.js';
import { Button } from '../../../ui/button.js';
import { Card, PageHeader } from '../../../ui/card.js';
import { Spinner } from '../../../ui/spinner.js';
import { InvitationsCard } from './invitations-card.js';
import { InviteDialog } from './invite-dialog.js';
import { MemberRow } from './member-row.js';
import { useMembers } from './members-api.js';
import { PasswordResetsCard } from './password-resets-card.js';

/** Everyone in the workspace; owners and admins also invite, change roles and hand out reset links. */
export function MembersPage() {
  const t = useT();
  const session = useSession();
  const manager = canManageWorkspace(session);
  const members = useMembers();
  const [inviting, setInviting] = useState(false);

  return (
    <div className="flex max-w-4xl flex-col gap-6">
      <PageHeader
        title={t('members.title')}
        description={t('members.subtitle')}
        actions={
          manager ? (
            <Button variant="primary" icon={<UserPlus className="size-4" aria-hidden="true" />} onClick={() => setInviting(true)}>
              {t('members.invite')}
            </Button>
          ) : null
        }
      />
      {manager ? null : <Alert tone="info">{t('members.readOnly')}</Alert>}
      {manager ? <PasswordResetsCard /> : null}
      <Card flush>
        {members.isPending ? (
          <div className="flex justify-center py-10 text-zinc-400">
            <Spinner className="size-5" />
          </div>
        ) : members.error ? (
          <div className="p-5">
            <Alert>{errorMessage(t, members.error)}</Alert>
          </div>
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="border-b border-zinc-100 text-xs text-zinc-500">
              <tr>
                <th scope="col" className="py-2.5 pr-3 pl-5 font-medium">
                  {t('members.person')}
                </th>
                <th scope="col" className="hidden px-3 py-2.5 font-medium sm:table-cell">
                  {t('members.role')}
                </th>
                <th scope="col" className="hidden px-3 py-2.5 font-medium sm:table-cell">
                  {t('members.status')}
                </th>
                <th scope="col" className="hidden px-3 py-2.5 font-medium md:table-cell">
                  {t('members.since')}
                </th>
                <th scope="col" className="py-2.5 pr-5 pl-3">
                  <span className="sr-only">{t('members.actionsHeader')}</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {members.data.members.map((member) => (
                <MemberRow key={member.id} member={member} />
              ))}
            </tbody>
          </table>
        )}
      </Card>
      {manager ? <InvitationsCard /> : null}
      <InviteDialog open={inviting} onClose={() => setInviting(false)} />
    </div>
  );
}
