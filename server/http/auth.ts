import { and, asc, eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { apiTokens, memberships, sessions } from '../db/schema.js';
import { safeEqual, sha256 } from '../lib/crypto.js';
import { AppError } from './errors.js';
import { type Actor, can, type RouteAccess } from './policy.js';

export const SESSION_COOKIE = 'bandeja_session';
export const SESSION_IDLE_MS = 14 * 24 * 3600 * 1000;
const SESSION_REFRESH_MS = 3600 * 1000;
const LAST_USED_PRECISION_MS = 60_000;

export type SessionAuth = {
  sessionId: string;
  userId: string;
  workspaceId: string | null;
  csrfToken: string;
  expiresAt: Date;
};

declare module 'fastify' {
  interface FastifyRequest {
    session: SessionAuth | null;
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyInstance {
    /** Every /api/v1 route with its declared access: the isolation tests walk this list. */
    routeCatalog: RouteEntry[];
  }
}

export type RouteEntry = { method: string; url: string; access: RouteAccess; hasBody: boolean };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Resolves the caller (API token or session cookie) and enforces each route's declared access. */
export function registerAuth(app: FastifyInstance, ctx: AppContext) {
  app.decorateRequest('session', null);
  app.decorateRequest('actor', null);
  const catalog: RouteEntry[] = [];
  app.decorate('routeCatalog', catalog);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1/') || route.url === '/api/v1/openapi.json') return;
    if (!route.config?.access) throw new Error(`Route ${route.method} ${route.url} declares no access rule`);
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      catalog.push({ method, url: route.url, access: route.config.access, hasBody: Boolean(route.schema?.body) });
    }
  });

  // onRequest, before the body is parsed or validated: strangers learn nothing about a route's schema.
  app.addHook('onRequest', async (request, reply) => {
    const access = request.routeOptions.config?.access;
    if (!access) return;
    if ('public' in access) {
      // Public routes still learn who is calling when a valid session exists (e.g. GET /setup).
      await resolveCaller(ctx, request, reply, { strict: false });
      return;
    }
    await resolveCaller(ctx, request, reply, { strict: true });
    if ('signedIn' in access) {
      if (!request.session && !request.actor) throw new AppError('unauthenticated', 'Sign in first');
      return;
    }
    if (!request.actor) {
      throw request.session
        ? new AppError('no_workspace', 'You are not an active member of a workspace')
        : new AppError('unauthenticated', 'Sign in first');
    }
    if (!can(request.actor, access.permission)) {
      throw new AppError('forbidden', `Your role (${request.actor.role}) does not allow ${access.permission}`);
    }
  });
}

async function resolveCaller(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  { strict }: { strict: boolean },
) {
  const authorization = request.headers.authorization;
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) {
      if (strict) throw new AppError('invalid_token', 'Authorization must be "Bearer <token>"');
      return;
    }
    request.actor = await actorForApiToken(ctx, match[1]!);
    if (!request.actor && strict) throw new AppError('invalid_token', 'The API token is invalid or revoked');
    return;
  }

  const signed = request.cookies[SESSION_COOKIE];
  if (!signed) return;
  const unsigned = request.unsignCookie(signed);
  if (!unsigned.valid || !unsigned.value) {
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    if (strict) throw new AppError('unauthenticated', 'Sign in first');
    return;
  }
  const tokenHash = sha256(unsigned.value);
  const now = Date.now();
  const cached = ctx.authCache.get(tokenHash);
  if (cached?.kind === 'session' && cached.session.expiresAt.getTime() > now && now - cached.lastSeenAt <= SESSION_REFRESH_MS) {
    if (strict && !SAFE_METHODS.has(request.method)) checkBrowserWrite(ctx, request, cached.session.csrfToken);
    request.session = { ...cached.session };
    request.actor = cached.actor;
    return;
  }
  // Anything else (a miss, an expired session, a last-seen time to refresh) takes the database path.
  ctx.authCache.drop(tokenHash);
  const ticket = ctx.authCache.ticket();
  const [row] = await ctx.db.select().from(sessions).where(eq(sessions.tokenHash, tokenHash)).limit(1);
  if (!row || row.expiresAt.getTime() <= now) {
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    if (row) await ctx.db.delete(sessions).where(eq(sessions.id, row.id));
    if (strict) throw new AppError('session_expired', 'Your session has expired: sign in again');
    return;
  }
  if (strict && !SAFE_METHODS.has(request.method)) checkBrowserWrite(ctx, request, row.csrfToken);
  if (now - row.lastSeenAt.getTime() > SESSION_REFRESH_MS) {
    const expiresAt = new Date(now + SESSION_IDLE_MS);
    await ctx.db
      .update(sessions)
      .set({ lastSeenAt: new Date(now), expiresAt })
      .where(eq(sessions.id, row.id));
    row.expiresAt = expiresAt;
    row.lastSeenAt = new Date(now);
  }
  request.session = {
    sessionId: row.id,
    userId: row.userId,
    workspaceId: row.workspaceId,
    csrfToken: row.csrfToken,
    expiresAt: row.expiresAt,
  };
  const membership = await activeMembershipFor(ctx, row.userId, row.workspaceId);
  if (!membership) return;
  if (membership.workspaceId !== row.workspaceId) {
    // The session's workspace is gone (deactivated, or none yet): move it to one the person still belongs to.
    await ctx.db.update(sessions).set({ workspaceId: membership.workspaceId }).where(eq(sessions.id, row.id));
    request.session.workspaceId = membership.workspaceId;
    // Other processes may hold this session with its old workspace.
    await ctx.authCache.invalidate();
  }
  request.actor = {
    kind: 'user',
    userId: row.userId,
    membershipId: membership.id,
    workspaceId: membership.workspaceId,
    role: membership.role,
    sessionId: row.id,
  };
  // Only callers with a workspace are kept: a person without one gets nowhere that is worth caching.
  ctx.authCache.store(tokenHash, { kind: 'session', actor: request.actor, session: { ...request.session }, lastSeenAt: row.lastSeenAt.getTime() }, ticket);
}

/**
 * A cookie-authenticated write needs the session's CSRF token and, as a second line, must come
 * from this server's own pages: `Sec-Fetch-Site` when the browser sends it, else `Origin`. A
 * request with neither (curl, scripts) relies on the CSRF token alone.
 */
function checkBrowserWrite(ctx: AppContext, request: FastifyRequest, csrfToken: string) {
  const sent = request.headers['x-csrf-token'];
  if (typeof sent !== 'string' || !safeEqual(sent, csrfToken)) {
    throw new AppError('csrf_failed', 'Missing or wrong X-CSRF-Token header');
  }
  const fetchSite = request.headers['sec-fetch-site'];
  if (typeof fetchSite === 'string') {
    if (fetchSite === 'same-origin' || fetchSite === 'none') return;
    throw new AppError('cross_origin_request', `Writes are accepted from this server's own pages only (Sec-Fetch-Site: ${fetchSite})`);
  }
  const origin = request.headers.origin;
  if (typeof origin === 'string' && !ownOrigins(ctx, request).includes(originOf(origin) ?? '')) {
    throw new AppError('cross_origin_request', `Writes are accepted from this server's own pages only (Origin: ${origin.slice(0, 100)})`);
  }
}

/**
 * PUBLIC_URL's origin, and the origin the request itself names (Host, and the scheme, from
 * X-Forwarded-* with TRUST_PROXY): `npm start` on 127.0.0.1 opened as localhost works unset.
 */
function ownOrigins(ctx: AppContext, request: FastifyRequest): string[] {
  const origins = [originOf(`${request.protocol}://${request.host}`)];
  if (ctx.config.publicUrl) origins.push(originOf(ctx.config.publicUrl));
  return origins.filter((origin): origin is string => origin !== undefined);
}

function originOf(url: string): string | undefined {
  try {
    const { origin } = new URL(url);
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

/** The active membership in the session's workspace, else the person's oldest active one. */
async function activeMembershipFor(ctx: AppContext, userId: string, preferredWorkspaceId: string | null) {
  const rows = await ctx.db
    .select({ id: memberships.id, role: memberships.role, workspaceId: memberships.workspaceId })
    .from(memberships)
    .where(and(eq(memberships.userId, userId), eq(memberships.status, 'active')))
    .orderBy(asc(memberships.createdAt));
  return rows.find((row) => row.workspaceId === preferredWorkspaceId) ?? rows[0];
}

async function actorForApiToken(ctx: AppContext, token: string): Promise<Actor | null> {
  const tokenHash = sha256(token);
  const now = Date.now();
  const cached = ctx.authCache.get(tokenHash);
  if (cached?.kind === 'api_token') {
    if (cached.lastUsedAt === null || now - cached.lastUsedAt > LAST_USED_PRECISION_MS) {
      cached.lastUsedAt = now;
      await ctx.db.update(apiTokens).set({ lastUsedAt: new Date(now) }).where(eq(apiTokens.id, cached.actor.tokenId));
    }
    return cached.actor;
  }
  const ticket = ctx.authCache.ticket();
  const [row] = await ctx.db.select().from(apiTokens).where(eq(apiTokens.tokenHash, tokenHash)).limit(1);
  if (!row || row.revokedAt) return null;
  let lastUsedAt = row.lastUsedAt?.getTime() ?? null;
  // last-used is informative: write it at most once a minute per token.
  if (lastUsedAt === null || now - lastUsedAt > LAST_USED_PRECISION_MS) {
    await ctx.db.update(apiTokens).set({ lastUsedAt: new Date(now) }).where(eq(apiTokens.id, row.id));
    lastUsedAt = now;
  }
  const actor = { kind: 'api_token' as const, tokenId: row.id, workspaceId: row.workspaceId, role: row.role };
  ctx.authCache.store(tokenHash, { kind: 'api_token', actor, lastUsedAt }, ticket);
  return actor;
}

/** The signed-in user's id, for routes that declare `signedIn`. */
export function requireUserId(request: FastifyRequest): string {
  if (!request.session) throw new AppError('unauthenticated', 'This action needs a signed-in person, not an API token');
  return request.session.userId;
}

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('unauthenticated', 'Sign in first');
  return request.actor;
}

