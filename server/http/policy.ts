import type { Role } from '../../contracts/common.js';

/**
 * The single table of who may do what. Every /api/v1 route names one permission (or declares itself
 * public or for any signed-in user); the auth hook checks it before the handler runs.
 */
export const permissions = {
  'workspace.read': { roles: ['owner', 'admin', 'supervisor', 'agent'] },
  'workspace.update': { roles: ['owner', 'admin'] },
  // The getting-started checklist lists what only admins can do (numbers, members, rules).
  'setup_checklist.manage': { roles: ['owner', 'admin'], usersOnly: true },
  'members.read': { roles: ['owner', 'admin', 'supervisor', 'agent'] },
  'members.manage': { roles: ['owner', 'admin'] },
  // Tokens cannot mint or revoke tokens: a leaked token must not be able to entrench itself.
  'api_tokens.manage': { roles: ['owner', 'admin'], usersOnly: true },
  'audit.read': { roles: ['owner', 'admin'] },
  'channels.read': { roles: ['owner', 'admin', 'supervisor', 'agent'] },
  'channels.manage': { roles: ['owner', 'admin'] },
  'conversations.read': { roles: ['owner', 'admin', 'supervisor', 'agent'] },
  'conversations.work': { roles: ['owner', 'admin', 'supervisor', 'agent'] },
  // Taking and presence are what a person does; integrations assign with conversations.work.
  'conversations.take': { roles: ['owner', 'admin', 'supervisor', 'agent'], usersOnly: true },
  'presence.write': { roles: ['owner', 'admin', 'supervisor', 'agent'], usersOnly: true },
  'tags.read': { roles: ['owner', 'admin', 'supervisor', 'agent'] },
  'tags.manage': { roles: ['owner', 'admin'] },
  'teams.read': { roles: ['owner', 'admin', 'supervisor', 'agent'] },
  'teams.manage': { roles: ['owner', 'admin'] },
  'canned_responses.read': { roles: ['owner', 'admin', 'supervisor', 'agent'] },
  'canned_responses.manage': { roles: ['owner', 'admin', 'supervisor'] },
  'notifications.read': { roles: ['owner', 'admin', 'supervisor', 'agent'], usersOnly: true },
  'views.manage': { roles: ['owner', 'admin', 'supervisor', 'agent'], usersOnly: true },
  'messages.send': { roles: ['owner', 'admin', 'supervisor', 'agent'] },
  'contacts.read': { roles: ['owner', 'admin', 'supervisor', 'agent'] },
  'contacts.update': { roles: ['owner', 'admin', 'supervisor', 'agent'] },
  'contacts.merge': { roles: ['owner', 'admin', 'supervisor', 'agent'] },
  // A whole list leaves the workspace or lands in it at once: supervisors and admins.
  'contacts.import': { roles: ['owner', 'admin', 'supervisor'] },
  'contacts.export': { roles: ['owner', 'admin', 'supervisor'] },
  'segments.manage': { roles: ['owner', 'admin', 'supervisor', 'agent'], usersOnly: true },
  'custom_fields.read': { roles: ['owner', 'admin', 'supervisor', 'agent'] },
  'custom_fields.manage': { roles: ['owner', 'admin'] },
  'pipelines.read': { roles: ['owner', 'admin', 'supervisor', 'agent'] },
  'pipelines.manage': { roles: ['owner', 'admin'] },
  // Agents see and move deals; deleting one (rather than marking it lost) is for supervisors up.
  'deals.read': { roles: ['owner', 'admin', 'supervisor', 'agent'] },
  'deals.write': { roles: ['owner', 'admin', 'supervisor', 'agent'] },
  'deals.delete': { roles: ['owner', 'admin', 'supervisor'] },
  // Supervisors watch rules, agents' load and settings; admins change them.
  'routing.read': { roles: ['owner', 'admin', 'supervisor'] },
  'routing.manage': { roles: ['owner', 'admin'] },
  // Everyone reads reports; agents only their own figures (the routes narrow it).
  'metrics.read': { roles: ['owner', 'admin', 'supervisor', 'agent'] },
} as const satisfies Record<string, { roles: readonly Role[]; usersOnly?: boolean }>;

export type Permission = keyof typeof permissions;

export type Actor =
  | { kind: 'user'; userId: string; membershipId: string; workspaceId: string; role: Role; sessionId: string }
  | { kind: 'api_token'; tokenId: string; workspaceId: string; role: Role };

export type RouteAccess = { public: true } | { signedIn: true } | { permission: Permission };

export function can(actor: Actor, permission: Permission): boolean {
  const rule: { roles: readonly Role[]; usersOnly?: boolean } = permissions[permission];
  if (rule.usersOnly && actor.kind !== 'user') return false;
  return rule.roles.includes(actor.role);
}

const roleRank: Record<Role, number> = { agent: 0, supervisor: 1, admin: 2, owner: 3 };

/** Only owners manage owners; an admin may manage anyone below owner and grant up to admin. */
export function canManageRole(actorRole: Role, targetRole: Role): boolean {
  if (actorRole === 'owner') return true;
  return roleRank[actorRole] >= roleRank.admin && targetRole !== 'owner';
}

export function actorRef(actor: Actor) {
  return actor.kind === 'user'
    ? { type: 'user' as const, id: actor.userId }
    : { type: 'api_token' as const, id: actor.tokenId };
}
