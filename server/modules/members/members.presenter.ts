import type { Invitation, Member } from '../../../contracts/members.js';
import { initialsOf } from '../accounts/accounts.presenter.js';
import type { MemberRow } from './members.repository.js';

export function presentMember(row: MemberRow): Member {
  return {
    ...row,
    initials: initialsOf(row.name),
    createdAt: row.createdAt.toISOString(),
    deactivatedAt: row.deactivatedAt?.toISOString() ?? null,
  };
}

export function presentInvitation(row: {
  id: string;
  email: string;
  role: Invitation['role'];
  status: Invitation['status'];
  expiresAt: Date;
  createdAt: Date;
  invitedBy?: string | null;
  teamIds: string[];
}): Invitation {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    status: row.status,
    expiresAt: row.expiresAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    invitedBy: row.invitedBy ?? null,
    teamIds: row.teamIds,
  };
}
