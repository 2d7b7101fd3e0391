import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { events, workspaces } from '../server/db/schema.js';
import { createRedisEventBus } from '../server/events/event-bus.js';
import { recordEvent, type StoredEvent, systemActor } from '../server/events/event-log.js';
import { defineJob } from '../server/jobs/define-job.js';
import { createTestApp, type TestApp } from './support/app.js';
import { workspaceWithOwner } from './support/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('probes and documents', () => {
  it('answers liveness and readiness with the database kind', async () => {
    expect((await t.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', database: t.ctx.database.kind, pendingMigrations: 0, deadLetters: 0 });
  });

  it('says the database is unreachable without repeating the driver’s message (the probe is public)', async () => {
    const raw = t.ctx.database.raw;
    const query = raw.query;
    // What node-postgres throws when the server is gone: the message names an internal host and port.
    raw.query = (async () => {
      throw new Error('connect ECONNREFUSED 10.0.0.5:5432');
    }) as typeof raw.query;
    try {
      const ready = await t.app.inject('/readyz');
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({ status: 'not_ready', database: t.ctx.database.kind, error: 'database unreachable' });
    } finally {
      raw.query = query;
    }
  });

  it('publishes an OpenAPI 3.1 document covering every API route, and a browsable page', async () => {
    const document = (await t.app.inject('/api/v1/openapi.json')).json();
    expect(document.openapi).toBe('3.1.0');
    for (const route of t.app.routeCatalog) {
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      expect(document.paths[path]?.[route.method.toLowerCase()], `${route.method} ${path}`).toBeDefined();
    }
    const login = document.paths['/api/v1/auth/login'].post;
    expect(login.requestBody.content['application/json'].schema.required).toEqual(['email', 'password']);
    const docs = await t.app.inject('/api/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
    // Swagger UI's page has a policy of its own (e2e/content-security-policy.test.ts checks the app's).
    expect(docs.headers['content-security-policy']).toContain("script-src 'self'");
    expect(docs.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('serves the docs document generated once: the same bytes and ETag each time, 304 when the browser has it', async () => {
    const first = await t.app.inject('/api/docs/json');
    const second = await t.app.inject('/api/docs/json');
    const canonical = await t.app.inject('/api/v1/openapi.json');
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toContain('application/json');
    expect(first.headers['cache-control']).toBe('no-cache');
    expect(first.headers.etag).toMatch(/^"[\w-]{20,}"$/);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(canonical.headers.etag).toBe(first.headers.etag);
    expect(second.body).toBe(first.body);
    expect(canonical.body).toBe(first.body);
    const revalidated = await t.app.inject({ url: '/api/docs/json', headers: { 'if-none-match': first.headers.etag as string } });
    expect(revalidated.statusCode).toBe(304);
    expect(revalidated.body).toBe('');
  });

  it('keeps the docs document small enough for Swagger UI to show at once: shared shapes referenced, not inlined', async () => {
    const response = await t.app.inject('/api/docs/json');
    const document = response.json();
    // Inlined, it was 460 KiB and the page took 5 s to show its operations (docs/benchmarks.md).
    expect(response.body.length).toBeLessThan(256 * 1024);
    expect(document.paths['/api/v1/auth/login'].post.responses['401'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
    expect(document.components.schemas.Error.properties.error.required).toEqual(['code', 'message']);
    expect(response.body).not.toContain('9007199254740991');
  });

  it('serves the app icon at /favicon.ico, which browsers ask for whatever the page links', async () => {
    const icon = await t.app.inject('/favicon.ico');
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(icon.body).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });

  it('sets protective headers on every answer', async () => {
    const response = await t.app.inject('/api/v1/setup');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['cache-control']).toBe('no-store');
  });
});

describe('events', () => {
  it('are written in the same transaction as the change and dispatched only after commit', async () => {
    const seen: StoredEvent[] = [];
    const unsubscribe = t.ctx.eventBus.subscribe((event) => {
      seen.push(event);
    });
    const { client, workspace } = await workspaceWithOwner(t, 'Eventos');
    await client.patch('/api/v1/workspace', { name: 'Eventos SRL' });
    await expect(
      t.ctx.transaction(async (tx) => {
        await tx.update(workspaces).set({ name: 'Never' }).where(eq(workspaces.id, workspace.id));
        await recordEvent(tx, { workspaceId: workspace.id, actor: systemActor, type: 'workspace.updated', subjectType: 'workspace', subjectId: workspace.id, payload: { name: 'Never' } });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await new Promise((resolve) => setTimeout(resolve, 50));
    unsubscribe();

    const stored = await t.ctx.db.select().from(events).where(eq(events.workspaceId, workspace.id));
    expect(stored.map((e) => e.type)).toContain('workspace.updated');
    expect(stored.some((e) => e.payload.name === 'Never')).toBe(false);
    const dispatched = seen.filter((e) => e.workspaceId === workspace.id);
    expect(dispatched.map((e) => e.type)).toEqual(['workspace.created', 'member.joined', 'session.started', 'workspace.updated']);
    expect(dispatched.map((e) => e.id)).toEqual(stored.map((e) => e.id));
    expect(seen.some((e) => e.payload.name === 'Never')).toBe(false);
  });

  it('refuses to record an event outside a transaction that dispatches it', async () => {
    await expect(
      t.ctx.db.transaction((tx) => recordEvent(tx, { workspaceId: null, actor: systemActor, type: 'workspace.updated', subjectType: 'x', subjectId: 'x' })),
    ).rejects.toThrow('recordEvent must run inside ctx.transaction()');
  });

  it('feed the audit log page by page, newest first, with the actor named', async () => {
    const { client } = await workspaceWithOwner(t, 'Auditada');
    for (const name of ['Uno', 'Dos', 'Tres']) await client.patch('/api/v1/workspace', { name });
    const first = (await client.get('/api/v1/audit-log?limit=2')).json();
    expect(first.entries.map((e: { payload: { name?: string } }) => e.payload.name)).toEqual(['Tres', 'Dos']);
    expect(first.entries[0].actor).toMatchObject({ type: 'user', name: 'Olga Dueña' });
    const second = (await client.get(`/api/v1/audit-log?limit=2&before=${first.nextCursor}`)).json();
    expect(second.entries[0].payload.name).toBe('Uno');
  });

  it('fan out across processes through Redis', async () => {
    const url = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
    const logger = { error: () => {} };
    const one = await createRedisEventBus(url, logger);
    const two = await createRedisEventBus(url, logger);
    const received = new Promise<StoredEvent>((resolve) => two.subscribe(resolve));
    const event = { id: 7, workspaceId: null, actorType: 'system', actorId: null, type: 'ping', subjectType: 'test', subjectId: 'x', payload: { n: 1 }, createdAt: new Date() } as StoredEvent;
    await one.publish([event]);
    const got = await received;
    expect(got).toEqual(event);
    await one.close();
    await two.close();
  });
});

describe('jobs', () => {
  it('run through the queue, enqueued inside a transaction only when it commits', async () => {
    const handled: string[] = [];
    const echo = defineJob({ name: `test-echo-${t.ctx.database.kind}`, schema: z.object({ word: z.string() }), handler: async (_ctx, data) => void handled.push(data.word) });
    await t.ctx.jobs.startWorkers(t.ctx, [echo]);
    await t.ctx.transaction(async (tx) => {
      await t.ctx.jobs.send(echo, { word: 'committed' }, { tx });
    });
    await expect(
      t.ctx.transaction(async (tx) => {
        await t.ctx.jobs.send(echo, { word: 'rolled-back' }, { tx });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await expect(t.ctx.jobs.send(echo, { word: 42 } as never)).rejects.toThrow();
    const deadline = Date.now() + 15_000;
    while (!handled.includes('committed') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    await new Promise((r) => setTimeout(r, 2500));
    expect(handled).toEqual(['committed']);
  });
});
