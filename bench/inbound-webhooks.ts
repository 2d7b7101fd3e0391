import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { count } from 'drizzle-orm';
import pino from 'pino';
import type { FastifyBaseLogger } from 'fastify';
import { Agent, request } from 'undici';
import { loadConfig } from '../server/config.js';
import { type DatabaseHandle, openDatabase } from '../server/db/client.js';
import { channels, messages, workspaces } from '../server/db/schema.js';
import { sha256 } from '../server/lib/crypto.js';
import { serialiseLikeMeta, signatureOf } from '../server/simulator/index.js';
import { startServer } from '../server/start-server.js';
import { createTestDatabase } from '../test/support/database.js';

export type Engine = 'pglite' | 'postgres';

export type RateResult = { engine: Engine; offered: number; sent: number; ackP50: number; ackP99: number; processedPerSecond: number; drainSeconds: number; loopDelayP99: number; poolWaitingMax: number };

export const APP_SECRET = 'bench-app-secret';
export const PHONE_NUMBER_ID = '106540352242922';

function percentile(sorted: number[], p: number) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0;
}

/** One customer message per POST, the common case Meta delivers; signed exactly as the simulator signs. */
export function webhookBody(index: number, run: string) {
  const waId = `54911${String(index % 5000).padStart(8, '0')}`;
  const payload = {
    object: 'whatsapp_business_account',
    entry: [{ id: '102290129340398', changes: [{ field: 'messages', value: {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_NUMBER_ID },
      contacts: [{ profile: { name: `Cliente ${index % 5000}` }, wa_id: waId }],
      messages: [{ from: waId, id: `wamid.bench.${run}.${index}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: `Hola, ¿tienen stock del artículo ${index}?` } }],
    } }] }],
  };
  const body = serialiseLikeMeta(payload);
  return { body, signature: signatureOf(body, APP_SECRET) };
}

/** A raw single-row insert loop on the same engine: the floor any ingest is compared against. */
export async function rawInsertRate(handle: DatabaseHandle, rows = 3000): Promise<number> {
  await handle.raw.query('create table if not exists bench_raw (id bigserial primary key, body text not null, at timestamptz not null default now())');
  const started = performance.now();
  for (let i = 0; i < rows; i++) await handle.raw.query('insert into bench_raw (body) values ($1)', [`row ${i}`]);
  const seconds = (performance.now() - started) / 1000;
  await handle.raw.query('drop table bench_raw');
  return rows / seconds;
}

/** Boots a real server on the engine, then offers webhooks at rising rates (open loop) and measures. */
export async function benchInbound(engine: Engine, rates: number[], secondsPerRate: number) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bandeja-bench-'));
  const database = engine === 'pglite' ? await openDatabase({ kind: 'pglite', dataDir: path.join(dataDir, 'pglite') }) : await createTestDatabase('postgres', { poolSize: 10 }); // the server's default pool size
  const config = { ...loadConfig({ DATA_DIR: dataDir, SECRET_KEY: 'b'.repeat(40), LOG_LEVEL: 'silent', OUTBOUND_ALLOWED_ORIGINS: 'http://127.0.0.1:*' }), port: 0 };
  const logger = pino({ level: 'silent' }) as unknown as FastifyBaseLogger;
  const server = await startServer(config, { database, logger, web: false });
  const { ctx } = server;
  const [workspace] = await ctx.db.insert(workspaces).values({ name: 'Bench' }).returning();
  await ctx.db.insert(channels).values({
    workspaceId: workspace!.id, name: 'Bench', phoneNumberId: PHONE_NUMBER_ID, wabaId: '102290129340398',
    accessTokenSealed: ctx.secrets.encrypt('x'), appSecretSealed: ctx.secrets.encrypt(APP_SECRET),
    verifyTokenSealed: ctx.secrets.encrypt('v'), verifyTokenHash: sha256('v'), health: 'connected', verifiedAt: new Date(),
        // Nothing leaves loopback: a send would meet a closed port (the guard lists loopback for the bench).
        apiBaseUrl: 'http://127.0.0.1:9',
  });
  const baseline = await rawInsertRate(database);
  const agent = new Agent({ connections: 64, pipelining: 1 });
  const url = `http://127.0.0.1:${server.port}/webhooks/whatsapp`;
  const results: RateResult[] = [];
  let total = 0;
  for (const rate of rates) {
    const run = randomBytes(3).toString('hex');
    const planned = rate * secondsPerRate;
    const bodies = Array.from({ length: planned }, (_, i) => webhookBody(i, run));
    const latencies: number[] = [];
    // How long the (shared) event loop was blocked: tells app-side stalls from database-side ones.
    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    loopDelay.enable();
    // Requests waiting for a free pooled connection (PostgreSQL): acks queued behind other work.
    let poolWaitingMax = 0;
    const pool = database.raw as { waitingCount?: number };
    const sampler = setInterval(() => {
      poolWaitingMax = Math.max(poolWaitingMax, pool.waitingCount ?? 0);
    }, 5);
    const inFlight: Promise<void>[] = [];
    const started = performance.now();
    for (let i = 0; i < planned; i++) {
      const due = started + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      const { body, signature } = bodies[i]!;
      const sentAt = performance.now();
      inFlight.push(
        request(url, { method: 'POST', dispatcher: agent, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body })
          .then(async (response) => {
            await response.body.dump();
            if (response.statusCode !== 200) throw new Error(`webhook answered ${response.statusCode}`);
            latencies.push(performance.now() - sentAt);
          }),
      );
    }
    await Promise.all(inFlight);
    total += planned;
    // Fully processed: every message stored with its contact and conversation.
    while (Number((await ctx.db.select({ n: count() }).from(messages))[0]!.n) < total) await new Promise((resolve) => setTimeout(resolve, 50));
    const elapsed = (performance.now() - started) / 1000;
    loopDelay.disable();
    clearInterval(sampler);
    latencies.sort((a, b) => a - b);
    results.push({
      engine,
      offered: rate,
      sent: planned,
      ackP50: percentile(latencies, 50),
      ackP99: percentile(latencies, 99),
      processedPerSecond: planned / elapsed,
      drainSeconds: elapsed - secondsPerRate,
      loopDelayP99: loopDelay.percentile(99) / 1e6,
      poolWaitingMax,
    });
  }
  const unprocessed = await ctx.database.raw.query("select count(*)::int as failed from webhook_payloads where status <> 'processed'");
  const failed = (unprocessed.rows[0] as { failed: number }).failed;
  await agent.close();
  await server.stop();
  return { results, baseline, unprocessed: failed };
}
