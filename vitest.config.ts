import { defineConfig } from 'vitest/config';

/** The end-to-end suites of the core flows, run a second time with Slack reaching the app over Socket Mode. */
const SOCKET_MODE_SUITES = ['test/e2e/lookup.test.ts', 'test/e2e/payment.test.ts', 'test/e2e/alerts-and-retry.test.ts', 'test/e2e/app-home.test.ts'];

/**
 * Suites that start loanbot (in this process or as child processes) or the shell: on child processes
 * (forks), each keeping the modules it imported between files (the app is loaded once per worker, not once
 * per file; every suite starts and closes its own apps, stand-ins and sandboxes).
 */
const E2E_SUITES = ['test/e2e/**/*.test.ts', 'test/shell/shell.e2e.test.ts', 'test/image/image-steps.test.ts'];

/**
 * Suites whose work is in child processes (built apps on Postgres, killed and restarted; `npm start`; the
 * shell; the image's steps; racing claimers). They run after everything else, two at a time: sharing two
 * cores with four other workers, a child can miss Slack's 3 s ack or a lease it means to keep.
 */
const PROCESS_SUITES = [
  'test/e2e/two-instances.test.ts',
  'test/e2e/crash-recovery.test.ts',
  'test/e2e/process.test.ts',
  'test/shell/shell.e2e.test.ts',
  'test/image/image-steps.test.ts',
  'test/store/claim-race.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    // Most suites wait (on sockets, timers, child processes) far more than they compute: four at a time keep
    // a 2-core machine busy. vitest's default here would be one (cores − 1), every file in turn.
    maxWorkers: 4,
    hookTimeout: 20_000,
    // One Postgres server for the run (embedded, or TEST_DATABASE_URL); each suite makes its own database on it.
    globalSetup: ['test/global-setup-postgres.ts'],
    projects: [
      // Everything else (rules, the stand-in, the sandboxes, the store contracts, the shell's rendering):
      // worker threads that keep their imported modules between files, so each module is loaded once.
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...E2E_SUITES, ...PROCESS_SUITES], pool: 'threads', isolate: false } },
      // End-to-end suites start real HTTP servers on ephemeral loopback ports; they are independent.
      { extends: true, test: { name: 'e2e', include: E2E_SUITES, exclude: PROCESS_SUITES, pool: 'forks', isolate: false } },
      { extends: true, test: { name: 'processes', include: PROCESS_SUITES, pool: 'forks', isolate: false, maxWorkers: 2, sequence: { groupOrder: 1 } } },
      { extends: true, test: { name: 'socket-mode', include: SOCKET_MODE_SUITES, pool: 'forks', isolate: false, env: { LOANBOT_E2E_SLACK: 'socket' } } },
    ],
  },
});
