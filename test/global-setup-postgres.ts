/**
 * vitest globalSetup: one Postgres server for the whole test run, shared by every test file (each file or
 * suite makes its own database on it: see freshPostgresUrl in test/store/backends.ts). The server is the
 * kit's (dev/kit/postgres.ts): TEST_DATABASE_URL when set, else an embedded Postgres, stopped in teardown.
 *
 * Tests read the server with `inject('databaseUrl')` and the prefix of this run's databases with
 * `inject('databasePrefix')`.
 *
 * It also removes the app builds (dist/test-<pid>) of test processes that are gone.
 */
import type { TestProject } from 'vitest/node';
import { removeStaleBuilds } from '../dev/kit/child.ts';
import { startTestPostgres } from '../dev/kit/postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser URL on the test server; use it to create databases, not to hold data. */
    databaseUrl: string;
    /** Every database this run creates is named with this prefix (teardown drops them). */
    databasePrefix: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  removeStaleBuilds();
  const postgres = await startTestPostgres();
  project.provide('databasePrefix', postgres.prefix);
  project.provide('databaseUrl', postgres.url);
  return async () => {
    await postgres.stop();
    removeStaleBuilds();
  };
}
