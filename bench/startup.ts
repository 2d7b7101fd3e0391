import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { FastifyBaseLogger } from 'fastify';
import { Agent, request } from 'undici';
// @ts-expect-error: the plain JavaScript build script.
import { ensureServerBuilt } from '../bin/build-server.mjs';
import { bootContext } from '../server/boot.js';
import { loadConfig } from '../server/config.js';
import { channels, workspaces } from '../server/db/schema.js';
import { sha256 } from '../server/lib/crypto.js';
import { createApiToken } from '../server/modules/api-tokens/api-tokens.js';
import { ensureWebBuilt } from '../server/start-server.js';
import { createTestDatabase } from '../test/support/database.js';
import { APP_SECRET, type Engine, PHONE_NUMBER_ID, webhookBody } from './inbound-webhooks.js';
import { seed } from './inbox.js';

const root = path.resolve(import.meta.dirname, '..');

/**
 * How the server starts and what it holds at rest, as `npm start` runs it, against the way it ran
 * before the production build (TypeScript through tsx, PostgreSQL's 128 MB of shared buffers in
 * PGlite, V8's default young generation), in the same run.
 */
const variants = {
  before: { args: [path.join(root, 'bin/run-ts.mjs'), path.join(root, 'server/cli.ts'), 'start'], env: { PGLITE_SHARED_BUFFERS: '128MB' } },
  after: { args: ['--max-semi-space-size=1', path.join(root, 'bin/bandeja.mjs'), 'start'], env: {} },
} as const;
export type Variant = keyof typeof variants;

export type StartupResult = { engine: Engine; variant: Variant; firstReadySeconds: number; readySeconds: number; idleRssMb: number };
export type LoadedResult = { variant: Variant; messages: number; readySeconds: number; idleRssMb: number; peakRssMb: number; endRssMb: number; trafficSeconds: number; webhooks: number; reads: number };

/** Resident memory of a process and its children, in MB (from /proc). */
function rssMb(pid: number): number {
  const tree = (id: number): number[] => {
    let children: number[] = [];
    try {
      children = readFileSync(`/proc/${id}/task/${id}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      // Gone, or no children.
    }
    return [id, ...children.flatMap(tree)];
  };
  let kb = 0;
  for (const id of tree(pid)) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${id}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // Exited meanwhile.
    }
  }
  return Math.round(kb / 1024);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the server and resolves once /readyz answers 200, with the seconds that took. */
async function start(variant: Variant, env: Record<string, string>, port: number): Promise<{ child: ChildProcess; readySeconds: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, [...variants[variant].args], { env: { ...process.env, LOG_LEVEL: 'warn', PORT: String(port), ...variants[variant].env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${stderr}`);
    try {
      const response = await request(`http://127.0.0.1:${port}/readyz`);
      await response.body.dump();
      if (response.statusCode === 200) return { child, readySeconds: (performance.now() - started) / 1000 };
    } catch {
      // Not listening yet.
    }
    await sleep(20);
  }
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  child.kill('SIGINT');
  await new Promise((resolve) => child.once('exit', resolve));
}

/** A fresh data folder, and on PostgreSQL a fresh database (dropped after). */
async function databaseFor(engine: Engine): Promise<{ env: Record<string, string>; close: () => Promise<void> }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bandeja-bench-start-'));
  const removeDir = () => rmSync(dataDir, { recursive: true, force: true });
  if (engine === 'pglite') return { env: { DATA_DIR: dataDir }, close: async () => removeDir() };
  const database = await createTestDatabase('postgres');
  return { env: { DATA_DIR: dataDir, DATABASE_URL: database.url! }, close: async () => (await database.close(), removeDir()) };
}

let nextPort = 4800;

/** First start on an empty database, then a start with the data it made and the memory after `idleSeconds` at rest. */
export async function benchStartup(engines: Engine[], idleSeconds: number): Promise<StartupResult[]> {
  ensureWebBuilt();
  await ensureServerBuilt({ log: () => {} });
  const results: StartupResult[] = [];
  for (const engine of engines) {
    for (const variant of ['before', 'after'] as Variant[]) {
      const database = await databaseFor(engine);
      const port = nextPort++;
      try {
        const first = await start(variant, database.env, port);
        await stop(first.child);
        const second = await start(variant, database.env, port);
        await sleep(idleSeconds * 1000);
        results.push({ engine, variant, firstReadySeconds: first.readySeconds, readySeconds: second.readySeconds, idleRssMb: rssMb(second.child.pid!) });
        await stop(second.child);
      } finally {
        await database.close();
      }
    }
  }
  return results;
}

/**
 * PGlite with a shop's year of history (`conversations` × 10 messages), then normal traffic for
 * `trafficSeconds`: a customer message every `1 / webhooksPerSecond` s and an agent's list read
 * every 200 ms, sampling the server's memory every second.
 */
export async function benchLoaded(conversations: number, trafficSeconds: number, webhooksPerSecond = 5): Promise<LoadedResult[]> {
  ensureWebBuilt();
  await ensureServerBuilt({ log: () => {} });
  const seeded = mkdtempSync(path.join(tmpdir(), 'bandeja-bench-loaded-'));
  const config = { ...loadConfig({ DATA_DIR: seeded, LOG_LEVEL: 'silent' }), port: 0 };
  const ctx = await bootContext(config, { logger: pino({ level: 'silent' }) as unknown as FastifyBaseLogger, jobs: false });
  let token: string;
  try {
    const [workspace] = await ctx.db.insert(workspaces).values({ name: 'Bench' }).returning();
    const [channel] = await ctx.db
      .insert(channels)
      .values({
        workspaceId: workspace!.id, name: 'Bench', phoneNumberId: PHONE_NUMBER_ID, wabaId: '102290129340398',
        accessTokenSealed: ctx.secrets.encrypt('x'), appSecretSealed: ctx.secrets.encrypt(APP_SECRET),
        verifyTokenSealed: ctx.secrets.encrypt('v'), verifyTokenHash: sha256('v'), health: 'connected', verifiedAt: new Date(),
        // Nothing leaves loopback: a send would meet a closed port.
        apiBaseUrl: 'http://127.0.0.1:9',
      })
      .returning();
    await seed(ctx.database.raw as never, workspace!.id, channel!.id, conversations);
    ({ token } = await createApiToken(ctx, { workspaceId: workspace!.id, name: 'bench', role: 'admin', actor: null }));
  } finally {
    await ctx.shutdown();
  }
  const messages = conversations * 10;
  const results: LoadedResult[] = [];
  for (const variant of ['before', 'after'] as Variant[]) {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'bandeja-bench-loaded-run-'));
    cpSync(seeded, dataDir, { recursive: true });
    const port = nextPort++;
    const { child, readySeconds } = await start(variant, { DATA_DIR: dataDir }, port);
    try {
      await sleep(10_000);
      const idleRssMb = rssMb(child.pid!);
      const dispatcher = new Agent({ connections: 4 });
      const base = `http://127.0.0.1:${port}`;
      let peakRssMb = idleRssMb;
      let webhooks = 0;
      let reads = 0;
      const until = performance.now() + trafficSeconds * 1000;
      const sampler = setInterval(() => (peakRssMb = Math.max(peakRssMb, rssMb(child.pid!))), 1000);
      const customers = (async () => {
        for (let i = 0; performance.now() < until; i++) {
          const { body, signature } = webhookBody(i, `${variant}-${Date.now()}`);
          const response = await request(`${base}/webhooks/whatsapp`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, dispatcher });
          await response.body.dump();
          webhooks += 1;
          await sleep(1000 / webhooksPerSecond);
        }
      })();
      const agent = (async () => {
        const paths = ['/api/v1/conversations?limit=25', '/api/v1/conversations?limit=25&view=unassigned', '/api/v1/conversations?q=pedido&limit=25', '/api/v1/inbox/counts'];
        for (let i = 0; performance.now() < until; i++) {
          const response = await request(`${base}${paths[i % paths.length]}`, { headers: { authorization: `Bearer ${token}` }, dispatcher });
          await response.body.dump();
          reads += 1;
          await sleep(200);
        }
      })();
      await Promise.all([customers, agent]);
      clearInterval(sampler);
      await sleep(2000);
      results.push({ variant, messages, readySeconds, idleRssMb, peakRssMb, endRssMb: rssMb(child.pid!), trafficSeconds, webhooks, reads });
      await dispatcher.close();
    } finally {
      await stop(child);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  rmSync(seeded, { recursive: true, force: true });
  return results;
}

