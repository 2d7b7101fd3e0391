import { z } from 'zod';
import { Id } from '../../../contracts/common.js';
import {
  Invitation,
  InvitationAccept,
  InvitationCreate,
  InvitationCreated,
  InvitationPreview,
  Member,
  MemberUpdate,
  PasswordResetLink,

} from '../../../contracts/members.js';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import { AppError, notFound } from '../../http/errors.js';
import { canManageRole } from '../../http/policy.js';
import { type Api, commonErrors, NoContent } from '../../http/route-types.js';
import { findUserById, listPendingPasswordResets } from '../accounts/accounts.repository.js';
import { requestPasswordReset } from '../accounts/password-reset.js';
import { sessionDocument } from '../accounts/session-document.js';
import { clientInfo, setSessionCookie } from '../accounts/start-session.js';
import { Session } from '../../../contracts/auth.js';
import { acceptInvitation, previewInvitation } from './accept-invitation.js';
import { inviteMember, revokeInvitation } from './invite-member.js';
import { presentInvitation, presentMember } from './members.presenter.js';
import { findMember, listInvitations, listMembers } from './members.repository.js';
import { updateMember } from './update-member.js';

export function membersRoutes(app: Api, ctx: AppContext) {
  app.get('/api/v1/members', {
    config: { access: { permission: 'members.read' } },
    schema: { tags: ['members'], summary: 'Members of the workspace, active first', response: { 200: z.object({ members: z.array(Member) }), ...commonErrors } },
    handler: async (request) => {
      const actor = requireActor(request);
      return { members: (await listMembers(ctx.db, actor.workspaceId)).map(presentMember) };
    },
  });

  app.get('/api/v1/members/:memberId', {
    config: { access: { permission: 'members.read' } },
    schema: { tags: ['members'], summary: 'One member', params: z.object({ memberId: Id }), response: { 200: Member, ...commonErrors } },
    handler: async (request) => {
      const member = await findMember(ctx.db, requireActor(request).workspaceId, request.params.memberId);
      if (!member) throw notFound('Member');
      return presentMember(member);
    },
  });

  app.patch('/api/v1/members/:memberId', {
    config: { access: { permission: 'members.manage' } },
    schema: {
      tags: ['members'],
      summary: 'Change a member role, or deactivate / reactivate them (history stays)',
      params: z.object({ memberId: Id }),
      body: MemberUpdate,
      response: { 200: Member, ...commonErrors },
    },
    handler: async (request) => presentMember(await updateMember(ctx, requireActor(request), request.params.memberId, request.body)),
  });

  app.post('/api/v1/members/:memberId/password-reset', {
    config: { access: { permission: 'members.manage' } },
    schema: {
      tags: ['members'],
      summary: 'Create a one-time password reset link for a member, to hand over',
      params: z.object({ memberId: Id }),
      response: { 201: z.object({ link: z.string(), expiresAt: z.string() }), ...commonErrors },
    },
    handler: async (request, reply) => {
      const actor = requireActor(request);
      const member = await findMember(ctx.db, actor.workspaceId, request.params.memberId);
      if (!member) throw notFound('Member');
      if (!canManageRole(actor.role, member.role)) throw new AppError('forbidden', 'Only an owner can reset an owner password');
      const reset = await requestPasswordReset(ctx, { email: member.email, requestedBy: actor.kind === 'user' ? actor.userId : undefined });
      reply.code(201);
      return { link: reset!.link, expiresAt: new Date(Date.now() + 3600_000).toISOString() };
    },
  });

  app.get('/api/v1/password-resets', {
    config: { access: { permission: 'members.manage' } },
    schema: {
      tags: ['members'],
      summary: 'Pending password reset links of members (while no mailer is configured)',
      response: { 200: z.object({ resets: z.array(PasswordResetLink) }), ...commonErrors },
    },
    handler: async (request) => {
      const rows = await listPendingPasswordResets(ctx.db, requireActor(request).workspaceId);
      return {
        resets: rows
          .filter((row) => row.link)
          .map((row) => ({ ...row, link: ctx.secrets.decrypt(row.link!), expiresAt: row.expiresAt.toISOString() })),
      };
    },
  });

  app.get('/api/v1/invitations', {
    config: { access: { permission: 'members.manage' } },
    schema: { tags: ['members'], summary: 'Pending invitations', response: { 200: z.object({ invitations: z.array(Invitation) }), ...commonErrors } },
    handler: async (request) => ({ invitations: (await listInvitations(ctx.db, requireActor(request).workspaceId)).map(presentInvitation) }),
  });

  app.post('/api/v1/invitations', {
    config: { access: { permission: 'members.manage' } },
    schema: {
      tags: ['members'],
      summary: 'Invite a person by link (the link is returned once)',
      body: InvitationCreate,
      response: { 201: InvitationCreated, ...commonErrors },
    },
    handler: async (request, reply) => {
      const actor = requireActor(request);
      const { invitation, link } = await inviteMember(ctx, actor, request.body);
      const inviter = actor.kind === 'user' ? await findUserById(ctx.db, actor.userId) : undefined;
      reply.code(201);
      return { invitation: presentInvitation({ ...invitation, invitedBy: inviter?.name ?? null }), link };
    },
  });

  app.delete('/api/v1/invitations/:invitationId', {
    config: { access: { permission: 'members.manage' } },
    schema: { tags: ['members'], summary: 'Revoke a pending invitation', params: z.object({ invitationId: Id }), response: { 204: NoContent, ...commonErrors } },
    handler: async (request, reply) => {
      await revokeInvitation(ctx, requireActor(request), request.params.invitationId);
      return reply.code(204).send(null);
    },
  });

  app.get('/api/v1/invitation-links/:token', {
    config: { access: { public: true } },
    schema: {
      tags: ['members'],
      summary: 'What an invitation link is for, before accepting it',
      params: z.object({ token: z.string().min(10).max(200) }),
      response: { 200: InvitationPreview, ...commonErrors, 410: commonErrors[404] },
    },
    handler: async (request) => previewInvitation(ctx, request.params.token),
  });

  app.post('/api/v1/invitation-links/:token/accept', {
    config: { access: { public: true }, rateLimit: { max: 20, timeWindow: '1 minute' } },
    schema: {
      tags: ['members'],
      summary: 'Accept an invitation: join the workspace and sign in',
      params: z.object({ token: z.string().min(10).max(200) }),
      body: InvitationAccept,
      response: { 201: Session, ...commonErrors, 410: commonErrors[404] },
    },
    handler: async (request, reply) => {
      const session = await acceptInvitation(ctx, { token: request.params.token, ...request.body, ...clientInfo(request) });
      setSessionCookie(ctx, request, reply, session);
      reply.code(201);
      return sessionDocument(ctx, session.sessionId);
    },
  });
}

