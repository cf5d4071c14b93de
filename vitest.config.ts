import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // End-to-end suites start real HTTP servers on ephemeral loopback ports; they are independent.
    pool: 'forks',
  },
});
