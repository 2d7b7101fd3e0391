import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { FastifyBaseLogger } from 'fastify';
import { bootContext } from '../server/boot.js';
import { loadConfig } from '../server/config.js';
import { rawExecutorOf } from '../server/db/client.js';
import { teams } from '../server/db/schema.js';
import { createWorkspace } from '../server/modules/workspaces/create-workspace.js';
import { drainQueues, routeWorkspace } from '../server/modules/routing/router.js';
import { createTestDatabase } from '../test/support/database.js';
import type { Engine } from './inbound-webhooks.js';
import { eq } from 'drizzle-orm';

export type RoutingResult = { engine: Engine; conversations: number; agents: number; baselinePerSecond: number; routedPerSecond: number; drainedPerSecond: number };

/**
 * Routing throughput on a seeded workspace: N new conversations (one customer message each, half of
 * them matching the default "Ventas" rule) routed to 20 online agents by round-robin, then the same N
 * waiting in the queue drained when the agents come online. Baseline, same run and data: the bare
 * assignment writes (one UPDATE per conversation, 50 per transaction) with no rules, locks or reasons.
 */
export async function benchRouting(engine: Engine, conversations: number): Promise<RoutingResult> {
  const database = await createTestDatabase(engine, { poolSize: 4 });
  const config = loadConfig({ DATA_DIR: mkdtempSync(path.join(tmpdir(), 'bandeja-bench-')), SECRET_KEY: 'b'.repeat(40), LOG_LEVEL: 'silent' });
  const ctx = await bootContext(config, { database, logger: pino({ level: 'silent' }) as unknown as FastifyBaseLogger });
  const raw = rawExecutorOf(ctx.db);
  try {
    const { workspace } = await ctx.transaction((tx) =>
      createWorkspace(tx, { workspaceName: 'Bench', owner: { name: 'Olga', email: 'olga@bench.test', password: 'long enough password' }, language: 'es' }),
    );
    const workspaceId = workspace.id;
    const [ventas] = await ctx.db.select().from(teams).where(eq(teams.name, 'Ventas'));
    const [{ id: channelId }] = (
      await raw.query(
        `insert into channels (workspace_id, name, phone_number_id, waba_id, access_token_sealed, app_secret_sealed, verify_token_sealed, verify_token_hash, default_team_id)
         values ($1, 'Bench', '100000000001', '100000000002', 'x', 'x', 'x', 'x', $2) returning id`,
        [workspaceId, ventas!.id],
      )
    ).rows as [{ id: string }];
    await raw.query(`insert into users (email, name, password_hash) select 'agent' || i || '@bench.test', 'Agente ' || i, 'x' from generate_series(1, 20) i`);
    await raw.query(`insert into memberships (workspace_id, user_id, role, capacity, last_activity_at) select $1, id, 'agent', 100000, now() from users where email like 'agent%@bench.test'`, [workspaceId]);
    await raw.query(`insert into team_members (team_id, membership_id) select $1, id from memberships where workspace_id = $2 and role = 'agent'`, [ventas!.id, workspaceId]);
    await raw.query(`insert into contacts (workspace_id, name, wa_id) select $1, 'Cliente ' || i, '54911' || lpad(i::text, 8, '0') from generate_series(1, $2::int) i`, [workspaceId, conversations]);
    await raw.query(
      `insert into conversations (workspace_id, display_number, channel_id, contact_id, waiting_since, window_expires_at, cycle_started_at, needs_routing)
       select $1, row_number() over (), $2, id, now(), now() + interval '24 hours', now(), false from contacts where workspace_id = $1`,
      [workspaceId, channelId],
    );
    await raw.query(
      `insert into messages (workspace_id, conversation_id, channel_id, direction, type, text, status, occurred_at)
       select $1, c.id, $2, 'inbound', 'text', case when c.display_number % 2 = 0 then 'Hola, ¿precio del plan ' || c.display_number || '?' else 'Buenas tardes, consulta ' || c.display_number end, 'received', now()
       from conversations c where c.workspace_id = $1`,
      [workspaceId, channelId],
    );
    await raw.query('analyze');
    const agentIds = ((await raw.query(`select id from memberships where workspace_id = $1 and role = 'agent' order by id`, [workspaceId])).rows as { id: string }[]).map((row) => row.id);
    const ids = ((await raw.query('select id from conversations where workspace_id = $1 order by id', [workspaceId])).rows as { id: string }[]).map((row) => row.id);

    // Baseline: the bare writes.
    let started = performance.now();
    for (let i = 0; i < ids.length; i += 50) {
      await ctx.transaction(async (tx) => {
        for (const [offset, id] of ids.slice(i, i + 50).entries()) {
          await rawExecutorOf(tx).query('update conversations set assignee_membership_id = $1, last_activity_at = now() where id = $2 and assignee_membership_id is null', [agentIds[(i + offset) % agentIds.length], id]);
        }
      });
    }
    const baselinePerSecond = ids.length / ((performance.now() - started) / 1000);
    const reset = (needsRouting: boolean) =>
      raw.query(`update conversations set assignee_membership_id = null, team_id = null, routed_at = null, routing_strategy = null, needs_routing = $2, priority = 'normal' where workspace_id = $1`, [workspaceId, needsRouting]);

    // Routing N new conversations (rules, facts, choice, reason, notification, SLA).
    await reset(true);
    await raw.query(`delete from events where workspace_id = $1 and subject_type = 'conversation'`, [workspaceId]);
    started = performance.now();
    await routeWorkspace(ctx, workspaceId);
    const routedPerSecond = ids.length / ((performance.now() - started) / 1000);
    const unrouted = (await raw.query('select count(*)::int as n from conversations where workspace_id = $1 and (needs_routing or assignee_membership_id is null) and team_id is not null', [workspaceId])).rows as [{ n: number }];
    if (unrouted[0].n !== 0) throw new Error(`${unrouted[0].n} conversations were not routed`);

    // Draining a queue of N when the agents come online.
    await reset(false);
    await raw.query(`update conversations set team_id = $2, routed_at = now(), routing_strategy = 'round_robin' where workspace_id = $1`, [workspaceId, ventas!.id]);
    started = performance.now();
    while ((await drainQueues(ctx, workspaceId)) > 0);
    const drainedPerSecond = ids.length / ((performance.now() - started) / 1000);
    return { engine, conversations: ids.length, agents: agentIds.length, baselinePerSecond, routedPerSecond, drainedPerSecond };
  } finally {
    await ctx.routing.stop();
    await ctx.jobs.stop();
    await ctx.eventBus.close();
    await database.close();
  }
}
