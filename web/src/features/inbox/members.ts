import { useSession } from '../../app/session.js';
import { useMembers } from '../settings/members/members-api.js';
import type { Member } from '../../app/api-types.js';

/** Members by membership id (what conversations, messages and events refer to), which one is me, and whether they loaded. */
export function useMemberDirectory() {
  const session = useSession();
  const members = useMembers();
  const list = members.data?.members ?? [];
  const byId = new Map<string, Member>(list.map((member) => [member.id, member]));
  const me = list.find((member) => member.userId === session.user.id) ?? null;
  const active = list.filter((member) => member.status === 'active');
  return { byId, me, active, myId: me?.id ?? null, loaded: members.isSuccess };
}
