import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../server/config.js';
import { openDatabase } from '../server/db/client.js';
import { createTestDatabase, testDatabaseKind } from './support/database.js';

const bin = path.resolve('bin/bandeja.mjs');
const kind = testDatabaseKind();
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

function freshDir() {
  return mkdtempSync(path.join(tmpdir(), 'bandeja-proc-'));
}

type Run = { code: number | null; stdout: string; stderr: string };

function run(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, LOG_LEVEL: 'warn', ...env } });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts `bandeja start` and resolves once it prints its URL. */
function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, [bin, 'start', '--skip-web-build'], { env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', ...env } });
  children.push(child);
  let stdout = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = /running at (http:\/\/\S+)/.exec(stdout);
      if (match) resolve(match[1]!);
    });
    child.on('exit', () => reject(new Error(`server exited early: ${stdout}`)));
  });
  return { child, url, exited, output: () => stdout };
}

async function databaseEnv(): Promise<{ env: Record<string, string>; done: () => Promise<void> }> {
  const dataDir = freshDir();
  if (kind === 'pglite') return { env: { DATA_DIR: dataDir }, done: async () => {} };
  const database = await createTestDatabase('postgres');
  return { env: { DATA_DIR: dataDir, DATABASE_URL: database.url! }, done: () => database.close() };
}

describe('configuration', () => {
  it('names every invalid variable', () => {
    expect(() => loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', PUBLIC_URL: 'ftp://x', DATA_DIR: freshDir() })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', SECRET_KEY: 'short', DATA_DIR: freshDir() });
    } catch (error) {
      expect((error as Error).message).toMatch(/PORT: must be a port number/);
      expect((error as Error).message).toMatch(/DATABASE_URL: must start with postgres/);
      expect((error as Error).message).toMatch(/SECRET_KEY: must be at least 32 characters/);
    }
  });

  it('generates the secret key into the data folder once and reuses it', () => {
    const dataDir = freshDir();
    const first = loadConfig({ DATA_DIR: dataDir });
    expect(first.secretKey.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(path.join(dataDir, 'secret.key'), 'utf8').trim()).toBe(first.secretKey);
    expect(loadConfig({ DATA_DIR: dataDir }).secretKey).toBe(first.secretKey);
    expect(loadConfig({ DATA_DIR: dataDir, SECRET_KEY: 'k'.repeat(40) }).secretKey).toBe('k'.repeat(40));
  });

  it('stops the process with a clear message on invalid configuration', async () => {
    const result = await run(['start'], { PORT: '99999', DATA_DIR: freshDir() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Invalid configuration');
    expect(result.stderr).toContain('PORT');
  }, 60_000);
});

describe('server process', () => {
  it.runIf(kind === 'pglite')('holds the data folder: a second process refuses to start and names the holder', async () => {
    const dataDir = freshDir();
    const first = startServer({ DATA_DIR: dataDir });
    const url = await first.url;
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const second = await run(['start', '--skip-web-build'], { DATA_DIR: dataDir, PORT: '0' });
    expect(second.code).not.toBe(0);
    expect(second.stderr).toContain(`in use by process ${first.child.pid}`);
    const cli = await run(['migrate'], { DATA_DIR: dataDir });
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('in use by process');

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('SIGTERM: finishing jobs and closing the database');
    expect(existsSync(path.join(dataDir, 'bandeja.lock'))).toBe(false);
    // The data survives and the folder is free again.
    const reopened = await openDatabase({ kind: 'pglite', dataDir: path.join(dataDir, 'pglite') });
    const tables = await reopened.raw.query("select count(*)::int as n from information_schema.tables where table_name = 'workspaces'");
    expect(tables.rows).toEqual([{ n: 1 }]);
    await reopened.close();
  }, 90_000);

  it('serves readiness, and shuts down gracefully on SIGINT', async () => {
    const { env, done } = await databaseEnv();
    const server = startServer(env);
    const url = await server.url;
    const ready = await (await fetch(`${url}/readyz`)).json();
    expect(ready).toEqual({ status: 'ready', database: kind, pendingMigrations: 0, deadLetters: 0 });
    expect(await (await fetch(`${url}/api/v1/setup`)).json()).toEqual({ needed: true, demo: false });
    expect(server.output()).toContain('create your workspace');
    server.child.kill('SIGINT');
    expect(await server.exited).toBe(0);
    await done();
  }, 90_000);
});

describe('CLI', () => {
  it('creates a workspace, an API token and a reset link, and migrates', async () => {
    const { env, done } = await databaseEnv();
    const help = await run(['--help'], env);
    expect(help.stdout).toContain('create-api-token --workspace N --name T');
    expect((await run(['migrate'], env)).stdout).toContain('Migrations applied');

    const created = await run(['create-workspace', '--name', 'Tienda Sol', '--owner-email', 'Olga@Example.com', '--owner-password', 'long password 1'], env);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/Workspace "Tienda Sol" created .*owner olga@example.com/);

    const token = await run(['create-api-token', '--workspace', 'tienda sol', '--name', 'CRM'], env);
    expect(token.code).toBe(0);
    expect(token.stdout.trim()).toMatch(/^bdj_[\w-]{40,}$/);

    const missing = await run(['create-api-token', '--workspace', 'Otra', '--name', 'CRM'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No workspace named "Otra"');

    const reset = await run(['reset-password', '--email', 'olga@example.com'], env);
    expect(reset.stdout.trim()).toMatch(/\/reset-password\/[\w-]{40,}$/);
    expect((await run(['reset-password', '--email', 'ghost@example.com'], env)).code).toBe(1);

    const bad = await run(['create-workspace', '--name', 'X', '--owner-email', 'not-an-email', '--owner-password', 'long password 1'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--owner-email must be a valid email address');
    expect((await run(['frobnicate'], env)).stderr).toContain('Unknown command "frobnicate"');

    // The token works against a running server on the same database.
    const server = startServer(env);
    const url = await server.url;
    const members = await fetch(`${url}/api/v1/members`, { headers: { authorization: `Bearer ${token.stdout.trim()}` } });
    expect(members.status).toBe(200);
    expect((await members.json()).members[0].email).toBe('olga@example.com');
    server.child.kill('SIGTERM');
    await server.exited;
    await done();
  }, 240_000);
});
