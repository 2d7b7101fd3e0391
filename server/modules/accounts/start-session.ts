import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { SESSION_COOKIE, SESSION_IDLE_MS } from '../../http/auth.js';
import { randomToken, sha256 } from '../../lib/crypto.js';
import { insertSession } from './accounts.repository.js';

export type NewSession = { token: string; sessionId: string; expiresAt: Date };

/** Opens a server-side session; only the SHA-256 of its token is stored. */
export async function startSession(
  tx: Executor,
  options: { userId: string; workspaceId: string | null; ipAddress?: string; userAgent?: string },
): Promise<NewSession> {
  const token = randomToken();
  const expiresAt = new Date(Date.now() + SESSION_IDLE_MS);
  const row = await insertSession(tx, {
    tokenHash: sha256(token),
    userId: options.userId,
    workspaceId: options.workspaceId,
    csrfToken: randomToken('', 24),
    expiresAt,
    ipAddress: options.ipAddress,
    userAgent: options.userAgent?.slice(0, 300),
  });
  return { token, sessionId: row.id, expiresAt };
}

/** httpOnly, SameSite=Lax, signed; Secure whenever the public address or the request is HTTPS. */
export function setSessionCookie(ctx: AppContext, request: FastifyRequest, reply: FastifyReply, session: NewSession) {
  reply.setCookie(SESSION_COOKIE, session.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https' || ctx.config.publicUrl?.startsWith('https://') === true,
    signed: true,
    expires: session.expiresAt,
  });
}

export function clientInfo(request: FastifyRequest) {
  return { ipAddress: request.ip, userAgent: request.headers['user-agent'] };
}
