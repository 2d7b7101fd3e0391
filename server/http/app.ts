import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../lib/project-root.js';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { LogController } from 'fastify';
import { Redis } from 'ioredis';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.js';
import { pendingMigrationCount } from '../db/migrate.js';
import { accountsRoutes } from '../modules/accounts/accounts.routes.js';
import { apiTokensRoutes } from '../modules/api-tokens/api-tokens.routes.js';
import { auditRoutes } from '../modules/audit/audit.routes.js';
import { channelsRoutes } from '../modules/channels/channels.routes.js';
import { cannedResponsesRoutes } from '../modules/inbox/canned-responses.routes.js';
import { memberInboxRoutes } from '../modules/inbox/member-inbox.routes.js';
import { tagsRoutes } from '../modules/inbox/tags.routes.js';
import { teamsRoutes } from '../modules/inbox/teams.routes.js';
import { routingRoutes } from '../modules/routing/routing.routes.js';
import { metricsRoutes } from '../modules/metrics/metrics.routes.js';
import { contactsRoutes } from '../modules/contacts/contacts.routes.js';
import { conversationsRoutes } from '../modules/conversations/conversations.routes.js';
import { mediaRoutes } from '../modules/media/media.routes.js';
import { whatsappWebhookRoutes } from '../channels/whatsapp/webhook.routes.js';
import { countDeadLetters } from '../channels/whatsapp/dead-letters.js';
import { membersRoutes } from '../modules/members/members.routes.js';
import { workspacesRoutes } from '../modules/workspaces/workspaces.routes.js';
import { setupChecklistRoutes } from '../modules/setup-checklist/setup-checklist.routes.js';
import { RealtimeHub } from '../realtime/realtime-hub.js';
import type { SequencerOptions } from '../realtime/event-sequencer.js';
import { streamRoutes } from '../realtime/stream.routes.js';
import { registerAuth } from './auth.js';
import { registerContentSecurityPolicy } from './content-security-policy.js';
import { registerErrorHandler } from './error-handler.js';
import { registerOpenApi } from './openapi.js';
import { registerStorableText } from './storable-text.js';
import { AppError } from './errors.js';

// The app's icon (web/public, copied into the build): browsers and bookmark tools ask for
// /favicon.ico whatever the page links, and SVG is what modern ones accept there too.
const favicon = readFileSync(path.join(projectRoot, 'web', 'public', 'favicon.svg'));

export type HttpOptions = { webDist?: string; logger?: boolean | object; realtime?: SequencerOptions };

declare module 'fastify' {
  interface FastifyInstance {
    realtime: RealtimeHub;
  }
}

/** The HTTP server: API under /api/v1, health probes, OpenAPI docs and the web app. */
export async function buildHttpServer(ctx: AppContext, options: HttpOptions = {}) {
  const app = Fastify({
    loggerInstance: ctx.logger,
    bodyLimit: ctx.config.bodyLimitBytes,
    trustProxy: ctx.config.trustProxy,
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<ZodTypeProvider>();
  // API bodies are JSON (multipart only in the media routes' scope): text/plain, which a page on
  // another site may send without asking, gets 415 instead of reaching the routes as a string.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  registerStorableText(app);

  await app.register(cookie, { secret: ctx.config.secretKey });
  // With several processes the limits must be shared, so they live in Redis when it is configured.
  const rateLimitRedis = ctx.config.redisUrl ? new Redis(ctx.config.redisUrl, { connectTimeout: 2000, maxRetriesPerRequest: 1 }) : undefined;
  if (rateLimitRedis) app.addHook('onClose', async () => void rateLimitRedis.disconnect());
  await app.register(rateLimit, {
    global: false,
    redis: rateLimitRedis,
    nameSpace: 'bandeja:rate-limit:',
    errorResponseBuilder: (_request, context) =>
      new AppError('rate_limited', `Too many requests: retry in ${Math.ceil(context.ttl / 1000)} s`, {
        retryAfterSeconds: Math.ceil(context.ttl / 1000),
      }),
  });
  await registerOpenApi(app);

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    // API answers are never cached, except the docs, which say how themselves (static files, the ETagged document).
    if (request.url.startsWith('/api/') && !(request.url.startsWith('/api/docs') && reply.hasHeader('cache-control'))) reply.header('cache-control', 'no-store');
  });

  registerContentSecurityPolicy(app);
  registerAuth(app, ctx);

  app.get('/favicon.ico', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(favicon),
  );
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (request, reply) => {
    try {
      await ctx.database.raw.query('select 1');
      const pending = await pendingMigrationCount(ctx.database);
      if (pending > 0) return reply.code(503).send({ status: 'not_ready', database: ctx.database.kind, pendingMigrations: pending });
      // Parked webhook payloads are for an operator to replay, not a reason to leave the rotation.
      return { status: 'ready', database: ctx.database.kind, pendingMigrations: 0, deadLetters: await countDeadLetters(ctx.db) };
    } catch (error) {
      // The probe is public: the driver's message (hosts, ports, user names) goes to the log only.
      request.log.warn({ err: error }, 'readiness probe: database unreachable');
      return reply.code(503).send({ status: 'not_ready', database: ctx.database.kind, error: 'database unreachable' });
    }
  });

  accountsRoutes(app, ctx);
  workspacesRoutes(app, ctx);
  setupChecklistRoutes(app, ctx);
  membersRoutes(app, ctx);
  apiTokensRoutes(app, ctx);
  auditRoutes(app, ctx);
  channelsRoutes(app, ctx);
  conversationsRoutes(app, ctx);
  contactsRoutes(app, ctx);
  tagsRoutes(app, ctx);
  teamsRoutes(app, ctx);
  routingRoutes(app, ctx);
  metricsRoutes(app, ctx);
  cannedResponsesRoutes(app, ctx);
  memberInboxRoutes(app, ctx);
  const realtime = new RealtimeHub(ctx, options.realtime);
  await realtime.start();
  // preClose: open streams must end before the server waits for its connections to close.
  app.addHook('preClose', async () => realtime.stop());
  app.decorate('realtime', realtime);
  streamRoutes(app, ctx, realtime);
  await mediaRoutes(app, ctx);
  await whatsappWebhookRoutes(app, ctx, ctx.webhooks);

  const webDist = options.webDist;
  const hasWeb = webDist !== undefined && existsSync(path.join(webDist, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webDist, wildcard: false, index: false });
  }
  app.setNotFoundHandler((request, reply) => {
    const isPage = request.method === 'GET' && !request.url.startsWith('/api/') && request.headers.accept?.includes('text/html');
    if (isPage && hasWeb) return reply.type('text/html').sendFile('index.html');
    return reply.code(404).send({ error: { code: 'not_found', message: `No route for ${request.method} ${request.url.split('?')[0]}` } });
  });
  return app;
}
