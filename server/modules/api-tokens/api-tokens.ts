import { aliasedTable, and, desc, eq, isNull } from 'drizzle-orm';
import type { ApiToken } from '../../../contracts/members.js';
import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { apiTokens, users } from '../../db/schema.js';
import { recordEvent } from '../../events/event-log.js';
import { AppError, notFound } from '../../http/errors.js';
import { type Actor, actorRef } from '../../http/policy.js';
import { randomToken, sha256 } from '../../lib/crypto.js';

const creator = aliasedTable(users, 'creator');

const tokenColumns = {
  id: apiTokens.id,
  name: apiTokens.name,
  role: apiTokens.role,
  prefix: apiTokens.tokenPrefix,
  createdAt: apiTokens.createdAt,
  createdBy: creator.name,
  lastUsedAt: apiTokens.lastUsedAt,
  revokedAt: apiTokens.revokedAt,
};

type TokenRow = { [K in keyof typeof tokenColumns]: (typeof tokenColumns)[K]['_']['data'] | null } & {
  id: string;
  name: string;
  role: ApiToken['role'];
  prefix: string;
  createdAt: Date;
};

export function presentApiToken(row: TokenRow): ApiToken {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

export async function listApiTokens(db: Executor, workspaceId: string) {
  const rows = await db
    .select(tokenColumns)
    .from(apiTokens)
    .leftJoin(creator, eq(creator.id, apiTokens.createdByUserId))
    .where(eq(apiTokens.workspaceId, workspaceId))
    .orderBy(desc(apiTokens.createdAt));
  return rows as TokenRow[];
}

async function findApiToken(db: Executor, workspaceId: string, tokenId: string) {
  const [row] = await db
    .select(tokenColumns)
    .from(apiTokens)
    .leftJoin(creator, eq(creator.id, apiTokens.createdByUserId))
    .where(and(eq(apiTokens.workspaceId, workspaceId), eq(apiTokens.id, tokenId)))
    .limit(1);
  return row as TokenRow | undefined;
}

/** Creates a token for integrations. The secret is returned once; only its hash is kept. */
export async function createApiToken(
  ctx: AppContext,
  options: { workspaceId: string; name: string; role: ApiToken['role']; actor: Actor | null; createdByUserId?: string },
) {
  const token = randomToken('bdj_');
  const id = await ctx.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({
        workspaceId: options.workspaceId,
        name: options.name,
        role: options.role,
        tokenHash: sha256(token),
        tokenPrefix: token.slice(0, 10),
        createdByUserId: options.createdByUserId ?? (options.actor?.kind === 'user' ? options.actor.userId : null),
      })
      .returning({ id: apiTokens.id });
    await recordEvent(tx, {
      workspaceId: options.workspaceId,
      actor: options.actor ? actorRef(options.actor) : { type: 'system', id: null },
      type: 'api_token.created',
      subjectType: 'api_token',
      subjectId: row!.id,
      payload: { name: options.name, role: options.role },
    });
    return row!.id;
  });
  return { token, apiToken: presentApiToken((await findApiToken(ctx.db, options.workspaceId, id))!) };
}

export async function revokeApiToken(ctx: AppContext, actor: Actor, tokenId: string) {
  const revoked = await ctx.transaction(async (tx) => {
    const revoked = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.workspaceId, actor.workspaceId), eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id, name: apiTokens.name });
    if (revoked.length === 0) {
      if (await findApiToken(tx, actor.workspaceId, tokenId)) throw new AppError('conflict', 'This token is already revoked');
      throw notFound('API token');
    }
    await recordEvent(tx, {
      workspaceId: actor.workspaceId,
      actor: actorRef(actor),
      type: 'api_token.revoked',
      subjectType: 'api_token',
      subjectId: tokenId,
      payload: { name: revoked[0]!.name },
    });
    return presentApiToken((await findApiToken(tx, actor.workspaceId, tokenId))!);
  });
  await ctx.authCache.invalidate();
  return revoked;
}
