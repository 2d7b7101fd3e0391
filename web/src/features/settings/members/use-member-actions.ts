import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../app/api-client.js';
import type { Member, MemberPasswordResetResponse, Role } from '../../../app/api-types.js';
import { errorMessage } from '../../../i18n/error-messages.js';
import { useI18n } from '../../../i18n/i18n.js';
import { useToast } from '../../../ui/toast.js';
import { membersKey, passwordResetsKey } from './members-api.js';

/** Role, status and reset-link writes for one member, with the toasts that confirm them. */
export function useMemberActions(member: Member) {
  const { t, language } = useI18n();
  const toast = useToast();
  const queryClient = useQueryClient();
  const onError = (error: unknown) => toast(errorMessage(t, error), 'error');
  const refresh = () => queryClient.invalidateQueries({ queryKey: membersKey });

  const changeRole = useMutation({
    mutationFn: (role: Role) => api.patch<Member>(`/members/${member.id}`, { role }),
    onSuccess: (updated) => {
      void refresh();
      toast(t('members.roleChanged', { name: updated.name, role: t(`role.${updated.role}`).toLocaleLowerCase(language) }));
    },
    onError,
  });

  const changeStatus = useMutation({
    mutationFn: (status: Member['status']) => api.patch<Member>(`/members/${member.id}`, { status }),
    onSuccess: (updated) => {
      void refresh();
      toast(t(updated.status === 'active' ? 'members.reactivated' : 'members.deactivated', { name: updated.name }));
    },
    onError,
  });

  const createResetLink = useMutation({
    mutationFn: () => api.post<MemberPasswordResetResponse>(`/members/${member.id}/password-reset`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: passwordResetsKey }),
    onError,
  });

  return { changeRole, changeStatus, createResetLink };
}
