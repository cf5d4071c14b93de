import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // End-to-end suites start real HTTP servers on ephemeral loopback ports; they are independent.
    pool: 'forks',
    // One Postgres server for the run (embedded, or TEST_DATABASE_URL); each suite makes its own database on it.
    globalSetup: ['test/global-setup-postgres.ts'],
  },
});
