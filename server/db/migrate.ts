import { readMigrationFiles } from 'drizzle-orm/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import path from 'node:path';
import type pg from 'pg';
import { projectRoot } from '../lib/project-root.js';
import type { DatabaseHandle } from './client.js';

export const migrationsFolder = path.join(projectRoot, 'drizzle');

/** Applies pending migrations with Drizzle's runtime migrator (the same files on both engines). */
export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  const config = { migrationsFolder, migrationsSchema: 'drizzle' };
  if (handle.kind === 'pglite') {
    await migratePglite(handle.db as unknown as PgliteDatabase, config);
  } else {
    // Several processes may start at once: serialise migrations with an advisory lock.
    const lockClient = await (handle.raw as pg.Pool).connect();
    try {
      await lockClient.query('select pg_advisory_lock(727274)');
      await migratePostgres(handle.db as unknown as NodePgDatabase, config);
    } finally {
      await lockClient.query('select pg_advisory_unlock(727274)').catch(() => {});
      lockClient.release();
    }
  }
}

/** Pending migrations, for /readyz: zero means the schema matches this build. */
export async function pendingMigrationCount(handle: DatabaseHandle): Promise<number> {
  const files = readMigrationFiles({ migrationsFolder });
  try {
    const result = await handle.raw.query('select hash from drizzle.__drizzle_migrations');
    const applied = new Set((result.rows as { hash: string }[]).map((row) => row.hash));
    return files.filter((file) => !applied.has(file.hash)).length;
  } catch {
    return files.length;
  }
}
