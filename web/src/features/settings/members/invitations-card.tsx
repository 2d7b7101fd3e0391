import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Mail } from 'lucide-react';
import { useState } from 'react';
import { api } from '../../../app/api-client.js';
import type { Invitation } from '../../../app/api-types.js';
import { useFormat } from '../../../i18n/format.js';
import { errorMessage } from '../../../i18n/error-messages.js';
import { useT } from '../../../i18n/i18n.js';
import { RoleBadge } from '../../../ui/badge.js';
import { Button } from '../../../ui/button.js';
import { Card } from '../../../ui/card.js';
import { ConfirmDialog } from '../../../ui/confirm-dialog.js';
import { useToast } from '../../../ui/toast.js';
import { invitationsKey, useInvitations } from './members-api.js';

/** Invitations not yet used; hidden entirely when there are none. */
export function InvitationsCard() {
  const t = useT();
  const format = useFormat();
  const toast = useToast();
  const queryClient = useQueryClient();
  const invitations = useInvitations(true);
  const [revoking, setRevoking] = useState<Invitation | null>(null);
  const revoke = useMutation({
    mutationFn: (invitation: Invitation) => api.delete<void>(`/invitations/${invitation.id}`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: invitationsKey });
      toast(t('invitations.revoked'));
    },
    onError: (error) => toast(errorMessage(t, error), 'error'),
    onSettled: () => setRevoking(null),
  });

  const pending = (invitations.data?.invitations ?? []).filter((invitation) => invitation.status === 'pending');
  if (pending.length === 0) return null;

  return (
    <Card title={t('invitations.title')} description={t('invitations.subtitle')} flush>
      <ul className="divide-y divide-zinc-100">
        {pending.map((invitation) => (
          <li key={invitation.id} className="flex items-center gap-3 px-5 py-3 sm:gap-4">
            <span
              className="flex size-9 shrink-0 items-center justify-center rounded-full bg-zinc-100 text-zinc-400"
              aria-hidden="true"
            >
              <Mail className="size-4" />
            </span>
            <div className="min-w-0 flex-1">
              <p className="truncate font-medium text-zinc-900">{invitation.email}</p>
              <p className="mt-0.5 text-[13px] text-zinc-500">
                <span className="mr-2 align-middle">
                  <RoleBadge role={invitation.role} />
                </span>
                {t('invitations.expires', { date: format.dateTime(invitation.expiresAt) })}
                {invitation.invitedBy ? ` · ${t('invitations.invitedBy', { name: invitation.invitedBy })}` : ''}
              </p>
            </div>
            <Button size="sm" variant="ghost" onClick={() => setRevoking(invitation)}>
              {t('invitations.revoke')}
            </Button>
          </li>
        ))}
      </ul>
      <ConfirmDialog
        open={revoking !== null}
        title={t('invitations.revokeTitle', { email: revoking?.email ?? '' })}
        body={t('invitations.revokeBody')}
        confirmLabel={t('invitations.revoke')}
        loading={revoke.isPending}
        onConfirm={() => revoking && revoke.mutate(revoking)}
        onClose={() => setRevoking(null)}
      />
    </Card>
  );
}
