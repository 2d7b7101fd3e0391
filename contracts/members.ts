import { z } from 'zod';
import { Email, GrantableRole, Id, Language, Password, PersonName, Role, TimeZone } from './common.js';

export const Member = z.object({
  id: Id.describe('Membership id'),
  userId: Id,
  name: z.string(),
  email: z.string(),
  initials: z.string(),
  role: Role,
  status: z.enum(['active', 'deactivated']),
  language: Language,
  timeZone: z.string(),
  createdAt: z.string(),
  deactivatedAt: z.string().nullable(),
});
export type Member = z.infer<typeof Member>;

export const MemberUpdate = z
  .object({ role: Role, status: z.enum(['active', 'deactivated']) })
  .partial()
  .refine((value) => Object.keys(value).length > 0, 'send role or status');

export const Invitation = z.object({
  id: Id,
  email: z.string(),
  role: GrantableRole,
  status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
  expiresAt: z.string(),
  createdAt: z.string(),
  invitedBy: z.string().nullable(),
  teamIds: z.array(Id).describe('Teams the person joins on accepting (routing reaches them from their first day)'),
});
export type Invitation = z.infer<typeof Invitation>;

export const InvitationCreate = z.object({
  email: Email,
  role: GrantableRole,
  teamIds: z.array(Id).max(50).default([]).describe("Teams of this workspace the person joins on accepting; a team deleted meanwhile is skipped"),
});
export const InvitationCreated = z.object({
  invitation: Invitation,
  link: z.string().describe('Send this link to the person; it is shown only now'),
});

export const InvitationPreview = z.object({
  workspaceName: z.string(),
  workspaceLanguage: Language,
  email: z.string(),
  role: GrantableRole,
  existingUser: z.boolean().describe('True when the email already has an account: accept with its password'),
  teamNames: z.array(z.string()).describe('The teams the person will join'),
});

export const InvitationAccept = z.object({
  name: PersonName.optional(),
  password: Password.or(z.string().min(1).max(200)),
  language: Language.optional(),
  timeZone: TimeZone.optional().describe("The new member's time zone (their browser's); the workspace's otherwise"),
});

export const PasswordResetLink = z.object({
  memberId: Id,
  name: z.string(),
  email: z.string(),
  link: z.string(),
  expiresAt: z.string(),
});

export const ApiToken = z.object({
  id: Id,
  name: z.string(),
  role: GrantableRole,
  prefix: z.string().describe('The first characters, to recognise a token without revealing it'),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof ApiToken>;

export const ApiTokenCreate = z.object({
  name: z.string().trim().min(1, 'is required').max(100),
  role: GrantableRole.default('admin'),
});
export const ApiTokenCreated = z.object({
  apiToken: ApiToken,
  token: z.string().describe('The secret, shown only once'),
});

export const AuditEntry = z.object({
  id: z.number(),
  type: z.string(),
  actor: z.object({ type: z.enum(['user', 'api_token', 'system']), id: z.string().nullable(), name: z.string().nullable() }),
  subjectType: z.string(),
  subjectId: z.string(),
  payload: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
export const AuditPage = z.object({ entries: z.array(AuditEntry), nextCursor: z.number().nullable() });
export type AuditEntry = z.infer<typeof AuditEntry>;
