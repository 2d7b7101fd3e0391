import { type ChildProcess, execFile, spawn } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { FastifyBaseLogger } from 'fastify';
import { Agent, request } from 'undici';
import { loadConfig } from '../server/config.js';
import { type DatabaseHandle, openDatabase } from '../server/db/client.js';
import { channels, workspaces } from '../server/db/schema.js';
import { sha256 } from '../server/lib/crypto.js';
import { createApiToken } from '../server/modules/api-tokens/api-tokens.js';
import { startServer } from '../server/start-server.js';
import { createTestDatabase } from '../test/support/database.js';
import type { Engine } from './inbound-webhooks.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export type InboxResult = {
  engine: Engine;
  conversations: number;
  messages: number;
  seedSeconds: number;
  baselineP95: number;
  list: { p50: number; p95: number };
  /**
   * Closed-loop throughput (16 keep-alive connections, client in its own process) of the baseline and
   * the list, against the server processes a deployment runs: one, and on PostgreSQL two (+ Redis);
   * the list again while the page's conversations change (withPageWrites).
   */
  throughput: { processes: number; baseline: Load; list: Load; listUnderWrites: Load }[];
  listMine: { p95: number };
  counts: { p50: number; p95: number };
  search: { p50: number; p95: number; queries: string[] };
  realtime: { streams: number; deliveries: number; p50: number; p99: number };
};

type Load = { perSecond: number; p95: number; clientCpuMsPerRequest: number };

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0;
};

const FIRST = ['Ana', 'Carla', 'Mónica', 'Luis', 'Jorge', 'Sofía', 'Lucía', 'Martín', 'Diego', 'Valentina', 'Camila', 'Mateo', 'John', 'Mary', 'Pedro', 'Julieta', 'Tomás', 'Florencia', 'Agustín', 'Paula'];
const LAST = ['González', 'Rodríguez', 'Gómez', 'Fernández', 'López', 'Díaz', 'Martínez', 'Pérez', 'García', 'Sánchez', 'Romero', 'Sosa', 'Torres', 'Álvarez', 'Ruiz', 'Smith', 'Zúñiga', 'Benítez', 'Acosta', 'Medina'];
const PHRASES = [
  'Hola, ¿cuál es el precio de las zapatillas?',
  '¿Tienen stock del talle M?',
  'Mi pedido no llegó todavía',
  'Quiero cambiar el producto, vino roto',
  '¿Hacen envíos al interior?',
  'Gracias, ya realicé el pago',
  'The order arrived damaged',
  'Do you ship to Mexico?',
  '¿Aceptan tarjeta de crédito en cuotas?',
  'Necesito la factura A por favor',
  'No funciona el código de descuento',
  'Perfecto, lo paso a buscar mañana',
];

/** Seeds a workspace with 50 agents, `conversations` conversations and 10 messages each, and tags, set-based. */
export async function seed(raw: { query(text: string, values?: unknown[]): Promise<unknown> }, workspaceId: string, channelId: string, conversations: number) {
  await raw.query(`insert into users (email, name, password_hash) select 'agent' || i || '@bench.test', 'Agente ' || i, 'x' from generate_series(1, 50) i`);
  await raw.query(`insert into memberships (workspace_id, user_id, role) select $1, id, 'agent' from users where email like '%@bench.test'`, [workspaceId]);
  await raw.query(
    `insert into contacts (workspace_id, name, phone, wa_id)
     select $1, ($2::text[])[1 + i % 20] || ' ' || ($3::text[])[1 + (i / 20) % 20], '+54911' || lpad(i::text, 8, '0'), '54911' || lpad(i::text, 8, '0')
     from generate_series(1, $4::int) i`,
    [workspaceId, FIRST, LAST, conversations],
  );
  await raw.query(
    `insert into conversations (workspace_id, display_number, channel_id, contact_id, status, priority, assignee_membership_id, waiting_since, window_expires_at,
                                last_message_at, last_inbound_at, last_activity_at, created_at, last_message_text, last_message_direction)
     select $1, row_number() over (), $2, c.id,
            case when r < 0.3 then 'open' when r < 0.4 then 'pending' when r < 0.45 then 'snoozed' else 'resolved' end,
            case when r2 < 0.05 then 'urgent' when r2 < 0.2 then 'high' when r2 < 0.9 then 'normal' else 'low' end,
            case when r3 < 0.4 then null else m.ids[1 + floor(r3 * 50)::int % 50] end,
            case when r < 0.3 and r2 < 0.7 then t0 + interval '5 minutes' else null end,
            t0 + interval '24 hours', t0, t0, t0, t0 - interval '1 hour', 'Último mensaje', 'inbound'
     from (select id, random() r, random() r2, random() r3, now() - random() * interval '90 days' t0 from contacts where workspace_id = $1) c,
          (select array_agg(id) ids from memberships where workspace_id = $1 and role = 'agent') m`,
    [workspaceId, channelId],
  );
  await raw.query(
    `insert into messages (workspace_id, conversation_id, channel_id, direction, type, text, status, occurred_at, created_at)
     select $1, c.id, $2, case when k % 2 = 0 then 'inbound' else 'outbound' end, 'text', ($3::text[])[1 + (k + c.display_number) % 12], 'delivered',
            c.created_at + k * interval '3 minutes', c.created_at + k * interval '3 minutes'
     from conversations c cross join generate_series(1, 10) k where c.workspace_id = $1`,
    [workspaceId, channelId, PHRASES],
  );
  // Tags as a shop uses them: the four a workspace starts with and two of its own, on about two in five conversations.
  await raw.query(`insert into tags (workspace_id, name, color) select $1, n, 'sky' from unnest(array['Nuevo', 'En seguimiento', 'Esperando pago', 'Requiere humano', 'Mayorista', 'Reclamo']) n`, [workspaceId]);
  await raw.query(
    `insert into conversation_tags (conversation_id, tag_id)
     select c.id, t.id from conversations c cross join lateral
       (select id from tags where workspace_id = c.workspace_id order by md5(c.id::text || id::text) limit (case when random() < 0.25 then 1 when random() < 0.2 then 2 else 0 end)) t
     where c.workspace_id = $1`,
    [workspaceId],
  );
  // A live database is vacuumed by autovacuum; index-only scans need the visibility map it sets.
  await raw.query('vacuum analyze');
}

async function timed(url: string, headers: Record<string, string>, dispatcher: Agent) {
  const started = performance.now();
  const response = await request(url, { headers, dispatcher });
  await response.body.text();
  if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode}`);
  return performance.now() - started;
}

async function sequential(url: string, headers: Record<string, string>, dispatcher: Agent, n: number) {
  const latencies: number[] = [];
  for (let i = 0; i < n; i++) latencies.push(await timed(url, headers, dispatcher));
  return latencies;
}

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/** The closed loop from a process of its own (bench/inbox-load.ts), spread over `urls`. */
async function closedLoop(urls: string[], token: string, concurrency: number, seconds: number): Promise<Load> {
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile(process.execPath, [path.join(root, 'bin/run-ts.mjs'), path.join(root, 'bench/inbox-load.ts'), urls.join(','), String(concurrency), String(seconds)], { env: { ...process.env, BENCH_TOKEN: token } }, (error, out) =>
      error ? reject(error) : resolve(out),
    ),
  );
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

export const PAGE_WRITES_PER_SECOND = 100;

/**
 * Runs `work` while 5 of the listed page's 25 conversations get a new row version every 50 ms (100
 * updates a second, all on the page every request reads: a busier inbox than most), so that the list
 * is measured re-reading and re-rendering changed rows rather than only reusing rendered ones.
 */
async function withPageWrites<T>(raw: { query(text: string, values?: unknown[]): Promise<unknown> }, workspaceId: string, work: () => Promise<T>): Promise<T> {
  const { rows } = (await raw.query(
    `select id from conversations where workspace_id = $1 and status in ('open', 'pending') order by coalesce(waiting_since, 'infinity'::timestamptz), id limit 25`,
    [workspaceId],
  )) as { rows: { id: string }[] };
  const ids = rows.map((row) => row.id);
  let turn = 0;
  let writing = Promise.resolve();
  const timer = setInterval(() => {
    const batch = Array.from({ length: 5 }, (_, i) => ids[(turn * 5 + i) % ids.length]!);
    turn++;
    writing = writing.then(() => raw.query('update conversations set last_message_text = last_message_text where id = any($1::uuid[])', [batch]).then(() => {}));
  }, (5 * 1000) / PAGE_WRITES_PER_SECOND);
  try {
    return await work();
  } finally {
    clearInterval(timer);
    await writing;
  }
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });

/**
 * `count` server processes started as a deployment starts them (`bandeja start` on DATABASE_URL and,
 * for several, REDIS_URL), each on its own port: what a load balancer in front of them would see.
 */
async function spawnServers(count: number, databaseUrl: string, dataDir: string) {
  const children: ChildProcess[] = [];
  const urls: string[] = [];
  const stop = async () => {
    const exited = (child: ChildProcess) =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(null);
        const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve(null);
        });
        child.kill('SIGTERM');
      });
    await Promise.all(children.map(exited));
  };
  try {
    for (let i = 0; i < count; i++) {
      const port = await freePort();
      const env = { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), DATA_DIR: path.join(dataDir, `process-${i}`), SECRET_KEY: 'b'.repeat(40), LOG_LEVEL: 'warn' };
      const child = spawn(process.execPath, [path.join(root, 'bin/bandeja.mjs'), 'start'], { env: count > 1 ? { ...env, REDIS_URL: REDIS_URL } : env, stdio: ['ignore', 'ignore', 'pipe'] });
      let errors = '';
      child.stderr!.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-2000)));
      children.push(child);
      const base = `http://127.0.0.1:${port}`;
      for (let attempt = 0; ; attempt++) {
        const up = await request(`${base}/healthz`).then((response) => response.body.text().then(() => response.statusCode === 200), () => false);
        if (up) break;
        if (attempt > 300 || child.exitCode !== null) throw new Error(`server process ${i} did not start: ${errors || 'no output'}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      urls.push(base);
    }
    return { urls, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Boots a real server on a seeded database and measures the inbox list, counts, search and realtime fan-out. */
export async function benchInbox(engine: Engine, conversations: number, seconds: number): Promise<InboxResult> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bandeja-bench-inbox-'));
  const database: DatabaseHandle & { url?: string } =
    engine === 'pglite' ? await openDatabase({ kind: 'pglite', dataDir: path.join(dataDir, 'pglite') }) : await createTestDatabase('postgres', { poolSize: 10 });
  const config = { ...loadConfig({ DATA_DIR: dataDir, SECRET_KEY: 'b'.repeat(40), LOG_LEVEL: 'silent', OUTBOUND_ALLOWED_ORIGINS: 'http://127.0.0.1:*' }), port: 0 };
  const logger = pino({ level: 'silent' }) as unknown as FastifyBaseLogger;
  const server = await startServer(config, { database, logger, web: false });
  const { ctx } = server;
  try {
    const [workspace] = await ctx.db.insert(workspaces).values({ name: 'Bench' }).returning();
    const [channel] = await ctx.db
      .insert(channels)
      .values({
        workspaceId: workspace!.id, name: 'Bench', phoneNumberId: '106540352242999', wabaId: '102290129340398',
        accessTokenSealed: ctx.secrets.encrypt('x'), appSecretSealed: ctx.secrets.encrypt('s'), verifyTokenSealed: ctx.secrets.encrypt('v'), verifyTokenHash: sha256('v'), health: 'connected', verifiedAt: new Date(),
        // Nothing leaves loopback: a send would meet a closed port (the guard lists loopback for the bench).
        apiBaseUrl: 'http://127.0.0.1:9',
      })
      .returning();
    const seedStarted = performance.now();
    await seed(database.raw, workspace!.id, channel!.id, conversations);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const { token } = await createApiToken(ctx, { workspaceId: workspace!.id, name: 'bench', role: 'admin', actor: null });
    const headers = { authorization: `Bearer ${token}` };
    const base = `http://127.0.0.1:${server.port}`;
    const dispatcher = new Agent({ connections: 64 });
    // Baseline in the same run: the cheapest authenticated route (auth + one indexed select).
    await sequential(`${base}/api/v1/workspace`, headers, dispatcher, 50);
    const baselineP95 = percentile(await sequential(`${base}/api/v1/workspace`, headers, dispatcher, 300), 95);
    const listPath = '/api/v1/conversations?limit=25';
    await sequential(`${base}${listPath}`, headers, dispatcher, 50);
    const listSequential = await sequential(`${base}${listPath}`, headers, dispatcher, 300);
    // Throughput against server processes of their own (PGlite: the one process that holds its data folder).
    const concurrency = 16;
    const throughput: InboxResult['throughput'] = [];
    for (const processes of engine === 'postgres' ? [1, 2] : [1]) {
      const servers = engine === 'postgres' ? await spawnServers(processes, database.url!, dataDir) : { urls: [base], stop: async () => {} };
      try {
        const at = (route: string) => servers.urls.map((url) => `${url}${route}`);
        // A process that just started is busy for a few seconds (JIT, its first routing and job passes).
        await closedLoop(at(listPath), token, concurrency, 5);
        await closedLoop(at('/api/v1/workspace'), token, concurrency, 1);
        const list = await closedLoop(at(listPath), token, concurrency, seconds);
        const baseline = await closedLoop(at('/api/v1/workspace'), token, concurrency, seconds);
        const listUnderWrites = await withPageWrites(database.raw, workspace!.id, () => closedLoop(at(listPath), token, concurrency, seconds));
        throughput.push({ processes, baseline, list, listUnderWrites });
      } finally {
        await servers.stop();
      }
    }
    const [someAgent] = (await database.raw.query(`select id from memberships where workspace_id = $1 and role = 'agent' limit 1`, [workspace!.id])).rows as { id: string }[];
    const mine = await sequential(`${base}/api/v1/conversations?limit=25&assigneeId=${someAgent!.id}`, headers, dispatcher, 200);
    const counts = await sequential(`${base}/api/v1/conversations/counts`, headers, dispatcher, 100);
    const queries = ['precio', 'Zúñiga', '0001234', 'factura', 'damaged', 'Mónica Gómez'];
    const search: number[] = [];
    for (let round = 0; round < 20; round++) for (const q of queries) search.push(await timed(`${base}/api/v1/conversations?limit=25&q=${encodeURIComponent(q)}&status=open&status=pending&status=resolved`, headers, dispatcher));
    const realtime = await realtimeFanOut(base, token, workspace!.id, ctx, 200, 30);
    await dispatcher.close();
    return {
      engine,
      conversations,
      messages: conversations * 10,
      seedSeconds,
      baselineP95,
      list: { p50: percentile(listSequential, 50), p95: percentile(listSequential, 95) },
      throughput,
      listMine: { p95: percentile(mine, 95) },
      counts: { p50: percentile(counts, 50), p95: percentile(counts, 95) },
      search: { p50: percentile(search, 50), p95: percentile(search, 95), queries },
      realtime,
    };
  } finally {
    await server.stop();
  }
}

/** Opens `streams` SSE connections, then adds `messages` notes one by one; latency = API call start → arrival on each stream. */
async function realtimeFanOut(base: string, token: string, workspaceId: string, ctx: Awaited<ReturnType<typeof startServer>>['ctx'], streams: number, messages: number) {
  const [conversation] = (await ctx.database.raw.query(`select id from conversations where workspace_id = $1 and status = 'open' limit 1`, [workspaceId])).rows as { id: string }[];
  const arrivals: number[][] = Array.from({ length: streams }, () => []);
  const sockets: http.ClientRequest[] = [];
  await Promise.all(
    Array.from(
      { length: streams },
      (_, index) =>
        new Promise<void>((resolve, reject) => {
          const req = http.get(`${base}/api/v1/stream`, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, agent: false }, (response) => {
            response.setEncoding('utf8');
            response.on('data', (chunk: string) => {
              const now = performance.now();
              for (const line of chunk.split('\n')) if (line.startsWith('data: ') && line.includes('"note.added"')) arrivals[index]!.push(now);
            });
            resolve();
          });
          req.on('error', reject);
          sockets.push(req);
        }),
    ),
  );
  const latencies: number[] = [];
  for (let i = 0; i < messages; i++) {
    const started = performance.now();
    const response = await request(`${base}/api/v1/conversations/${conversation!.id}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'text', text: `Nota ${i}`, private: true }),
    });
    await response.body.text();
    const deadline = Date.now() + 5_000;
    while (arrivals.some((list) => list.length <= i) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
    for (const list of arrivals) if (list[i] !== undefined) latencies.push(list[i]! - started);
  }
  for (const socket of sockets) socket.destroy();
  return { streams, deliveries: latencies.length, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}
