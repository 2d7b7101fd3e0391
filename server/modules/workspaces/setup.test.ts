import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaces } from '../../db/schema.js';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { TestClient } from '../../../test/support/client.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const setupBody = (suffix: string) => ({
  workspaceName: `Tienda ${suffix}`,
  name: 'Olga Dueña',
  email: `olga-${suffix}@example.com`,
  password: 'a long enough password',
  language: 'en',
  timeZone: 'America/Mexico_City',
});

describe('first-run setup', () => {
  it('is needed on an empty database, creates workspace and owner once, and signs the owner in', async () => {
    expect((await new TestClient(t).get('/api/v1/setup')).json()).toEqual({ needed: true, demo: false });

    // Several browsers submit the wizard at the same moment: exactly one wins.
    const attempts = await Promise.all(['a', 'b', 'c'].map((suffix) => new TestClient(t).post('/api/v1/setup', setupBody(suffix))));
    const statuses = attempts.map((response) => response.statusCode).sort();
    expect(statuses).toEqual([201, 409, 409]);
    expect(attempts.find((r) => r.statusCode === 409)!.json().error.code).toBe('setup_done');
    expect(Number((await t.ctx.db.select({ n: count() }).from(workspaces))[0]!.n)).toBe(1);

    const winner = attempts.find((response) => response.statusCode === 201)!;
    expect(winner.json()).toMatchObject({ role: 'owner', user: { name: 'Olga Dueña', language: 'en', timeZone: 'America/Mexico_City' } });
    expect(winner.cookies.some((cookie) => cookie.name === 'bandeja_session' && cookie.httpOnly)).toBe(true);
    expect((await new TestClient(t).get('/api/v1/setup')).json()).toEqual({ needed: false, demo: false });
  });

  it('rejects an unknown time zone by name', async () => {
    const response = await new TestClient(t).post('/api/v1/setup', { ...setupBody('tz'), timeZone: 'Mars/Olympus' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.fields[0]).toMatchObject({ path: 'body.timeZone' });
  });
});
