import { and, eq, ne } from 'drizzle-orm';
import { z } from 'zod';
import {
  LoginRequest,
  PasswordChange,
  PasswordResetConfirm,
  PasswordResetRequest,
  ProfileUpdate,
  Session,
  SetupRequest,
  SetupStatus,
  SwitchWorkspace,
} from '../../../contracts/auth.js';
import type { AppContext } from '../../context.js';
import { sessions, users } from '../../db/schema.js';
import { anyWorkspaceExists } from '../workspaces/workspaces.repository.js';
import { recordEvent } from '../../events/event-log.js';
import { requireUserId, SESSION_COOKIE } from '../../http/auth.js';
import { AppError } from '../../http/errors.js';
import { type Api, commonErrors, NoContent } from '../../http/route-types.js';
import { hashPassword, verifyPassword } from '../../lib/crypto.js';
import { createWorkspace } from '../workspaces/create-workspace.js';
import { deleteSessionsOfUser, findUserById, listActiveWorkspacesOf } from './accounts.repository.js';
import { presentSession, sessionDocument } from './session-document.js';
import { assertNotLocked, logIn, registerFailure } from './log-in.js';
import { requestPasswordReset, resetPassword } from './password-reset.js';
import { clientInfo, setSessionCookie, startSession } from './start-session.js';

export function accountsRoutes(app: Api, ctx: AppContext) {
  const authLimit = { max: 20, timeWindow: '1 minute' };

  app.get('/api/v1/setup', {
    config: { access: { public: true } },
    schema: { tags: ['setup'], summary: 'Whether the guided first-run setup is needed', response: { 200: SetupStatus } },
    handler: async () => {
      const needed = !(await anyWorkspaceExists(ctx.db));
      return { needed, demo: needed && ctx.demo !== undefined };
    },
  });

  app.post('/api/v1/setup', {
    config: { access: { public: true }, rateLimit: authLimit },
    schema: {
      tags: ['setup'],
      summary: 'First run: create the workspace and its owner, and sign in',
      body: SetupRequest,
      response: { 201: Session, ...commonErrors },
    },
    handler: async (request, reply) => {
      const body = request.body;
      const session = await ctx.transaction(async (tx) => {
        const { workspace, owner } = await createWorkspace(tx, {
          workspaceName: body.workspaceName,
          owner: { name: body.name, email: body.email, password: body.password },
          language: body.language,
          timeZone: body.timeZone,
          onlyIfFirst: true,
        });
        const started = await startSession(tx, { userId: owner.id, workspaceId: workspace.id, ...clientInfo(request) });
        return { ...started, userId: owner.id, workspaceId: workspace.id };
      });
      setSessionCookie(ctx, request, reply, session);
      reply.code(201);
      return sessionDocument(ctx, session.sessionId);
    },
  });

  app.post('/api/v1/auth/login', {
    config: { access: { public: true }, rateLimit: authLimit },
    schema: {
      tags: ['auth'],
      summary: 'Sign in with email and password (sets the session cookie)',
      body: LoginRequest,
      response: { 200: Session, ...commonErrors },
    },
    handler: async (request, reply) => {
      const session = await logIn(ctx, { ...request.body, ...clientInfo(request) });
      setSessionCookie(ctx, request, reply, session);
      return sessionDocument(ctx, session.sessionId);
    },
  });

  app.get('/api/v1/session', {
    config: { access: { signedIn: true } },
    schema: { tags: ['auth'], summary: 'The signed-in person, their workspaces and the CSRF token', response: { 200: Session, ...commonErrors } },
    handler: async (request) => {
      requireUserId(request);
      return presentSession(ctx, request.session!);
    },
  });

  app.post('/api/v1/session/workspace', {
    config: { access: { signedIn: true } },
    schema: { tags: ['auth'], summary: 'Switch the session to another of your workspaces', body: SwitchWorkspace, response: { 200: Session, ...commonErrors } },
    handler: async (request) => {
      const userId = requireUserId(request);
      const memberOf = await listActiveWorkspacesOf(ctx.db, userId);
      if (!memberOf.some((workspace) => workspace.id === request.body.workspaceId)) throw new AppError('not_found', 'Workspace not found');
      await ctx.db.update(sessions).set({ workspaceId: request.body.workspaceId }).where(eq(sessions.id, request.session!.sessionId));
      await ctx.authCache.invalidate();
      return presentSession(ctx, { ...request.session!, workspaceId: request.body.workspaceId });
    },
  });

  app.post('/api/v1/auth/logout', {
    config: { access: { signedIn: true } },
    schema: { tags: ['auth'], summary: 'End this session', response: { 204: NoContent, ...commonErrors } },
    handler: async (request, reply) => {
      requireUserId(request);
      await ctx.db.delete(sessions).where(eq(sessions.id, request.session!.sessionId));
      await ctx.authCache.invalidate();
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  });

  app.post('/api/v1/auth/logout-all', {
    config: { access: { signedIn: true } },
    schema: { tags: ['auth'], summary: 'End every session of the signed-in person, on every device', response: { 204: NoContent, ...commonErrors } },
    handler: async (request, reply) => {
      const userId = requireUserId(request);
      await ctx.transaction(async (tx) => {
        await deleteSessionsOfUser(tx, userId);
        await recordEvent(tx, {
          workspaceId: request.session!.workspaceId,
          actor: { type: 'user', id: userId },
          type: 'user.signed_out_everywhere',
          subjectType: 'user',
          subjectId: userId,
        });
      });
      await ctx.authCache.invalidate();
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  });

  app.post('/api/v1/auth/password-reset', {
    config: { access: { public: true }, rateLimit: authLimit },
    schema: {
      tags: ['auth'],
      summary: 'Ask for a one-time password reset link',
      description: 'Always answers 202, whether or not the email exists. With no mailer configured the link goes to the server log and to the workspace admins.',
      body: PasswordResetRequest,
      response: { 202: z.object({ accepted: z.literal(true) }), ...commonErrors },
    },
    handler: async (request, reply) => {
      await requestPasswordReset(ctx, { email: request.body.email });
      return reply.code(202).send({ accepted: true });
    },
  });

  app.post('/api/v1/auth/password-reset/confirm', {
    config: { access: { public: true }, rateLimit: authLimit },
    schema: { tags: ['auth'], summary: 'Set a new password with a reset link token', body: PasswordResetConfirm, response: { 204: NoContent, ...commonErrors } },
    handler: async (request, reply) => {
      await resetPassword(ctx, request.body);
      return reply.code(204).send(null);
    },
  });

  app.patch('/api/v1/profile', {
    config: { access: { signedIn: true } },
    schema: { tags: ['profile'], summary: 'Update your name, language or time zone', body: ProfileUpdate, response: { 200: Session, ...commonErrors } },
    handler: async (request) => {
      const userId = requireUserId(request);
      await ctx.transaction(async (tx) => {
        await tx.update(users).set(request.body).where(eq(users.id, userId));
        await recordEvent(tx, {
          workspaceId: request.session!.workspaceId,
          actor: { type: 'user', id: userId },
          type: 'user.profile_updated',
          subjectType: 'user',
          subjectId: userId,
          payload: { fields: Object.keys(request.body) },
        });
      });
      return presentSession(ctx, request.session!);
    },
  });

  app.post('/api/v1/profile/password', {
    config: { access: { signedIn: true }, rateLimit: authLimit },
    schema: {
      tags: ['profile'],
      summary: 'Change your password (ends your other sessions)',
      body: PasswordChange,
      response: { 204: NoContent, ...commonErrors },
    },
    handler: async (request, reply) => {
      const userId = requireUserId(request);
      const user = (await findUserById(ctx.db, userId))!;
      // A stolen session must not guess the password here past the sign-in lockout.
      await assertNotLocked(ctx, user.email);
      if (!(await verifyPassword(request.body.currentPassword, user.passwordHash))) {
        await registerFailure(ctx, user.email, user.id);
        throw new AppError('invalid_credentials', 'The current password is wrong', {
          fields: [{ path: 'currentPassword', message: 'is wrong' }],
        });
      }
      const passwordHash = await hashPassword(request.body.newPassword);
      await ctx.transaction(async (tx) => {
        await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
        await tx.delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.id, request.session!.sessionId)));
        await recordEvent(tx, {
          workspaceId: request.session!.workspaceId,
          actor: { type: 'user', id: userId },
          type: 'user.password_changed',
          subjectType: 'user',
          subjectId: userId,
        });
      });
      await ctx.authCache.invalidate();
      return reply.code(204).send(null);
    },
  });
}
