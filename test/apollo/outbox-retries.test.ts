/**
 * One retry owner for writes: the outbox. An Apollo 504 burst costs exactly one request to Apollo per
 * outbox attempt (the client never loops), and a 503 with `Retry-After` puts the next attempt no earlier
 * than Apollo asked. The worker runs on an injected clock: nothing here waits for a backoff.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApolloSandbox } from '../../dev/sandbox/apollo/index.ts';
import { DEFAULT_WRITE_POLICY } from '../../src/domain/write-policy.ts';
import { createCredgenicsClient } from '../../src/lenders/credgenics/client.ts';
import type { LenderError } from '../../src/lenders/errors.ts';
import { openStore, type OutboxWrite, type Store } from '../../src/store/index.ts';
import type { WriteNotifier } from '../../src/usecases/notifier.ts';
import { workOnWrite, type WorkDeps } from '../../src/worker/work-on-write.ts';
import { TestClock } from '../store/helpers.ts';
import { LogCapture, clientFor, plBody, startSandbox, updates } from './helpers.ts';

let sandbox: ApolloSandbox;
let store: Store;
let clock: TestClock;
let failures: { write: OutboxWrite; error: LenderError | undefined }[];
let deps: WorkDeps;

beforeEach(async () => {
  sandbox = await startSandbox();
  clock = new TestClock(Date.parse('2026-11-20T10:00:00+05:30'));
  store = await openStore({ dataDir: ':memory:', now: clock.now });
  failures = [];
  const notifier: WriteNotifier = {
    confirmed: () => Promise.resolve(),
    failed: (write, { error }) => {
      failures.push({ write, error });
      return Promise.resolve();
    },
    waiting: () => Promise.resolve(),
    refreshAlerts: () => Promise.resolve(),
  };
  const logger = new LogCapture().logger;
  deps = {
    store,
    notifier,
    logger,
    credgenics: createCredgenicsClient({ baseUrl: 'http://127.0.0.1:9/', authToken: 't', role: 'r', timeoutMs: 1000, logger }),
    apollo: clientFor(sandbox, { now: clock.now }),
    now: () => new Date(clock.now()),
    owner: 'worker-test',
    policy: { ...DEFAULT_WRITE_POLICY, triesPerRun: 3 },
  };
  await store.outbox.record({
    idempotencyKey: 'view-apollo-1',
    lender: 'apollo',
    operation: 'apollo_update',
    loanId: 'Tesst001',
    request: { operation: 'apollo_update', loanId: 'Tesst001', body: plBody() },
    summary: 'PL · 21/11/2026',
    requestedBy: 'U_ASHA',
    channelId: 'C_COLLECTIONS',
  });
});

afterEach(async () => {
  await store.close();
  await sandbox.close();
});

/** Claim the one due write (it must be due) and work on it, as the worker loop does. */
async function attempt(): Promise<OutboxWrite> {
  const claimed = await store.outbox.claimNext({ owner: deps.owner, leaseMs: deps.policy.leaseMs, settleMs: deps.policy.settleMs });
  if (!claimed) throw new Error('nothing was due');
  await workOnWrite(deps, claimed);
  const after = await store.outbox.get(claimed.id);
  if (!after) throw new Error('the write is gone');
  return after;
}

describe('the outbox is the one retry owner of an Apollo write', () => {
  it('a 504 burst: exactly one request to Apollo per outbox attempt, retries as the policy says, then confirmed', async () => {
    sandbox.setFault({ match: { path: 'update' }, status: 504, times: 2 });

    const first = await attempt();
    expect(updates(sandbox)).toHaveLength(1);
    expect(first).toMatchObject({ state: 'pending', attempts: 1, lastStatus: 504, dueAt: clock.now() + 20_000 });
    expect(await store.outbox.claimNext({ owner: 'other', leaseMs: 1000, settleMs: 1000 })).toBeUndefined(); // not due yet

    clock.advance(20_000);
    const second = await attempt();
    expect(updates(sandbox)).toHaveLength(2);
    expect(second).toMatchObject({ state: 'pending', attempts: 2, dueAt: clock.now() + 60_000 });

    clock.advance(60_000);
    const third = await attempt();
    expect(updates(sandbox)).toHaveLength(3);
    expect(third).toMatchObject({ state: 'confirmed', attempts: 3 });
    expect(failures.map((f) => f.error?.status)).toEqual([504, 504]);
  });

  it('504 on every attempt: one request per attempt, failed for a person after the run’s tries', async () => {
    sandbox.setFault({ match: { path: 'update' }, status: 504 });
    await attempt();
    clock.advance(20_000);
    await attempt();
    clock.advance(60_000);
    const last = await attempt();
    expect(last).toMatchObject({ state: 'failed', attempts: 3 });
    expect(updates(sandbox)).toHaveLength(3);
  });

  it.each([
    ['seconds', '90', 90_000],
    ['an HTTP date', 'date+45', 45_000],
  ])('a 503 with Retry-After in %s: the next attempt is due no earlier than Apollo asked', async (_form, header, waitMs) => {
    const value = header === 'date+45' ? new Date(clock.now() + 45_000).toUTCString() : header;
    sandbox.setFault({ match: { path: 'update' }, status: 503, times: 1, headers: { 'retry-after': value } });

    const first = await attempt();
    expect(updates(sandbox)).toHaveLength(1);
    expect(first.state).toBe('pending');
    expect(first.dueAt).toBe(clock.now() + waitMs); // later than the 20 s backoff
    expect(failures[0]?.error?.retryAfterMs).toBe(waitMs);

    clock.advance(waitMs - 1);
    expect(await store.outbox.claimNext({ owner: 'other', leaseMs: 1000, settleMs: 1000 })).toBeUndefined();
    clock.advance(1);
    expect(await attempt()).toMatchObject({ state: 'confirmed', attempts: 2 });
    expect(updates(sandbox)).toHaveLength(2);
  });

  it('a Retry-After shorter than the backoff does not hurry the retry; a huge one is capped', async () => {
    sandbox.setFault({ match: { path: 'update' }, status: 429, times: 1, headers: { 'retry-after': '3' } });
    expect((await attempt()).dueAt).toBe(clock.now() + 20_000);

    clock.advance(20_000);
    sandbox.setFault({ match: { path: 'update' }, status: 503, times: 1, headers: { 'retry-after': '86400' } });
    expect((await attempt()).dueAt).toBe(clock.now() + DEFAULT_WRITE_POLICY.maxRetryAfterMs);
  });
});
