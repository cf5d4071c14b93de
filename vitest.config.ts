import { defineConfig } from 'vitest/config';

/** The end-to-end suites of the core flows, run a second time with Slack reaching the app over Socket Mode. */
const SOCKET_MODE_SUITES = ['test/e2e/lookup.test.ts', 'test/e2e/payment.test.ts', 'test/e2e/alerts-and-retry.test.ts', 'test/e2e/app-home.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // End-to-end suites start real HTTP servers on ephemeral loopback ports; they are independent.
    pool: 'forks',
    // One Postgres server for the run (embedded, or TEST_DATABASE_URL); each suite makes its own database on it.
    globalSetup: ['test/global-setup-postgres.ts'],
    projects: [
      { extends: true, test: { name: 'http', include: ['test/**/*.test.ts'] } },
      { extends: true, test: { name: 'socket-mode', include: SOCKET_MODE_SUITES, env: { LOANBOT_E2E_SLACK: 'socket' } } },
    ],
  },
});
