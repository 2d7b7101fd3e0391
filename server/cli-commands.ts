import { eq, or, sql } from 'drizzle-orm';
import { Email, Language, Password, PersonName } from '../contracts/common.js';
import { bootContext } from './boot.js';
import { listDeadLetters, replayDeadLetters } from './channels/whatsapp/dead-letters.js';
import type { Config } from './config.js';
import { workspaces } from './db/schema.js';
import { createApiToken } from './modules/api-tokens/api-tokens.js';
import { requestPasswordReset } from './modules/accounts/password-reset.js';
import { rebuildMetrics } from './modules/metrics/rollup.js';
import { createWorkspace } from './modules/workspaces/create-workspace.js';
import { ensureWebBuilt, startServer } from './start-server.js';
import { GrantableRole } from '../contracts/common.js';

type Flags = Record<string, string | string[] | boolean | undefined>;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function required(flags: Flags, name: string): string {
  const value = flags[name];
  if (typeof value !== 'string' || value.trim() === '') {
    console.error(`Missing --${name}. See bandeja --help.`);
    process.exit(1);
  }
  return value;
}

function parsed<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } } }, value: unknown, flag: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    console.error(`--${flag} ${result.error.issues[0]!.message}`);
    process.exit(1);
  }
  return result.data;
}

/** Runs a one-shot command against the database with the server's own boot (migrations included). */
async function withContext<T>(config: Config, work: (ctx: Awaited<ReturnType<typeof bootContext>>) => Promise<T>, options: { jobs?: boolean } = {}) {
  const ctx = await bootContext({ ...config, logLevel: 'error' }, { jobs: options.jobs ?? false });
  try {
    return await work(ctx);
  } finally {
    await ctx.shutdown();
  }
}

export async function start(config: Config, flags: Flags = {}) {
  if (!flags['skip-web-build']) ensureWebBuilt();
  const server = await startServer(config);
  const line = '─'.repeat(60);
  console.log(`\n${line}\n  Bandeja is running at ${server.url}`);
  console.log(`  Database: ${server.ctx.database.kind === 'pglite' ? `embedded (PGlite) in ${config.dataDir}` : 'PostgreSQL'}`);
  if (server.needsSetup) {
    console.log(`  First time? Open ${server.url} to create your workspace and owner account.`);
  } else {
    console.log(`  Open ${server.url} and sign in with your email and password.`);
    console.log('  Forgot it? npx bandeja reset-password --email you@example.com (with the server stopped)');
  }
  console.log(`  API docs: ${server.url}/api/docs`);
  let demo: { url: string; stop(): Promise<void> } | undefined;
  if (flags.demo) {
    // Loaded only for the demo: the simulator and Meta's schema are not part of a normal start.
    const { demoBannerLine, startDemo } = await import('./demo.js');
    const started = await startDemo(server.ctx, `http://127.0.0.1:${server.port}`, {
      onConnected: (workspaceName) => console.log(`Demo: the simulated WhatsApp number is now connected to "${workspaceName}". Chat as a customer at ${started.url}`),
    });
    demo = started;
    console.log(`  ${demoBannerLine(started)}`);
  }
  console.log(`${line}\n`);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: finishing jobs and closing the database…`);
    const timer = setTimeout(() => {
      console.error('Shutdown took longer than 20 s; exiting.');
      process.exit(1);
    }, 20_000);
    timer.unref();
    await demo?.stop();
    await server.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

export async function migrate(config: Config) {
  // pg-boss installs its own schema when it starts: part of migrating.
  await withContext(config, async () => {}, { jobs: true });
  console.log('Migrations applied.');
}

export async function createWorkspaceCommand(config: Config, flags: Flags) {
  const name = parsed(PersonName, required(flags, 'name'), 'name');
  const email = parsed(Email, required(flags, 'owner-email'), 'owner-email');
  const password = parsed(Password, required(flags, 'owner-password'), 'owner-password');
  const ownerName = parsed(PersonName, flags['owner-name'] ?? email.split('@')[0], 'owner-name');
  const language = parsed(Language, flags.language ?? 'es', 'language');
  const result = await withContext(config, (ctx) =>
    ctx.transaction((tx) => createWorkspace(tx, { workspaceName: name, owner: { name: ownerName, email, password }, language })),
  );
  console.log(`Workspace "${result.workspace.name}" created (id ${result.workspace.id}); owner ${result.owner.email}.`);
}

export async function createApiTokenCommand(config: Config, flags: Flags) {
  const workspace = required(flags, 'workspace');
  const name = parsed(PersonName, required(flags, 'name'), 'name');
  const role = parsed(GrantableRole, flags.role ?? 'admin', 'role');
  await withContext(config, async (ctx) => {
    const isUuid = /^[0-9a-f-]{36}$/i.test(workspace);
    const matches = await ctx.db
      .select()
      .from(workspaces)
      .where(isUuid ? or(eq(workspaces.id, workspace), eq(workspaces.name, workspace)) : sql`lower(${workspaces.name}) = ${workspace.toLowerCase()}`);
    if (matches.length !== 1) {
      console.error(matches.length === 0 ? `No workspace named "${workspace}".` : `Several workspaces are named "${workspace}": pass its id.`);
      process.exitCode = 1;
      return;
    }
    const created = await createApiToken(ctx, { workspaceId: matches[0]!.id, name, role, actor: null });
    console.log(created.token);
    console.error(`API token "${name}" (${role}) for workspace "${matches[0]!.name}". Store it now: it is not shown again.`);
  });
}

export async function resetPasswordCommand(config: Config, flags: Flags) {
  const email = parsed(Email, required(flags, 'email'), 'email');
  await withContext(config, async (ctx) => {
    const reset = await requestPasswordReset(ctx, { email });
    if (!reset) {
      console.error(`No account with the email ${email}.`);
      process.exitCode = 1;
      return;
    }
    console.log(reset.link);
    console.error('Open this link within one hour to set a new password.');
  });
}

export async function rebuildMetricsCommand(config: Config) {
  await withContext(config, async (ctx) => {
    const started = performance.now();
    const events = await rebuildMetrics(ctx, { settleMs: 0 });
    const seconds = (performance.now() - started) / 1000;
    console.log(`Folded ${events} events in ${seconds.toFixed(1)} s (${Math.round(events / Math.max(seconds, 0.001))} events/s).`);
  });
}

export async function deadLettersCommand(config: Config) {
  await withContext(config, async (ctx) => {
    const rows = await listDeadLetters(ctx.db);
    if (rows.length === 0) {
      console.log('No dead-lettered webhook payloads.');
      return;
    }
    console.log(`${'id'.padEnd(10)} ${'received (UTC)'.padEnd(20)} ${'attempts'.padEnd(8)} last error`);
    for (const row of rows) {
      console.log(`${String(row.id).padEnd(10)} ${row.receivedAt.toISOString().slice(0, 19).replace('T', ' ').padEnd(20)} ${String(row.attempts).padEnd(8)} ${row.lastError}`);
    }
    console.error(`${rows.length} payload(s). Replay after the fix: bandeja webhooks replay --id N (repeatable) or --all`);
  });
}

export async function replayCommand(config: Config, flags: Flags) {
  const ids = [flags.id ?? []].flat().map((value) => Number(value));
  if (ids.some((id) => !Number.isSafeInteger(id) || id <= 0)) fail('--id must be a payload id from "bandeja webhooks dead-letters".');
  if (ids.length === 0 && !flags.all) fail('Give --id N (repeatable) or --all.');
  if (ids.length > 0 && flags.all) fail('Give --id or --all, not both.');
  // Jobs: a replayed message with media queues its download.
  await withContext(
    config,
    async (ctx) => {
      const result = await replayDeadLetters(ctx, flags.all ? { all: true } : { ids });
      if (result.replayed.length === 0) {
        console.error('No dead-lettered payload to replay (see "bandeja webhooks dead-letters").');
        process.exitCode = 1;
        return;
      }
      console.log(`Replayed ${result.replayed.length}: ${result.processed.length} processed, ${result.stillFailing.length} failing again.`);
      if (result.stillFailing.length > 0) {
        console.log(`Failing again (retried every minute, parked again if they keep failing): ${result.stillFailing.join(', ')}`);
        process.exitCode = 1;
      }
    },
    { jobs: true },
  );
}

export async function simulatorCommand(flags: Flags) {
  const port = Number(flags.port ?? 4000);
  const webhookUrl = String(flags['webhook-url'] ?? 'http://127.0.0.1:3000/webhooks/whatsapp');
  const { runStandaloneSimulator } = await import('./demo.js');
  const { simulator, credentials } = await runStandaloneSimulator({ port, webhookUrl });
  console.log(`WhatsApp Cloud API simulator at ${simulator.url}`);
  console.log(`Customer chat page: ${simulator.url}/`);
  console.log(`Webhooks go to ${webhookUrl}`);
  console.log(`\nStart Bandeja with OUTBOUND_ALLOWED_ORIGINS=${simulator.url} (it calls only Meta's Graph API otherwise),`);
  console.log('then connect it in Bandeja (Ajustes → Canales → Conectar WhatsApp):');
  console.log(`  Graph API base URL  ${simulator.url}`);
  for (const [key, value] of Object.entries(credentials)) console.log(`  ${key.padEnd(19)} ${value}`);
  const stop = async () => {
    await simulator.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}
