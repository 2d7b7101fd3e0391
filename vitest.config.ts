import { defineConfig } from 'vitest/config';

const integration = {
  include: ['server/**/*.test.ts', 'test/**/*.test.ts'],
  testTimeout: 30_000,
  hookTimeout: 60_000,
};

/** Every integration test runs twice: on the embedded PGlite and on a real PostgreSQL. */
export default defineConfig({
  test: {
    projects: [
      { test: { ...integration, name: 'pglite', env: { BANDEJA_TEST_DB: 'pglite' } } },
      // The simulator's own tests use no database: once is enough.
      { test: { ...integration, name: 'postgres', exclude: ['server/simulator/**', 'node_modules/**'], env: { BANDEJA_TEST_DB: 'postgres' } } },
      { test: { name: 'e2e', include: ['e2e/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 180_000, fileParallelism: false } },
    ],
  },
});
