import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import { bootContext } from '../../server/boot.js';
import { type Config, loadConfig } from '../../server/config.js';
import { buildHttpServer } from '../../server/http/app.js';
import type { DatabaseHandle } from '../../server/db/client.js';
import { createTestDatabase, testDatabaseKind } from './database.js';

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

export function testConfig(overrides: Partial<Config> = {}): Config {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bandeja-test-'));
  return {
    ...loadConfig({ DATA_DIR: dataDir, SECRET_KEY: 'test-secret-key-with-at-least-32-characters', LOG_LEVEL: 'silent' }),
    publicUrl: 'http://bandeja.test',
    // The simulator and the other loopback peers tests start, on whatever port they got.
    outboundAllowedOrigins: ['http://127.0.0.1:*'],
    ...overrides,
  };
}

/** The real server (all plugins, routes and hooks) on a fresh database, driven with fastify.inject. */
export async function createTestApp(options: { config?: Partial<Config>; logger?: FastifyBaseLogger; listen?: boolean; database?: DatabaseHandle } = {}) {
  const config = testConfig(options.config);
  const database = options.database ?? (await createTestDatabase(testDatabaseKind()));
  const logger = options.logger ?? (pino({ level: 'silent' }) as unknown as FastifyBaseLogger);
  const ctx = await bootContext(config, { database, logger });
  const app = await buildHttpServer(ctx);
  await app.ready();
  let url = '';
  if (options.listen) {
    // Real HTTP for peers that call us (the WhatsApp simulator's webhooks).
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }
  return {
    ctx,
    app,
    config,
    url,
    async close() {
      await app.close();
      await ctx.shutdown();
    },
  };
}
