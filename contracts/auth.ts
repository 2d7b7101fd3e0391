import { z } from 'zod';
import { Email, Id, Language, Password, PersonName, Role, TimeZone } from './common.js';

export const User = z.object({
  id: Id,
  email: z.string(),
  name: z.string(),
  initials: z.string(),
  language: Language,
  timeZone: z.string(),
});
export type User = z.infer<typeof User>;

export const WorkspaceSummary = z.object({ id: Id, name: z.string(), role: Role });

export const Workspace = z.object({
  id: Id,
  name: z.string(),
  language: Language,
  timeZone: z.string(),
  inboxSettings: z.object({
    agentsCanAssign: z.boolean().describe('Agents may assign and reassign, not only take'),
    onlyAssigneeReplies: z.boolean().describe('Only the assignee (and supervisors, admins, owners) may reply'),
    agentVisibility: z.enum(['all', 'team']).describe('Agents see every conversation, or only their teams’, unteamed ones and their own'),
  }),
  createdAt: z.string(),
});
export type Workspace = z.infer<typeof Workspace>;

export const Session = z.object({
  user: User,
  workspace: Workspace.nullable(),
  role: Role.nullable(),
  workspaces: z.array(WorkspaceSummary),
  csrfToken: z.string().describe('Send as the X-CSRF-Token header on every cookie-authenticated write'),
  expiresAt: z.string(),
});
export type Session = z.infer<typeof Session>;

export const SetupStatus = z.object({
  needed: z.boolean(),
  demo: z.boolean().describe("Demo mode: a simulated WhatsApp number waits to be connected to the first workspace created"),
});

export const SetupRequest = z.object({
  workspaceName: z.string().trim().min(1, 'is required').max(100),
  name: PersonName,
  email: Email,
  password: Password,
  language: Language,
  timeZone: TimeZone.optional(),
});

export const LoginRequest = z.object({
  email: Email,
  password: z.string().min(1, 'is required').max(200),
});

export const PasswordResetRequest = z.object({ email: Email });
export const PasswordResetConfirm = z.object({ token: z.string().min(10).max(200), password: Password });

export const ProfileUpdate = z
  .object({ name: PersonName, language: Language, timeZone: TimeZone })
  .partial()
  .refine((value) => Object.keys(value).length > 0, 'send at least one of name, language, timeZone');

export const PasswordChange = z.object({ currentPassword: z.string().min(1).max(200), newPassword: Password });

export const SwitchWorkspace = z.object({ workspaceId: Id });

export const WorkspaceUpdate = z
  .object({ name: z.string().trim().min(1).max(100), language: Language, timeZone: TimeZone, inboxSettings: Workspace.shape.inboxSettings.partial() })
  .partial()
  .refine((value) => Object.keys(value).length > 0, 'send at least one of name, language, timeZone, inboxSettings');
