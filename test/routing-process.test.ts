import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../server/simulator/index.js';
import { createTestDatabase, testDatabaseKind } from './support/database.js';

/** Two real server processes on one PostgreSQL (and Redis), both routing: they must behave as one. */
const bin = path.resolve('bin/bandeja.mjs');
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

function startBandeja(env: Record<string, string>) {
  const child = spawn(process.execPath, [bin, 'start', '--skip-web-build'], { env: { ...process.env, LOG_LEVEL: 'error', OUTBOUND_ALLOWED_ORIGINS: 'http://127.0.0.1:*', ...env } });
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

type Auth = { cookie: string; csrf: string };
async function api(url: string, method: string, pathname: string, body?: unknown, auth?: Auth) {
  const response = await fetch(`${url}${pathname}`, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(auth ? { cookie: auth.cookie, 'x-csrf-token': auth.csrf } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, json: (await response.json().catch(() => null)) as any, headers: response.headers };
}
const authOf = (response: { headers: Headers; json: any }): Auth => ({ cookie: response.headers.get('set-cookie')!.split(';')[0]!, csrf: response.json.csrfToken });

describe.runIf(testDatabaseKind() === 'postgres')('routing across processes', () => {
  it('two processes ingest 500 conversations at once: nobody over capacity, nothing assigned twice, round-robin still fair', async () => {
    const database = await createTestDatabase('postgres');
    const shared = { DATA_DIR: mkdtempSync(path.join(tmpdir(), 'bandeja-rt-')), SECRET_KEY: 'k'.repeat(40), DATABASE_URL: database.url!, REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', PORT: '0' };
    const a = startBandeja(shared);
    const b = startBandeja(shared);
    const [urlA, urlB] = await Promise.all([a.ready, b.ready]);
    const simulator = await startSimulator({ retryBaseMs: 100 });
    try {
      const setup = await api(urlA, 'POST', '/api/v1/setup', { workspaceName: 'Tienda', name: 'Olga', email: 'olga@example.com', password: 'long enough password', language: 'es' });
      expect(setup.status).toBe(201);
      const owner = authOf(setup);
      // Five agents, online; at first they can hold 10 open conversations each (one of them 5).
      const agents: { id: string; name: string; auth: Auth }[] = [];
      for (let i = 1; i <= 5; i++) {
        const email = `agente${i}@example.com`;
        const invited = await api(urlA, 'POST', '/api/v1/invitations', { email, role: 'agent' }, owner);
        const token = String(invited.json.link).split('/invite/')[1];
        const accepted = await api(urlB, 'POST', `/api/v1/invitation-links/${token}/accept`, { name: `Agente ${i}`, password: 'long enough password' });
        expect(accepted.status).toBe(201);
        const auth = authOf(accepted);
        const members = (await api(urlA, 'GET', '/api/v1/members', undefined, owner)).json.members as { id: string; email: string }[];
        agents.push({ id: members.find((m) => m.email === email)!.id, name: `Agente ${i}`, auth });
        expect((await api(i % 2 ? urlA : urlB, 'PUT', '/api/v1/me/status', { status: 'online' }, auth)).status).toBe(200);
      }
      const teams = (await api(urlA, 'GET', '/api/v1/teams', undefined, owner)).json.teams as { id: string; name: string }[];
      const ventas = teams.find((team) => team.name === 'Ventas')!.id;
      expect((await api(urlA, 'PATCH', `/api/v1/teams/${ventas}`, { memberIds: agents.map((agent) => agent.id) }, owner)).status).toBe(200);
      const capacities = (small: number, big: number) => ({ capacities: Object.fromEntries(agents.map((agent, i) => [agent.id, i === 4 ? small : big])) });
      expect((await api(urlB, 'PATCH', `/api/v1/teams/${ventas}/routing`, capacities(5, 10), owner)).status).toBe(200);

      // Two numbers: one delivers its webhooks to A, the other to B.
      const numbers = [
        { phoneNumberId: '106540352242955', url: urlA },
        { phoneNumberId: '106540352242966', url: urlB },
      ];
      for (const [index, number] of numbers.entries()) {
        simulator.addNumber({
          phoneNumberId: number.phoneNumberId, wabaId: '102290129340398', displayPhoneNumber: `+1 555-078-38${index}0`, verifiedName: 'Tienda',
          accessToken: `EAAG-rt-${index}`, appSecret: `rt-app-secret-${index}`, verifyToken: `verify-rt-${index}`, webhookUrl: `${number.url}/webhooks/whatsapp`,
          throughputPerSecond: null, pairRate: false,
        });
        const connected = await api(number.url, 'POST', '/api/v1/channels', {
          type: 'whatsapp', name: `Número ${index}`, phoneNumberId: number.phoneNumberId, wabaId: '102290129340398', accessToken: `EAAG-rt-${index}`,
          appSecret: `rt-app-secret-${index}`, verifyToken: `verify-rt-${index}`, apiBaseUrl: simulator.url,
        }, owner);
        expect(connected.json.check.ok).toBe(true);
      }
      await Promise.all(
        Array.from({ length: 500 }, (_, i) => {
          const number = numbers[i % 2]!;
          return simulator.customer(number.phoneNumberId, { waId: `54911${String(30000000 + i)}`, name: `Cliente ${i}` }).sendText(`Hola, ¿precio del producto ${i}?`);
        }),
      );
      await simulator.waitForIdle({ timeoutMs: 120_000 });

      const pg = (await import('pg')).default;
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      const waitFor = async (check: () => Promise<boolean>, what: string) => {
        const deadline = Date.now() + 90_000;
        while (!(await check())) {
          if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      };
      let rows: { id: string; assignee_membership_id: string | null }[] = [];
      try {
        const load = async () =>
          new Map(((await client.query('select assignee_membership_id as id, count(*)::int as n from conversations where assignee_membership_id is not null group by 1')).rows as { id: string; n: number }[]).map((row) => [row.id, row.n]));
        // Both processes routed their half at the same time: every agent is exactly full, nobody over.
        await waitFor(async () => (await client.query('select count(*)::int as n from conversations where not needs_routing')).rows[0].n === 500, 'ingest and routing');
        const full = await load();
        expect(agents.map((agent) => full.get(agent.id) ?? 0)).toEqual([10, 10, 10, 10, 5]);
        // More room, but not for everyone: both processes hear of the change and drain the same queue at once.
        expect((await api(urlA, 'PATCH', `/api/v1/teams/${ventas}/routing`, capacities(12, 50), owner)).status).toBe(200);
        await waitFor(async () => [...(await load()).values()].reduce((sum, n) => sum + n, 0) >= 212, 'the first drain');
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const drained = await load();
        expect(agents.map((agent) => drained.get(agent.id) ?? 0)).toEqual([50, 50, 50, 50, 12]);
        // Room for all: the rest (288) is shared fairly.
        expect((await api(urlB, 'PATCH', `/api/v1/teams/${ventas}/routing`, capacities(20, 200), owner)).status).toBe(200);
        const deadline = Date.now() + 90_000;
        for (;;) {
          rows = (await client.query('select id, assignee_membership_id from conversations')).rows;
          if (rows.length === 500 && rows.every((row) => row.assignee_membership_id)) break;
          if (Date.now() > deadline) throw new Error(`not settled: ${rows.length} conversations, ${rows.filter((r) => r.assignee_membership_id).length} assigned`);
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
        const counts = new Map<string, number>();
        for (const row of rows) counts.set(row.assignee_membership_id!, (counts.get(row.assignee_membership_id!) ?? 0) + 1);
        // Capacity: the small one holds exactly 20, never more; the four others share the rest within one.
        expect(counts.get(agents[4]!.id)).toBe(20);
        const big = agents.slice(0, 4).map((agent) => counts.get(agent.id) ?? 0);
        expect(big.reduce((sum, n) => sum + n, 0)).toBe(480);
        expect(Math.max(...big) - Math.min(...big)).toBeLessThanOrEqual(1);
        // Nothing assigned twice: one routing assignment event per conversation.
        const assigned = (await client.query(`select subject_id, count(*)::int as n from events where type = 'conversation.assigned' group by subject_id`)).rows as { n: number }[];
        expect(assigned).toHaveLength(500);
        expect(assigned.every((row) => row.n === 1)).toBe(true);
      } finally {
        await client.end();
      }
    } finally {
      await simulator.stop();
      for (const server of [a, b]) {
        server.child.kill('SIGTERM');
        await new Promise((resolve) => server.child.once('exit', resolve));
      }
      await database.close();
    }
  }, 240_000);
});
