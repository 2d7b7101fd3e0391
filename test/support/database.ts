import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from '../../server/db/client.js';

export type TestDatabaseKind = 'pglite' | 'postgres';

/** Which engine this test run uses: the vitest project sets BANDEJA_TEST_DB. */
export function testDatabaseKind(): TestDatabaseKind {
  return process.env.BANDEJA_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
}

export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/** A fresh, empty database: in-memory PGlite, or a throwaway PostgreSQL database dropped on close. */
export async function createTestDatabase(kind: TestDatabaseKind = testDatabaseKind(), options: { poolSize?: number } = {}): Promise<DatabaseHandle & { url?: string }> {
  if (kind === 'pglite') return openDatabase({ kind: 'pglite' });
  const name = `bandeja_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = POSTGRES_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  const handle = await openDatabase({ kind: 'postgres', url, poolSize: options.poolSize ?? 5 });
  return {
    ...handle,
    url,
    async close() {
      await handle.close();
      const dropper = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}
