import { describe, expect, it } from 'vitest';
import { DEFAULT_WRITE_POLICY } from '../../src/domain/write-policy.ts';
import type { WorkDeps } from '../../src/worker/work-on-write.ts';
import { createOutboxWorker } from '../../src/worker/outbox-worker.ts';

/** A store whose reads take a while and fail once it is closed, as a closed SQLite or Postgres pool does. */
function slowStore() {
  let closed = false;
  const read = <T>(value: T) =>
    new Promise<T>((resolve, reject) => setTimeout(() => (closed ? reject(new Error('the database connection is not open')) : resolve(value)), 150));
  return {
    store: { outbox: { claimNext: () => read(undefined), nextWakeAt: () => read(undefined) } },
    close: () => {
      closed = true;
    },
  };
}

describe('the outbox worker at shutdown', () => {
  it('stop() waits for the store read in progress, so closing the store after it never fails a read', async () => {
    const errors: unknown[] = [];
    const logger = { error: (...args: unknown[]) => errors.push(args), warn: () => undefined, info: () => undefined, debug: () => undefined };
    const { store, close } = slowStore();
    const worker = createOutboxWorker({ store, logger, policy: { ...DEFAULT_WRITE_POLICY, pollMs: 10_000 }, owner: 'test', now: () => new Date() } as unknown as WorkDeps & { logger: WorkDeps['logger'] });
    worker.start();
    await new Promise((resolve) => setTimeout(resolve, 20)); // the first pass is reading the store
    expect(await worker.stop(2_000)).toBe(true);
    close();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(errors).toEqual([]);
  });
});
