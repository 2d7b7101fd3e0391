import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseOriginPattern } from './lib/outbound-guard.js';

/** Every environment variable Bandeja reads, with its default. README's configuration table mirrors this. */
const envSchema = z.object({
  PORT: z.coerce.number({ message: 'must be a port number (0-65535)' }).int('must be a whole number').min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  SECRET_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((value) => value === 'true' || value === '1'),
  BODY_LIMIT_BYTES: z.coerce.number({ message: 'must be a number of bytes' }).int().min(1024).default(1_048_576),
  OUTBOUND_ALLOWED_ORIGINS: z
    .string()
    .transform((value, context) => {
      const origins = value.split(',').map((entry) => entry.trim()).filter(Boolean);
      for (const origin of origins) {
        try {
          parseOriginPattern(origin);
        } catch (error) {
          context.addIssue({ code: 'custom', message: (error as Error).message });
        }
      }
      return origins;
    })
    .default([]),
  ROUTING_TICK_MS: z.coerce.number({ message: 'must be a number of milliseconds' }).int().min(200).max(600_000).default(5000),
  PGLITE_SHARED_BUFFERS: z
    .string()
    .regex(/^\d{1,5}(kB|MB|GB)$/, 'must be a size like 16MB')
    .default('16MB'),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  publicUrl: string | undefined;
  secretKey: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  trustProxy: boolean;
  bodyLimitBytes: number;
  /**
   * Origins the server may call whatever address they resolve to (the simulator, an on-premises
   * receiver); everything else must be public, and a number's Graph base URL must be Meta's.
   */
  outboundAllowedOrigins: string[];
  /** How often shift starts/ends, idle agents and SLA timers are checked. */
  routingTickMs: number;
  /** The embedded database's page cache, resident in memory from the start. */
  pgliteSharedBuffers: string;
};

export class ConfigError extends Error {}

/** Parses the environment once. Throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== '')),
  );
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const values = parsed.data;
  const dataDir = path.resolve(values.DATA_DIR);
  return {
    port: values.PORT,
    host: values.HOST,
    dataDir,
    databaseUrl: values.DATABASE_URL,
    redisUrl: values.REDIS_URL,
    publicUrl: values.PUBLIC_URL?.replace(/\/+$/, ''),
    secretKey: values.SECRET_KEY ?? readOrCreateSecretKey(dataDir),
    logLevel: values.LOG_LEVEL,
    trustProxy: values.TRUST_PROXY,
    bodyLimitBytes: values.BODY_LIMIT_BYTES,
    outboundAllowedOrigins: values.OUTBOUND_ALLOWED_ORIGINS,
    routingTickMs: values.ROUTING_TICK_MS,
    pgliteSharedBuffers: values.PGLITE_SHARED_BUFFERS,
  };
}

/** A key generated once and kept beside the data, so sessions and encrypted secrets survive restarts. */
function readOrCreateSecretKey(dataDir: string): string {
  const file = path.join(dataDir, 'secret.key');
  if (existsSync(file)) {
    const key = readFileSync(file, 'utf8').trim();
    if (key.length < 32) throw new ConfigError(`${file} holds a key shorter than 32 characters`);
    return key;
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString('base64url');
  writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}

/** The address people open in a browser: PUBLIC_URL when set, else the listening address. */
export function publicBaseUrl(config: Config, listeningPort = config.port): string {
  if (config.publicUrl) return config.publicUrl;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return `http://${host}:${listeningPort}`;
}
