import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { FastifyBaseLogger } from 'fastify';
import { Agent, request } from 'undici';
import { loadConfig } from '../server/config.js';
import { rawExecutorOf } from '../server/db/client.js';
import { createApiToken } from '../server/modules/api-tokens/api-tokens.js';
import { rebuildMetrics } from '../server/modules/metrics/rollup.js';
import { createWorkspace } from '../server/modules/workspaces/create-workspace.js';
import { startServer } from '../server/start-server.js';
import { createTestDatabase } from '../test/support/database.js';
import type { Engine } from './inbound-webhooks.js';

export type MetricsResult = {
  engine: Engine;
  conversations: number;
  events: number;
  seedSeconds: number;
  rebuildEventsPerSecond: number;
  baselineP95: number;
  summary90: { p50: number; p95: number };
  agents90: { p50: number; p95: number };
  series90: { p50: number; p95: number };
  load90: { p50: number; p95: number };
  summary7: { p50: number; p95: number };
  live: { p50: number; p95: number };
};

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

/**
 * Reports on a seeded event log: N conversations over 90 days with 50 agents, each with 5 customer
 * messages answered by agents (10 messages), an assignment and, for 80 %, a resolution — about 13
 * events per conversation — folded by `bandeja metrics rebuild`, then the report routes over HTTP
 * with an API token. Baseline in the same run: the cheapest authenticated route.
 */
export async function benchMetrics(engine: Engine, conversations: number, samples = 20): Promise<MetricsResult> {
  const database = await createTestDatabase(engine, { poolSize: 10 });
  const config = { ...loadConfig({ DATA_DIR: mkdtempSync(path.join(tmpdir(), 'bandeja-bench-')), SECRET_KEY: 'b'.repeat(40), LOG_LEVEL: 'silent', PORT: '0' }) };
  const server = await startServer(config, { database, logger: pino({ level: 'silent' }) as unknown as FastifyBaseLogger, workers: false, web: false });
  const ctx = server.ctx;
  const raw = rawExecutorOf(ctx.db);
  try {
    const { workspace } = await ctx.transaction((tx) =>
      createWorkspace(tx, { workspaceName: 'Bench', owner: { name: 'Olga', email: 'olga@bench.test', password: 'long enough password' }, language: 'es' }),
    );
    const id = workspace.id;
    const seedStarted = performance.now();
    const [{ id: channelId }] = (
      await raw.query(
        `insert into channels (workspace_id, name, phone_number_id, waba_id, access_token_sealed, app_secret_sealed, verify_token_sealed, verify_token_hash)
         values ($1, 'Bench', '100000000009', '100000000002', 'x', 'x', 'x', 'x') returning id`,
        [id],
      )
    ).rows as [{ id: string }];
    await raw.query(`insert into users (email, name, password_hash) select 'agent' || i || '@bench.test', 'Agente ' || i, 'x' from generate_series(1, 50) i`);
    await raw.query(`insert into memberships (workspace_id, user_id, role) select $1, id, 'agent' from users where email like 'agent%@bench.test'`, [id]);
    await raw.query(`insert into contacts (workspace_id, name, wa_id) select $1, 'Cliente ' || i, '54911' || lpad(i::text, 8, '0') from generate_series(1, $2::int) i`, [id, conversations]);
    await raw.query(
      `insert into conversations (workspace_id, display_number, channel_id, contact_id, status, created_at, cycle_started_at)
       select $1, row_number() over (), $2, id, 'resolved', now() - random() * interval '90 days', now() from contacts where workspace_id = $1`,
      [id, channelId],
    );
    // The event log: created, assigned, 5 × (customer message, agent reply), resolved for 80 %.
    await raw.query(
      `with c as (
         select c.id, c.created_at t0, m.user_id, m2.id as member_id, random() r
           from conversations c
           join lateral (select user_id from memberships where workspace_id = $1 and role = 'agent' order by id offset (c.display_number % 50) limit 1) m on true
           join lateral (select id from memberships where workspace_id = $1 and user_id = m.user_id) m2 on true
          where c.workspace_id = $1)
       insert into events (workspace_id, actor_type, actor_id, type, subject_type, subject_id, payload, created_at)
       select $1, e.actor_type, e.actor_id, e.type, 'conversation', c.id::text, e.payload, e.at from c
       cross join lateral (
         select 'system' actor_type, null::uuid actor_id, 'conversation.created' type, jsonb_build_object('channelId', $2::text) payload, c.t0 at
         union all select 'system', null, 'conversation.assigned', jsonb_build_object('from', null, 'to', c.member_id, 'via', 'routing'), c.t0 + interval '20 seconds'
         union all select 'system', null, 'message.received', jsonb_build_object('at', c.t0 + k * interval '10 minutes'), c.t0 + k * interval '10 minutes' from generate_series(0, 4) k
         union all select 'user', c.user_id, 'message.queued', '{}'::jsonb, c.t0 + k * interval '10 minutes' + (30 + c.r * 600) * interval '1 second' from generate_series(0, 4) k
         union all select 'system', null, 'conversation.resolved', '{}'::jsonb, c.t0 + interval '2 hours' where c.r < 0.8
       ) e
       order by e.at`,
      [id, channelId],
    );
    await raw.query(
      `insert into messages (workspace_id, conversation_id, channel_id, direction, type, text, status, occurred_at, created_at)
       select $1, c.id, $2, case when k % 2 = 0 then 'inbound' else 'outbound' end, 'text', 'mensaje ' || k, 'delivered', c.created_at + k * interval '5 minutes', c.created_at + k * interval '5 minutes'
       from conversations c cross join generate_series(1, 10) k where c.workspace_id = $1`,
      [id, channelId],
    );
    await raw.query('vacuum analyze');
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const [{ n: events }] = (await raw.query('select count(*)::int as n from events')).rows as [{ n: number }];

    const rebuildStarted = performance.now();
    const folded = await rebuildMetrics(ctx, { settleMs: 0 });
    const rebuildEventsPerSecond = folded / ((performance.now() - rebuildStarted) / 1000);
    // What autovacuum gives a live database (index-only scans need the visibility map).
    for (const table of ['metric_cycles', 'metric_replies', 'metric_load_spans', 'metric_load_state', 'metric_member_spans']) await raw.query(`vacuum analyze ${table}`);

    const { token } = await createApiToken(ctx, { workspaceId: id, name: 'bench', role: 'admin', actor: null });
    const dispatcher = new Agent({ connections: 4 });
    const time = async (url: string) => {
      const durations: number[] = [];
      for (let i = 0; i < samples; i++) {
        const started = performance.now();
        const response = await request(`http://127.0.0.1:${server.port}${url}`, { headers: { authorization: `Bearer ${token}` }, dispatcher });
        await response.body.text();
        if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode}`);
        durations.push(performance.now() - started);
      }
      return { p50: percentile(durations, 50), p95: percentile(durations, 95) };
    };
    const day = (offset: number) => new Date(Date.now() - offset * 86_400_000).toISOString().slice(0, 10);
    const ninety = `from=${day(90)}&to=${day(0)}`;
    const week = `from=${day(6)}&to=${day(0)}`;
    const baseline = await time('/api/v1/workspace');
    const result = {
      engine,
      conversations,
      events,
      seedSeconds,
      rebuildEventsPerSecond,
      baselineP95: baseline.p95,
      summary90: await time(`/api/v1/metrics/summary?${ninety}`),
      agents90: await time(`/api/v1/metrics/agents?${ninety}`),
      series90: await time(`/api/v1/metrics/series?${ninety}`),
      load90: await time(`/api/v1/metrics/load?${ninety}`),
      summary7: await time(`/api/v1/metrics/summary?${week}`),
      live: await time('/api/v1/metrics/live'),
    };
    await dispatcher.close();
    return result;
  } finally {
    await server.stop();
  }
}
