import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../server/simulator/index.js';
import { createTestDatabase, testDatabaseKind } from './support/database.js';
import { openStream } from './support/sse.js';

/** Real processes: the server is killed with SIGKILL while the simulator delivers, like a power cut of the process. */
const bin = path.resolve('bin/bandeja.mjs');
const kind = testDatabaseKind();
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function startBandeja(env: Record<string, string>, args: string[] = []) {
  const child = spawn(process.execPath, [bin, 'start', '--skip-web-build', ...args], { env: { ...process.env, LOG_LEVEL: 'error', OUTBOUND_ALLOWED_ORIGINS: 'http://127.0.0.1:*', ...env } });
  children.push(child);
  let output = '';
  child.stderr.on('data', (chunk) => (output += chunk));
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match && output.includes('────\n', output.indexOf(match[0]))) resolve(match[1]!);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
  return { child, ready, output: () => output };
}

async function api(url: string, method: string, pathname: string, body?: unknown, auth?: { cookie: string; csrf: string }) {
  const response = await fetch(`${url}${pathname}`, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(auth ? { cookie: auth.cookie, 'x-csrf-token': auth.csrf } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, json: (await response.json().catch(() => null)) as any, headers: response.headers };
}

async function setUp(url: string) {
  const setup = await api(url, 'POST', '/api/v1/setup', { workspaceName: 'Tienda', name: 'Olga', email: 'olga@example.com', password: 'long enough password', language: 'es' });
  expect(setup.status).toBe(201);
  return { cookie: setup.headers.get('set-cookie')!.split(';')[0]!, csrf: setup.json.csrfToken as string };
}

async function databaseEnv(): Promise<{ env: Record<string, string>; done: () => Promise<void> }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bandeja-wa-'));
  if (kind === 'pglite') return { env: { DATA_DIR: dataDir, SECRET_KEY: 'k'.repeat(40) }, done: async () => {} };
  const database = await createTestDatabase('postgres');
  return { env: { DATA_DIR: dataDir, SECRET_KEY: 'k'.repeat(40), DATABASE_URL: database.url! }, done: () => database.close() };
}

async function countMessages(url: string, auth: { cookie: string; csrf: string }) {
  let total = 0;
  let cursor: string | null = null;
  const conversations: string[] = [];
  do {
    const page = await api(url, 'GET', `/api/v1/conversations?limit=100${cursor ? `&cursor=${cursor}` : ''}`, undefined, auth);
    conversations.push(...page.json.conversations.map((c: { id: string }) => c.id));
    cursor = page.json.nextCursor;
  } while (cursor);
  const ids = new Set<string>();
  for (const id of conversations) {
    let messageCursor: string | null = null;
    do {
      const page = await api(url, 'GET', `/api/v1/conversations/${id}/messages?limit=200${messageCursor ? `&cursor=${messageCursor}` : ''}`, undefined, auth);
      for (const message of page.json.messages) {
        total++;
        ids.add(message.externalId);
      }
      messageCursor = page.json.nextCursor;
    } while (messageCursor);
  }
  return { total, distinct: ids.size, conversations: conversations.length };
}

describe('WhatsApp with real processes', () => {
  it('loses and duplicates nothing when the server is killed while 1,000 messages arrive', async () => {
    const { env, done } = await databaseEnv();
    const port = await freePort();
    const simulator = await startSimulator({ retryBaseMs: 100, retry: { maxDelayMs: 1000 } });
    let server = startBandeja({ ...env, PORT: String(port) });
    const url = await server.ready;
    const auth = await setUp(url);
    simulator.addNumber({
      phoneNumberId: '106540352242922', wabaId: '102290129340398', displayPhoneNumber: '+1 555-078-3881', verifiedName: 'Tienda',
      accessToken: 'EAAG-crash-token', appSecret: 'crash-app-secret', verifyToken: 'verify-crash', webhookUrl: `${url}/webhooks/whatsapp`,
      throughputPerSecond: null, pairRate: false,
    });
    const connected = await api(url, 'POST', '/api/v1/channels', {
      type: 'whatsapp', name: 'Ventas', phoneNumberId: '106540352242922', wabaId: '102290129340398', accessToken: 'EAAG-crash-token',
      appSecret: 'crash-app-secret', verifyToken: 'verify-crash', apiBaseUrl: simulator.url,
    }, auth);
    expect(connected.json.check.ok).toBe(true);

    const sends: Promise<string>[] = [];
    for (let customer = 0; customer < 50; customer++) {
      const person = simulator.customer('106540352242922', { waId: `54911${String(customer).padStart(8, '0')}`, name: `Cliente ${customer}` });
      for (let n = 0; n < 20; n++) sends.push(person.sendText(`mensaje ${n} de ${customer}`));
    }
    const wamids = await Promise.all(sends);
    expect(new Set(wamids).size).toBe(1000);
    // Let part of the stream land, then kill the process without warning.
    const deadline = Date.now() + 20_000;
    while (simulator.deliveries({ state: 'delivered' }).length < 250 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    server.child.kill('SIGKILL');
    await new Promise((resolve) => server.child.once('exit', resolve));
    const acknowledgedBeforeCrash = simulator.deliveries({ state: 'delivered' }).length;
    expect(acknowledgedBeforeCrash).toBeGreaterThan(0);
    expect(acknowledgedBeforeCrash).toBeLessThan(1000);

    await new Promise((r) => setTimeout(r, 500));
    server = startBandeja({ ...env, PORT: String(port) });
    await server.ready;
    await simulator.waitForIdle({ timeoutMs: 120_000 });
    let counted = await countMessages(url, auth);
    const until = Date.now() + 60_000;
    while (counted.total < 1000 && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 500));
      counted = await countMessages(url, auth);
    }
    expect(counted).toEqual({ total: 1000, distinct: 1000, conversations: 50 });
    server.child.kill('SIGTERM');
    await new Promise((resolve) => server.child.once('exit', resolve));
    await simulator.stop();
    await done();
  }, 240_000);

  it.runIf(kind === 'postgres')('two processes on one PostgreSQL + Redis: a message ingested by A reaches a stream held by B at once', async () => {
    const { env, done } = await databaseEnv();
    const shared = { ...env, REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', PORT: '0' };
    const a = startBandeja(shared);
    const urlA = await a.ready;
    const b = startBandeja(shared);
    const urlB = await b.ready;
    expect(urlB).not.toBe(urlA);
    const simulator = await startSimulator({ retryBaseMs: 100 });
    try {
      const auth = await setUp(urlA);
      simulator.addNumber({
        phoneNumberId: '106540352242933', wabaId: '102290129340398', displayPhoneNumber: '+1 555-078-3833', verifiedName: 'Tienda',
        accessToken: 'EAAG-two-token', appSecret: 'two-app-secret', verifyToken: 'verify-two', webhookUrl: `${urlA}/webhooks/whatsapp`,
      });
      const connected = await api(urlA, 'POST', '/api/v1/channels', {
        type: 'whatsapp', name: 'Ventas', phoneNumberId: '106540352242933', wabaId: '102290129340398', accessToken: 'EAAG-two-token',
        appSecret: 'two-app-secret', verifyToken: 'verify-two', apiBaseUrl: simulator.url,
      }, auth);
      expect(connected.json.check.ok).toBe(true);
      // The session made on A is valid on B: same database, same SECRET_KEY.
      const onB = openStream(urlB, { cookie: auth.cookie });
      await onB.opened;
      expect(onB.status).toBe(200);
      const customer = simulator.customer('106540352242933', { waId: '5491170000009', name: 'Carla' });
      const started = Date.now();
      await customer.sendText('Hola, ¿me atiende el proceso B?');
      await onB.until((messages) => messages.some((m) => m.data?.type === 'message.received'), 10_000);
      // Through Redis, not B's periodic re-read of the table (every 2 s).
      expect(Date.now() - started).toBeLessThan(1_500);
      onB.close();
    } finally {
      await simulator.stop();
      for (const server of [a, b]) {
        server.child.kill('SIGTERM');
        await new Promise((resolve) => server.child.once('exit', resolve));
      }
      await done();
    }
  }, 90_000);

  it.runIf(kind === 'pglite')('demo mode connects a simulated number to the workspace the wizard creates', async () => {
    const { env, done } = await databaseEnv();
    const server = startBandeja({ ...env, PORT: '0' }, ['--demo']);
    const url = await server.ready;
    const simulatorUrl = /Chat as a customer at (http:\/\/\S+)/.exec(server.output())![1]!;
    // No workspace yet: the banner says what will happen, not that the number is connected.
    expect(server.output()).toContain('it will be connected to the first workspace you create');
    expect(server.output()).not.toMatch(/number is connected/);
    const auth = await setUp(url);
    let channels: any[] = [];
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      channels = (await api(url, 'GET', '/api/v1/channels', undefined, auth)).json.channels;
      if (channels[0]?.health === 'connected') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(channels[0]).toMatchObject({ name: 'Demo (simulador)', health: 'connected' });
    await expect.poll(() => server.output()).toContain('the simulated WhatsApp number is now connected to "Tienda"');
    await fetch(`${simulatorUrl}/_sim/numbers/${channels[0].phoneNumberId}/customers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ waId: '5491155550000', name: 'Carla' }),
    });
    const sent = await fetch(`${simulatorUrl}/_sim/numbers/${channels[0].phoneNumberId}/customers/5491155550000/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'text', text: 'Hola desde el simulador' }),
    });
    expect(sent.status, await sent.clone().text()).toBeLessThan(300);
    let conversations: any[] = [];
    const until = Date.now() + 15_000;
    while (conversations.length === 0 && Date.now() < until) {
      conversations = (await api(url, 'GET', '/api/v1/conversations', undefined, auth)).json.conversations;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(conversations).toHaveLength(1);
    server.child.kill('SIGTERM');
    await new Promise((resolve) => server.child.once('exit', resolve));
    // Started again, the workspace exists: the banner says whose number it is.
    const again = startBandeja({ ...env, PORT: '0' }, ['--demo']);
    await again.ready;
    expect(again.output()).toContain('Demo: a simulated WhatsApp number is connected to "Tienda"');
    again.child.kill('SIGTERM');
    await new Promise((resolve) => again.child.once('exit', resolve));
    await done();
  }, 90_000);
});
