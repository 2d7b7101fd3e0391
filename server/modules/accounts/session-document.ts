import { eq } from 'drizzle-orm';
import type { Session } from '../../../contracts/auth.js';
import type { AppContext } from '../../context.js';
import { sessions, workspaces } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { presentWorkspace } from '../workspaces/workspaces.presenter.js';
import { presentUser } from './accounts.presenter.js';
import { findUserById, listActiveWorkspacesOf } from './accounts.repository.js';

/** Builds the session document the web app boots from. */
export async function presentSession(ctx: AppContext, session: { userId: string; workspaceId: string | null; csrfToken: string; expiresAt: Date }) {
  const user = await findUserById(ctx.db, session.userId);
  if (!user) throw new AppError('unauthenticated', 'Sign in first');
  const memberOf = await listActiveWorkspacesOf(ctx.db, user.id);
  const current = memberOf.find((workspace) => workspace.id === session.workspaceId);
  const [workspace] = current ? await ctx.db.select().from(workspaces).where(eq(workspaces.id, current.id)) : [];
  return {
    user: presentUser(user),
    workspace: workspace ? presentWorkspace(workspace) : null,
    role: current?.role ?? null,
    workspaces: memberOf,
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt.toISOString(),
  };
}


/** The session document of a session just started (login, setup, invitation). */
export async function sessionDocument(ctx: AppContext, sessionId: string): Promise<Session> {
  const [row] = await ctx.db.select().from(sessions).where(eq(sessions.id, sessionId));
  if (!row) throw new AppError('unauthenticated', 'Sign in first');
  return presentSession(ctx, row);
}
