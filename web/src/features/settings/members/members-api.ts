import { useQuery } from '@tanstack/react-query';
import { api } from '../../../app/api-client.js';
import type { InvitationsResponse, MembersResponse, PasswordResetsResponse } from '../../../app/api-types.js';

export const membersKey = ['members'] as const;
export const invitationsKey = ['invitations'] as const;
export const passwordResetsKey = ['password-resets'] as const;

export const useMembers = () => useQuery({ queryKey: membersKey, queryFn: () => api.get<MembersResponse>('/members') });

export const useInvitations = (enabled: boolean) =>
  useQuery({ queryKey: invitationsKey, queryFn: () => api.get<InvitationsResponse>('/invitations'), enabled });

export const usePasswordResets = (enabled: boolean) =>
  useQuery({ queryKey: passwordResetsKey, queryFn: () => api.get<PasswordResetsResponse>('/password-resets'), enabled });
