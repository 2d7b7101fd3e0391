import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events, invitations, users, workspaces } from '../server/db/schema.js';
import { createTestApp, type TestApp } from './support/app.js';
import { TestClient } from './support/client.js';
import { workspaceWithOwner } from './support/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ config: { bodyLimitBytes: 16_384 } });
});
afterAll(async () => {
  await t.close();
});

async function rowCounts() {
  const tables = { workspaces, users, invitations, events };
  const entries = await Promise.all(
    Object.entries(tables).map(async ([name, table]) => [name, Number((await t.ctx.db.select({ n: count() }).from(table))[0]!.n)]),
  );
  return Object.fromEntries(entries);
}

describe('bad input', () => {
  it('answers malformed JSON with invalid_json and writes nothing', async () => {
    const before = await rowCounts();
    const response = await new TestClient(t).request('POST', '/api/v1/setup', '{"workspaceName": "Tienda", ');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid_json');
    expect(await rowCounts()).toEqual(before);
  });

  it('names every wrong field', async () => {
    const before = await rowCounts();
    const response = await new TestClient(t).post('/api/v1/setup', {
      workspaceName: 42,
      name: 'Ana',
      email: 'not-an-email',
      password: 'short',
      language: 'fr',
    });
    expect(response.statusCode).toBe(400);
    const { code, message, details } = response.json().error;
    expect(code).toBe('validation_failed');
    const paths = details.fields.map((field: { path: string }) => field.path).sort();
    expect(paths).toEqual(['body.email', 'body.language', 'body.password', 'body.workspaceName']);
    expect(message).toContain('body.password (must be at least 10 characters)');
    expect(await rowCounts()).toEqual(before);
  });

  it('rejects bad path parameters and query strings by name', async () => {
    const { client } = await workspaceWithOwner(t);
    const badId = await client.get('/api/v1/members/12');
    expect(badId.statusCode).toBe(400);
    expect(badId.json().error.details.fields[0].path).toBe('params.memberId');
    const badQuery = await client.get('/api/v1/audit-log?limit=5000');
    expect(badQuery.statusCode).toBe(400);
    expect(badQuery.json().error.details.fields[0].path).toBe('querystring.limit');
  });

  it('refuses an oversize body with 413 before reading it into the database', async () => {
    const { client } = await workspaceWithOwner(t);
    const before = await rowCounts();
    const response = await client.post('/api/v1/invitations', { email: 'big@example.com', role: 'agent', padding: 'x'.repeat(20_000) });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('payload_too_large');
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses a body that is not JSON with 415', async () => {
    const { client } = await workspaceWithOwner(t);
    const before = await rowCounts();
    for (const contentType of ['text/plain', 'text/plain;charset=UTF-8']) {
      const response = await client.request('POST', '/api/v1/invitations', JSON.stringify({ email: 'plain@example.com', role: 'agent' }), {
        headers: { 'content-type': contentType },
      });
      expect(response.statusCode).toBe(415);
      expect(response.json().error.code).toBe('unsupported_media_type');
    }
    expect(await rowCounts()).toEqual(before);
    const plainLogin = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'text/plain' },
      payload: JSON.stringify({ email: 'a@b.c', password: 'x' }),
    });
    expect(plainLogin.statusCode).toBe(415);
    const form = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'email=a%40b.c&password=x',
    });
    expect(form.statusCode).toBe(415);
    expect(form.json().error.code).toBe('unsupported_media_type');
  });

  it('answers unknown API routes with the error shape', async () => {
    const response = await new TestClient(t).get('/api/v1/nothing-here');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: { code: 'not_found', message: 'No route for GET /api/v1/nothing-here' } });
  });

  it('leaves nothing half-written when a step fails inside a transaction', async () => {
    const before = await rowCounts();
    // The second step fails after the first has inserted: the workspace and its event must both vanish.
    await expect(
      t.ctx.transaction(async (tx) => {
        await tx.insert(workspaces).values({ name: 'Half written' });
        await tx.insert(users).values({ email: null as unknown as string, name: 'x', passwordHash: 'x' });
      }),
    ).rejects.toThrow();
    expect(await rowCounts()).toEqual(before);
  });
});
