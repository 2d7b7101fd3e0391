import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import * as schema from './schema.js';

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything that runs queries: the database or an open transaction. Repositories take this. */
export type Executor = Database | Transaction;

/** A raw `text + $n values` executor, the shape pg-boss and the migrator's bookkeeping need. */
export type RawExecutor = { query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> };

export type DatabaseHandle = {
  kind: 'pglite' | 'postgres';
  db: Database;
  raw: RawExecutor;
  /**
   * Where webhook payloads are stored before the 200: on PostgreSQL a pool of its own (two
   * connections), so acknowledging Meta never waits for a connection behind processing, routing or
   * reports; on PGlite the one connection.
   */
  ingestDb: Database;
  /** Runs a parameterless multi-statement script (pg-boss installs its schema this way). */
  exec(script: string): Promise<{ rows: unknown[] }[]>;
  close(): Promise<void>;
};

export type OpenDatabaseOptions =
  | { kind: 'postgres'; url: string; poolSize?: number }
  | { kind: 'pglite'; dataDir?: string; loadDataDir?: Blob; sharedBuffers?: string };

/** Opens PostgreSQL (DATABASE_URL) or the embedded PGlite in a data folder (or in memory, for tests). */
export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    // An idle client losing its connection (database restart) must not crash the process.
    pool.on('error', () => {});
    await pool.query('select 1');
    // Connected now and kept open: the first webhook of a burst must not wait for a connection.
    const ingestPool = new pg.Pool({ connectionString: options.url, max: 2, idleTimeoutMillis: 0 });
    ingestPool.on('error', () => {});
    await Promise.all([ingestPool.query('select 1'), ingestPool.query('select 1')]);
    return {
      kind: 'postgres',
      db: drizzlePostgres(pool, { schema }) as unknown as Database,
      ingestDb: drizzlePostgres(ingestPool, { schema }) as unknown as Database,
      raw: pool,
      async exec(script) {
        const result = await pool.query(script);
        return (Array.isArray(result) ? result : [result]).map((r) => ({ rows: r.rows ?? [] }));
      },
      async close() {
        await Promise.all([pool.end(), ingestPool.end()]);
      },
    };
  }
  const lite = await PGlite.create({
    dataDir: options.dataDir,
    loadDataDir: options.loadDataDir,
    // Trigram search on contact names and numbers.
    extensions: { pg_trgm },
    // PostgreSQL's default 128 MB of shared buffers lives in the WebAssembly heap, all of it resident
    // from the start, and the heap never gives memory back: a small shop's working set fits in far
    // less, and index builds (migrations, vacuum) get 16 MB, not 64 (see docs/operations.md).
    postgresqlconf: [`shared_buffers=${options.sharedBuffers ?? '16MB'}`, 'maintenance_work_mem=16MB'],
  });
  const db = drizzlePglite(lite, { schema }) as unknown as Database;
  return {
    kind: 'pglite',
    db,
    ingestDb: db,
    raw: lite,
    exec: (script) => lite.exec(script),
    async close() {
      if (!lite.closed) await lite.close();
    },
  };
}

/** The driver client under a Drizzle transaction, so pg-boss can enqueue inside the same transaction. */
export function rawExecutorOf(tx: Executor): RawExecutor {
  const client = (tx as unknown as { session: { client: RawExecutor } }).session.client;
  return client;
}

const TIMESTAMPTZ = pg.types.builtins.TIMESTAMPTZ;
const asText = (value: string) => value;
/** Timestamps stay PostgreSQL's text (see isoFromPg): the hot reads print them, and a Date would only be parsed to be printed again. */
const preparedTypes = {
  getTypeParser: ((typeId: number, format?: 'text' | 'binary') => (typeId === TIMESTAMPTZ ? asText : pg.types.getTypeParser(typeId, format))) as typeof pg.types.getTypeParser,
};

/**
 * Runs a read as a named prepared statement: on PostgreSQL each pooled connection parses and plans
 * `text` once and then only binds values (no name: an unnamed statement). PGlite runs it as is.
 * `timestamptz` values come back as PostgreSQL's text on both engines.
 */
export async function queryPrepared<T>(db: Executor, name: string | undefined, text: string, values: unknown[]): Promise<T[]> {
  const client = (db as unknown as { session: { client: unknown } }).session.client;
  if (client instanceof pg.Pool || client instanceof pg.Client) return (await client.query<T & pg.QueryResultRow>({ name, text, values, types: preparedTypes })).rows;
  return (await (client as PGlite).query<T>(text, values, { parsers: { [TIMESTAMPTZ]: asText } })).rows;
}
