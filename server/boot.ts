import pino from 'pino';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.js';
import { publicBaseUrl } from './config.js';
import { type AppContext, transactionRunner } from './context.js';
import { type DatabaseHandle, openDatabase } from './db/client.js';
import { lockDataDir } from './db/data-dir-lock.js';
import { migrateDatabase } from './db/migrate.js';
import { createMemoryEventBus, createRedisEventBus } from './events/event-bus.js';
import { AuthCache } from './http/auth-cache.js';
import { RenderedConversations } from './modules/conversations/rendered-conversations.js';
import { TagDirectory } from './modules/inbox/tag-directory.js';
import { createJobQueue, jobQueueUnavailable } from './jobs/job-queue.js';
import { jobDefinitions } from './jobs/registry.js';
import { createSecretBox } from './lib/crypto.js';
import { localFileStorage } from './lib/file-storage.js';
import { OutboundGuard } from './lib/outbound-guard.js';
import path from 'node:path';
import { createWebhookProcessor, type WebhookProcessor } from './channels/whatsapp/webhook-processor.js';
import { createRoutingService, type RoutingService } from './modules/routing/routing-service.js';

export type BootOptions = {
  logger?: FastifyBaseLogger;
  /** Tests hand in an already open database (a fresh in-memory PGlite or a throwaway PostgreSQL database). */
  database?: DatabaseHandle;
  /** One-shot CLI commands enqueue nothing: they skip starting the job queue. */
  jobs?: boolean;
};

export function createLogger(config: Config): FastifyBaseLogger {
  const pretty = process.stdout.isTTY;
  return pino({
    level: config.logLevel,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.accessToken', '*.appSecret'], remove: true },
    ...(pretty ? {} : {}),
  }) as unknown as FastifyBaseLogger;
}

/** Opens the database (taking the PGlite folder lock), applies migrations and builds the context. */
export type BootedContext = AppContext & { shutdown(): Promise<void>; setListeningPort(port: number): void };

export async function bootContext(config: Config, options: BootOptions = {}): Promise<BootedContext> {
  const logger = options.logger ?? createLogger(config);
  let releaseLock = () => {};
  let database = options.database;
  if (!database) {
    if (config.databaseUrl) {
      database = await openDatabase({ kind: 'postgres', url: config.databaseUrl });
    } else {
      releaseLock = lockDataDir(config.dataDir);
      try {
        database = await openDatabase({ kind: 'pglite', dataDir: path.join(config.dataDir, 'pglite'), sharedBuffers: config.pgliteSharedBuffers });
      } catch (error) {
        releaseLock();
        throw error;
      }
    }
  }
  await migrateDatabase(database);
  const eventBus = config.redisUrl ? await createRedisEventBus(config.redisUrl, logger) : createMemoryEventBus(logger);
  const authCache = new AuthCache(eventBus);
  authCache.start();
  const tagDirectory = new TagDirectory(database.db);
  tagDirectory.start(eventBus);
  const jobs = options.jobs === false ? jobQueueUnavailable() : await createJobQueue(database, logger, jobDefinitions);
  let listeningPort = config.port;
  const ctx: BootedContext = {
    config,
    database,
    db: database.db,
    eventBus,
    authCache,
    tagDirectory,
    renderedConversations: new RenderedConversations(),
    jobs,
    secrets: createSecretBox(config.secretKey),
    storage: localFileStorage(path.join(config.dataDir, 'files')),
    outbound: new OutboundGuard({ allowedOrigins: config.outboundAllowedOrigins }),
    logger,
    publicUrl: () => publicBaseUrl(config, listeningPort),
    transaction: transactionRunner(database.db, eventBus),
    webhooks: undefined as unknown as WebhookProcessor,
    routing: undefined as unknown as RoutingService,
    now: () => new Date(),
    setListeningPort(port: number) {
      listeningPort = port;
    },
    async shutdown() {
      // Give in-flight webhook processing up to 10 s; the timer must not keep the process alive after.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([ctx.webhooks.idle(), new Promise((resolve) => (timer = setTimeout(resolve, 10_000)))]);
      clearTimeout(timer);
      await ctx.routing.stop();
      await jobs.stop();
      await ctx.outbound.close();
      authCache.stop();
      tagDirectory.stop();
      await eventBus.close();
      await database!.close();
      releaseLock();
    },
  };
  ctx.webhooks = createWebhookProcessor(ctx);
  ctx.routing = createRoutingService(ctx);
  // One-shot CLI commands do not route; the server and tests react to events.
  if (options.jobs !== false) ctx.routing.listen();
  return ctx;
}
