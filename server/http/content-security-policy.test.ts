import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { APP_POLICY, DOCS_POLICY, registerContentSecurityPolicy } from './content-security-policy.js';

describe('content security policy', () => {
  it('goes with HTML answers only, the docs get theirs, and a policy a route set is kept', async () => {
    const app = Fastify();
    registerContentSecurityPolicy(app);
    app.get('/inbox', async (_request, reply) => reply.type('text/html; charset=utf-8').send('<!doctype html>'));
    app.get('/api/docs/', async (_request, reply) => reply.type('text/html').send('<!doctype html>'));
    app.get('/api/v1/thing', async () => ({ ok: true }));
    // As the media route serves a customer's document: sandboxed, whatever its type.
    app.get('/api/v1/media/:id', async (_request, reply) =>
      reply.type('text/html').header('content-security-policy', "default-src 'none'; sandbox").send('<script>alert(1)</script>'),
    );
    expect((await app.inject('/inbox')).headers['content-security-policy']).toBe(APP_POLICY);
    expect((await app.inject('/api/docs/')).headers['content-security-policy']).toBe(DOCS_POLICY);
    expect((await app.inject('/api/v1/thing')).headers['content-security-policy']).toBeUndefined();
    expect((await app.inject('/api/v1/media/1')).headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    await app.close();
  });
});
