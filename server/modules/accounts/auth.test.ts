import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiTokens, loginFailures, sessions, users } from '../../db/schema.js';
import { DUMMY_PASSWORD_HASH, hashPassword } from '../../lib/crypto.js';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { TestClient } from '../../../test/support/client.js';
import { PASSWORD, signIn, workspaceWithOwner } from '../../../test/support/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('signing in', () => {
  it('accepts the right password and returns the session with a CSRF token', async () => {
    const { email } = await workspaceWithOwner(t);
    const client = new TestClient(t);
    const response = await client.post('/api/v1/auth/login', { email: email.toUpperCase(), password: PASSWORD });
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'bandeja_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(response.json()).toMatchObject({ user: { email }, role: 'owner' });
    expect(response.json().csrfToken).toHaveLength(32);
  });

  it('rejects a wrong password with invalid_credentials and says nothing about which part was wrong', async () => {
    const { email } = await workspaceWithOwner(t);
    const wrong = await new TestClient(t).post('/api/v1/auth/login', { email, password: 'not the password' });
    const unknown = await new TestClient(t).post('/api/v1/auth/login', { email: 'nobody@example.com', password: 'x' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('invalid_credentials');
    expect(unknown.json().error).toEqual(wrong.json().error);
  });

  it('locks the account after five failures, even for the right password, and a reset lifts the lock', async () => {
    const { email } = await workspaceWithOwner(t);
    for (let attempt = 0; attempt < 5; attempt++) {
      const response = await new TestClient(t).post('/api/v1/auth/login', { email, password: `wrong-${attempt}` }, );
      expect(response.json().error.code).toBe('invalid_credentials');
    }
    const locked = await new TestClient(t).post('/api/v1/auth/login', { email, password: PASSWORD });
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.code).toBe('account_locked');
    expect(locked.json().error.details.retryAfterSeconds).toBeGreaterThan(800);
    expect(locked.headers['retry-after']).toBeDefined();

    const { requestPasswordReset } = await import('./password-reset.js');
    const reset = await requestPasswordReset(t.ctx, { email });
    const token = reset!.link.split('/reset-password/')[1]!;
    const confirmed = await new TestClient(t).post('/api/v1/auth/password-reset/confirm', { token, password: 'a brand new password' });
    expect(confirmed.statusCode).toBe(204);
    expect(await t.ctx.db.select().from(loginFailures).where(eq(loginFailures.email, email))).toEqual([]);
    expect((await new TestClient(t).post('/api/v1/auth/login', { email, password: 'a brand new password' })).statusCode).toBe(200);
  });

  it('rate-limits login attempts per address', async () => {
    const client = new TestClient(t);
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      const response = await client.post('/api/v1/auth/login', { email: 'flood@example.com', password: 'x' });
      statuses.push(response.statusCode);
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    const limited = await client.post('/api/v1/auth/login', { email: 'flood@example.com', password: 'x' });
    expect(limited.json().error.code).toBe('rate_limited');
    // Another address is not rate-limited (the email itself is locked by then, like any email).
    expect((await new TestClient(t).post('/api/v1/auth/login', { email: 'flood@example.com', password: 'x' })).json().error.code).toBe(
      'account_locked',
    );
  });

  it('answers an email without an account exactly like one with an account, lockout included', async () => {
    const { email } = await workspaceWithOwner(t);
    const answers = async (address: string) => {
      const seen: { status: number; code: string; retryAfter: number | undefined }[] = [];
      for (let attempt = 0; attempt < 6; attempt++) {
        const response = await new TestClient(t).post('/api/v1/auth/login', { email: address, password: `wrong-${attempt}` });
        const retryAfter = response.headers['retry-after'];
        seen.push({ status: response.statusCode, code: response.json().error.code, retryAfter: retryAfter ? Number(retryAfter) : undefined });
      }
      return seen;
    };
    const known = await answers(email);
    const unknown = await answers(`Nobody-${Date.now()}@Example.com`);
    expect(known.map(({ status, code }) => [status, code])).toEqual([
      ...Array(5).fill([401, 'invalid_credentials']),
      [423, 'account_locked'],
    ]);
    expect(unknown.map(({ status, code }) => [status, code])).toEqual(known.map(({ status, code }) => [status, code]));
    expect(Math.abs(unknown[5]!.retryAfter! - known[5]!.retryAfter!)).toBeLessThanOrEqual(5);
    expect(unknown[5]!.retryAfter).toBeGreaterThan(800);
  });

  it('spends the same work on an unknown email as on a wrong password', async () => {
    const real = await hashPassword('whatever it is');
    expect(DUMMY_PASSWORD_HASH.split('$').slice(0, 4)).toEqual(real.split('$').slice(0, 4));
    expect(DUMMY_PASSWORD_HASH.split('$').map((part) => part.length)).toEqual(real.split('$').map((part) => part.length));

    const { email } = await workspaceWithOwner(t);
    // The new member wakes routing; its transactions must not be counted as the sign-in's.
    await t.ctx.routing.idle();
    const unknownEmail = `ghost-${Date.now()}@example.com`;
    const transactions = vi.spyOn(t.ctx, 'transaction');
    const attempt = async (address: string) => {
      await t.ctx.db.delete(loginFailures);
      transactions.mockClear();
      const started = performance.now();
      const response = await new TestClient(t).post('/api/v1/auth/login', { email: address, password: 'wrong password' });
      const elapsed = performance.now() - started;
      expect(response.json().error.code).toBe('invalid_credentials');
      return { elapsed, transactions: transactions.mock.calls.length };
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let round = 0; round < 9; round++) {
      // Alternate the order so a slow moment of the machine falls on both sides.
      const [first, second] = round % 2 ? [unknownEmail, email] : [email, unknownEmail];
      const a = await attempt(first);
      const b = await attempt(second);
      const [k, u] = round % 2 ? [b, a] : [a, b];
      // The same writes: the failure is counted in the database for both.
      expect(u.transactions).toBe(k.transactions);
      known.push(k.elapsed);
      unknown.push(u.elapsed);
    }
    transactions.mockRestore();
    // Both verify a scrypt hash of the same cost; a generous bound keeps a loaded machine from failing it.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.6);
  });
});

function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

describe('sessions', () => {
  it('rejects a cookie-authenticated write without the CSRF header, and accepts it with the header', async () => {
    const { client } = await workspaceWithOwner(t);
    const without = await client.request('PATCH', '/api/v1/profile', { name: 'Sin Token' }, { csrf: false });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe('csrf_failed');
    const wrong = await client.request('PATCH', '/api/v1/profile', { name: 'Sin Token' }, { csrf: false, headers: { 'x-csrf-token': 'forged' } });
    expect(wrong.json().error.code).toBe('csrf_failed');
    const session = (await client.get('/api/v1/session')).json();
    expect(session.user.name).toBe('Olga Dueña');
    const withHeader = await client.patch('/api/v1/profile', { name: 'Con Token' });
    expect(withHeader.statusCode).toBe(200);
    expect(withHeader.json().user.name).toBe('Con Token');
  });

  it('refuses a cookie-authenticated write from another site, even with the right CSRF token', async () => {
    const { client } = await workspaceWithOwner(t);
    const rename = (name: string, headers: Record<string, string>) => client.request('PATCH', '/api/v1/profile', { name }, { headers });
    const crossSite: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site', origin: 'http://bandeja.test' },
    ];
    for (const headers of crossSite) {
      const refused = await rename('Cruzado', headers);
      expect(refused.statusCode, JSON.stringify(headers)).toBe(403);
      expect(refused.json().error.code).toBe('cross_origin_request');
    }
    expect((await client.get('/api/v1/session')).json().user.name).toBe('Olga Dueña');

    // PUBLIC_URL's origin, the origin the Host header names, the browser's own word, or no browser at all.
    expect((await rename('Uno', { origin: 'http://bandeja.test' })).statusCode).toBe(200);
    expect((await rename('Dos', { host: 'localhost:3000', origin: 'http://localhost:3000' })).statusCode).toBe(200);
    expect((await rename('Tres', { 'sec-fetch-site': 'same-origin', origin: 'http://localhost:3000' })).statusCode).toBe(200);
    expect((await rename('Cuatro', {})).statusCode).toBe(200);
    expect((await rename('Cinco', { host: 'localhost:3000', origin: 'https://localhost:3000' })).statusCode).toBe(403);
    expect((await client.get('/api/v1/session')).json().user.name).toBe('Cuatro');
  });

  it('reads the scheme from X-Forwarded-Proto only with TRUST_PROXY (behind a TLS proxy, without PUBLIC_URL)', async () => {
    const proxied = { host: 'inbox.example.com', 'x-forwarded-proto': 'https', origin: 'https://inbox.example.com' };
    const { client } = await workspaceWithOwner(t);
    expect((await client.request('PATCH', '/api/v1/profile', { name: 'Sin proxy' }, { headers: proxied })).json().error.code).toBe('cross_origin_request');
    const behindProxy = await createTestApp({ config: { trustProxy: true, publicUrl: undefined } });
    try {
      const { client: proxiedClient } = await workspaceWithOwner(behindProxy);
      const renamed = await proxiedClient.request('PATCH', '/api/v1/profile', { name: 'Con proxy' }, { headers: proxied });
      expect(renamed.statusCode).toBe(200);
    } finally {
      await behindProxy.close();
    }
  });

  it('leaves API tokens alone whatever Origin they send', async () => {
    const { client } = await workspaceWithOwner(t);
    const { token } = (await client.post('/api/v1/api-tokens', { name: 'Integration' })).json();
    const integration = TestClient.withToken(t, token);
    const created = await integration.request('POST', '/api/v1/tags', { name: 'Desde fuera', color: 'red' }, {
      headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    });
    expect(created.statusCode).toBe(201);
  });

  it('answers session_expired for an expired session', async () => {
    const { client, owner } = await workspaceWithOwner(t);
    await t.ctx.db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.userId, owner.id));
    const response = await client.get('/api/v1/session');
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('session_expired');
  });

  it('rejects a tampered cookie', async () => {
    const { client } = await workspaceWithOwner(t);
    client.cookie = `${client.cookie!.slice(0, -3)}abc`;
    expect((await client.get('/api/v1/session')).json().error.code).toBe('unauthenticated');
  });

  it('logs out this session, and logout-all ends every session of the person', async () => {
    const { email, client } = await workspaceWithOwner(t);
    const other = await signIn(t, email);
    const third = await signIn(t, email);
    expect((await client.post('/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await client.get('/api/v1/session')).statusCode).toBe(401);
    expect((await other.get('/api/v1/session')).statusCode).toBe(200);
    expect((await other.post('/api/v1/auth/logout-all')).statusCode).toBe(204);
    expect((await third.get('/api/v1/session')).statusCode).toBe(401);
  });

  it('guessing the current password on the profile page counts toward the same lockout as sign-in', async () => {
    const { email, client } = await workspaceWithOwner(t);
    const codes: string[] = [];
    for (let attempt = 0; attempt < 6; attempt++) codes.push((await client.post('/api/v1/profile/password', { currentPassword: `guess ${attempt}`, newPassword: 'another long password' })).json().error.code);
    expect(codes).toEqual(['invalid_credentials', 'invalid_credentials', 'invalid_credentials', 'invalid_credentials', 'invalid_credentials', 'account_locked']);
    expect((await new TestClient(t).post('/api/v1/auth/login', { email, password: PASSWORD })).json().error.code).toBe('account_locked');
  });

  it('changing the password needs the current one and ends the other sessions', async () => {
    const { email, client } = await workspaceWithOwner(t);
    const other = await signIn(t, email);
    const wrong = await client.post('/api/v1/profile/password', { currentPassword: 'nope', newPassword: 'another long password' });
    expect(wrong.json().error.code).toBe('invalid_credentials');
    expect((await client.post('/api/v1/profile/password', { currentPassword: PASSWORD, newPassword: 'another long password' })).statusCode).toBe(204);
    expect((await client.get('/api/v1/session')).statusCode).toBe(200);
    expect((await other.get('/api/v1/session')).statusCode).toBe(401);
  });
});

describe('password reset', () => {
  it('always answers 202, logs the link, and the link works exactly once', async () => {
    const { email, owner } = await workspaceWithOwner(t);
    const before = await t.ctx.db.select().from(users).where(eq(users.id, owner.id));
    expect((await new TestClient(t).post('/api/v1/auth/password-reset', { email: 'ghost@example.com' })).statusCode).toBe(202);
    await new TestClient(t).post('/api/v1/auth/password-reset', { email });
    const response = await new TestClient(t).post('/api/v1/auth/password-reset', { email });
    expect(response.statusCode).toBe(202);
    expect(response.body).not.toContain('reset-password');
    const owners = await signIn(t, email);
    const pending = (await owners.get('/api/v1/password-resets')).json().resets;
    // Asked twice: admins see the newest link only.
    expect(pending).toHaveLength(1);
    const token = pending[0].link.split('/reset-password/')[1];
    const first = await new TestClient(t).post('/api/v1/auth/password-reset/confirm', { token, password: 'fresh password 123' });
    expect(first.statusCode).toBe(204);
    const second = await new TestClient(t).post('/api/v1/auth/password-reset/confirm', { token, password: 'fresh password 456' });
    expect(second.statusCode).toBe(410);
    expect(second.json().error.code).toBe('reset_link_invalid');
    const after = await t.ctx.db.select().from(users).where(eq(users.id, owner.id));
    expect(after[0]!.passwordHash).not.toBe(before[0]!.passwordHash);
    expect((await owners.get('/api/v1/session')).statusCode).toBe(401);
  });
});

describe('API tokens', () => {
  it('is shown once, stored hashed, records last use, and stops working when revoked', async () => {
    const { client } = await workspaceWithOwner(t);
    const created = await client.post('/api/v1/api-tokens', { name: 'CRM', role: 'agent' });
    expect(created.statusCode).toBe(201);
    const { token, apiToken } = created.json();
    expect(token).toMatch(/^bdj_/);
    const [row] = await t.ctx.db.select().from(apiTokens).where(eq(apiTokens.id, apiToken.id));
    expect(row!.tokenHash).not.toContain(token);
    expect(JSON.stringify((await client.get('/api/v1/api-tokens')).json())).not.toContain(token);

    const integration = TestClient.withToken(t, token);
    expect((await integration.get('/api/v1/members')).statusCode).toBe(200);
    const listed = (await client.get('/api/v1/api-tokens')).json().apiTokens[0];
    expect(listed.lastUsedAt).not.toBeNull();
    expect(listed.createdBy).toBe('Olga Dueña');

    expect((await client.delete(`/api/v1/api-tokens/${apiToken.id}`)).statusCode).toBe(200);
    const refused = await integration.get('/api/v1/members');
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('invalid_token');
  });

  it('refuses unknown tokens and tokens managing tokens', async () => {
    const { client } = await workspaceWithOwner(t);
    expect((await TestClient.withToken(t, 'bdj_made_up').get('/api/v1/members')).statusCode).toBe(401);
    const { token } = (await client.post('/api/v1/api-tokens', { name: 'Admin bot' })).json();
    const response = await TestClient.withToken(t, token).post('/api/v1/api-tokens', { name: 'another' });
    expect(response.statusCode).toBe(403);
  });
});
