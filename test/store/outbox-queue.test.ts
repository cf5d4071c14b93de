/** Outbox contract, part 2: the worker's queue (due times, leases, lock keys, reconciliation flags). Both backends. */
import { describe, expect, it } from 'vitest';
import type { NewWrite, OutboxWrite } from '../../src/store/index.ts';
import { backends, storePerTest } from './backends.ts';
import { claimAndSend, claimOptions, failure, LEASE_MS, newWrite, SETTLE_MS } from './helpers.ts';

describe.each(backends)('outbox queue on $name', (backend) => {
  const t = storePerTest(backend);
  const record = async (overrides: Partial<NewWrite> = {}): Promise<OutboxWrite> => (await t.store.outbox.record(newWrite(overrides))).write;
  const claim = (owner = 'worker-a') => t.store.outbox.claimNext(claimOptions(owner));
  const claimedId = async (owner = 'worker-a') => (await claim(owner))?.id;

  describe('claimNext', () => {
    it('leases the due write to the claimer without counting an attempt', async () => {
      const write = await record();
      t.clock.advance(500);
      const claimed = await claim();
      expect(claimed).toEqual({
        ...write,
        state: 'sending',
        leaseOwner: 'worker-a',
        leaseExpiresAt: t.clock.t + LEASE_MS,
        updatedAt: t.clock.t,
        takenOver: false,
      });
      expect(await claim('worker-b')).toBeUndefined();
      expect({ ...(await t.store.outbox.get(write.id)), takenOver: false }).toEqual(claimed);
    });

    it('picks due writes by priority, then due time, then insertion order', async () => {
      const start = t.clock.t;
      const bulkEarly = await record({ priority: 10, dueAt: start - 5_000 });
      const late = await record({ dueAt: start - 1_000 });
      const early = await record({ dueAt: start - 2_000 });
      const sameAsEarly = await record({ dueAt: start - 2_000 });
      const notYet = await record({ dueAt: start + 1_000 });
      const order = [];
      for (let i = 0; i < 5; i++) order.push(await claimedId());
      expect(order).toEqual([early.id, sameAsEarly.id, late.id, bulkEarly.id, undefined]);
      t.clock.advance(1_000);
      expect(await claimedId()).toBe(notYet.id);
    });

    it('does not claim a write before it is due', async () => {
      const write = await record({ dueAt: t.clock.t + 10_000 });
      expect(await claim()).toBeUndefined();
      t.clock.advance(9_999);
      expect(await claim()).toBeUndefined();
      t.clock.advance(1);
      expect(await claimedId()).toBe(write.id);
    });

    it('reclaims an expired lease, without reconciliation when nothing was sent', async () => {
      const write = await record();
      await claim('worker-a');
      t.clock.advance(LEASE_MS);
      expect(await claim('worker-b')).toBeUndefined(); // the lease runs to its last millisecond
      t.clock.advance(1);
      expect(await claim('worker-b')).toMatchObject({
        id: write.id, state: 'sending', leaseOwner: 'worker-b', leaseExpiresAt: t.clock.t + LEASE_MS,
        attempts: 0, needsReconcile: false, settleAfter: null, inFlight: false,
      });
    });

    it('reclaims an expired lease whose request was in flight for reconciliation after the settle window', async () => {
      const write = await record();
      const sent = await claimAndSend(t.store, 'worker-a');
      expect(sent).toMatchObject({ inFlight: true, attempts: 1, sentAt: t.clock.t });
      t.clock.advance(LEASE_MS + 1);
      const reclaimed = await claim('worker-b');
      expect(reclaimed).toMatchObject({
        id: write.id, leaseOwner: 'worker-b', attempts: 1, inFlight: false, needsReconcile: true,
        settleAfter: (sent.sentAt ?? 0) + SETTLE_MS, takenOver: true,
      });
      // The instance that lost the lease can no longer touch it.
      expect(await t.store.outbox.renewLease(write.id, 'worker-a', LEASE_MS)).toBe(false);
      expect(await t.store.outbox.markSent(write.id, 'worker-a', write.request)).toBeUndefined();
      expect(await t.store.outbox.reschedule(write.id, 'worker-a', failure(), t.clock.t)).toBeUndefined();
      expect(await t.store.outbox.release(write.id, 'worker-a', t.clock.t)).toBeUndefined();
      expect({ ...(await t.store.outbox.get(write.id)), takenOver: true }).toEqual(reclaimed);
    });

    it('never claims a write whose lock key another sending write holds, even an expired one', async () => {
      const first = await record({ lockKey: 'payment|LN-1|2026-11' });
      const second = await record({ lockKey: 'payment|LN-1|2026-11' });
      const other = await record({ lockKey: 'payment|LN-2|2026-11' });
      const free = await record();
      expect(await claimedId('worker-a')).toBe(first.id);
      expect(await claimedId('worker-b')).toBe(other.id);
      expect(await claimedId('worker-b')).toBe(free.id);
      expect(await claim('worker-b')).toBeUndefined(); // `second` is due but its key is held

      t.clock.advance(LEASE_MS + 1); // every lease has run out: the holders themselves are claimable
      const reclaimed = [await claimedId('worker-c'), await claimedId('worker-c'), await claimedId('worker-c'), await claimedId('worker-c')];
      expect(reclaimed.slice(0, 3).sort()).toEqual([first.id, other.id, free.id].sort());
      expect(reclaimed[3]).toBeUndefined();

      await t.store.outbox.markConfirmed(first.id, { result: {} });
      expect(await claimedId('worker-c')).toBe(second.id);
    });

    it('an expired lease still holds its lock key, even against a write that sorts before it', async () => {
      // A bulk row (priority 10) to a loan and month is in Credgenics' hands when its instance stops; a person's
      // payment (priority 0) to the same loan and month falls due after. The person's write sorts first, but
      // the row may still be applied: two writes to one loan and month are never in flight together.
      const row = await record({ lockKey: 'payment|LN-1|2026-11', priority: 10 });
      const byHand = await record({ lockKey: 'payment|LN-1|2026-11', dueAt: t.clock.t + 1_000 });
      await claimAndSend(t.store, 'worker-a');
      t.clock.advance(LEASE_MS + 1);
      expect(await claimedId('worker-b')).toBe(row.id); // the holder itself, for reconciliation
      expect(await claim('worker-c')).toBeUndefined();
      await t.store.outbox.markConfirmed(row.id, { result: {} });
      expect(await claimedId('worker-c')).toBe(byHand.id);
    });
  });

  describe('lease holder only', () => {
    it('renews the lease', async () => {
      const write = await record();
      await claim('worker-a');
      t.clock.advance(20_000);
      expect(await t.store.outbox.renewLease(write.id, 'worker-b', LEASE_MS)).toBe(false);
      expect(await t.store.outbox.renewLease(write.id, 'worker-a', LEASE_MS)).toBe(true);
      expect(await t.store.outbox.get(write.id)).toMatchObject({ leaseOwner: 'worker-a', leaseExpiresAt: t.clock.t + LEASE_MS });
      t.clock.advance(LEASE_MS);
      expect(await claim('worker-b')).toBeUndefined();
      await expect(t.store.outbox.renewLease(write.id, 'worker-a', 0)).rejects.toThrow(RangeError);
    });

    it('marks it sent, replacing the request and clearing force and reconciliation', async () => {
      const write = await record({ request: { amount: 1, baseline: null } });
      await claimAndSend(t.store);
      await t.store.outbox.reschedule(write.id, 'worker-a', failure({ uncertain: true, settleAfter: t.clock.t + 1 }), t.clock.t);
      await t.store.outbox.markFailed(write.id, failure());
      await t.store.outbox.requeue(write.id, { by: 'U_LEAD', dueAt: t.clock.t, force: true, maxAttempts: 1 });
      await claim('worker-a');
      expect(await t.store.outbox.markSent(write.id, 'worker-b', {})).toBeUndefined();
      t.clock.advance(100);
      expect(await t.store.outbox.markSent(write.id, 'worker-a', { amount: 1, baseline: 500 })).toMatchObject({
        request: { amount: 1, baseline: 500 }, attempts: 2, sentAt: t.clock.t, inFlight: true, force: false,
        needsReconcile: false, state: 'sending', updatedAt: t.clock.t,
      });
      await expect(t.store.outbox.markSent(write.id, 'worker-a', undefined)).rejects.toThrow(TypeError);
    });

    it('releases it unsent, due again when asked', async () => {
      const write = await record();
      await claim('worker-a');
      expect(await t.store.outbox.release(write.id, 'worker-b', t.clock.t)).toBeUndefined();
      const released = await t.store.outbox.release(write.id, 'worker-a', t.clock.t + 5_000);
      expect(released).toMatchObject({ state: 'pending', dueAt: t.clock.t + 5_000, leaseOwner: null, leaseExpiresAt: null, attempts: 0 });
      expect(await claim('worker-b')).toBeUndefined();
      t.clock.advance(5_000);
      expect(await claimedId('worker-b')).toBe(write.id);
    });

    it('reschedules a transient failure, keeping it for people to read', async () => {
      const write = await record();
      await claimAndSend(t.store);
      expect(await t.store.outbox.reschedule(write.id, 'worker-b', failure(), t.clock.t)).toBeUndefined();
      const rescheduled = await t.store.outbox.reschedule(write.id, 'worker-a', failure(), t.clock.t + 20_000);
      expect(rescheduled).toMatchObject({
        state: 'pending', dueAt: t.clock.t + 20_000, leaseOwner: null, leaseExpiresAt: null, inFlight: false,
        attempts: 1, lastStatus: 503, lastError: 'lender unavailable', retryable: true, needsReconcile: false, settleAfter: null,
      });
      expect((await t.store.outbox.listFailed({ limit: 10 })).map((w) => w.id)).toEqual([write.id]); // its alert is up: it needs attention
    });

    it('reschedules an uncertain attempt for reconciliation, keeping the latest settle time', async () => {
      const write = await record();
      const sentAt = (await claimAndSend(t.store)).sentAt ?? 0;
      const first = await t.store.outbox.reschedule(write.id, 'worker-a', failure({ status: null, error: 'timed out', uncertain: true, settleAfter: sentAt + 90_000 }), t.clock.t);
      expect(first).toMatchObject({ needsReconcile: true, settleAfter: sentAt + 90_000, lastStatus: null, lastError: 'timed out' });
      // Reconciliation itself failed transiently (nothing was sent): still to reconcile, by the later time.
      await claim('worker-a');
      const second = await t.store.outbox.reschedule(write.id, 'worker-a', failure({ uncertain: true, settleAfter: sentAt + 1_000 }), t.clock.t);
      expect(second).toMatchObject({ needsReconcile: true, settleAfter: sentAt + 90_000 });
      await claim('worker-a');
      const third = await t.store.outbox.reschedule(write.id, 'worker-a', failure(), t.clock.t);
      expect(third).toMatchObject({ needsReconcile: true, settleAfter: sentAt + 90_000 });
    });
  });

  describe("people's moves", () => {
    it('requeues only a failed write, with a fresh allowance of sends', async () => {
      const write = await record({ maxAttempts: 2 });
      expect(await t.store.outbox.requeue(write.id, { by: 'U_LEAD', dueAt: t.clock.t, force: false, maxAttempts: 3 })).toBeUndefined();
      await claimAndSend(t.store);
      expect(await t.store.outbox.requeue(write.id, { by: 'U_LEAD', dueAt: t.clock.t, force: false, maxAttempts: 3 })).toBeUndefined();
      await t.store.outbox.markFailed(write.id, failure());
      t.clock.advance(1_000);
      const requeued = await t.store.outbox.requeue(write.id, { by: 'U_LEAD', dueAt: t.clock.t + 2_000, force: true, maxAttempts: 3 });
      expect(requeued).toMatchObject({ state: 'pending', dueAt: t.clock.t + 2_000, runBy: 'U_LEAD', force: true, maxAttempts: 1 + 3, attempts: 1, updatedAt: t.clock.t });
      expect(await t.store.outbox.requeue(write.id, { by: 'U_RAVI', dueAt: t.clock.t, force: false, maxAttempts: 3 })).toBeUndefined();
      await expect(t.store.outbox.requeue(write.id, { by: 'U_RAVI', dueAt: t.clock.t, force: false, maxAttempts: 0 })).rejects.toThrow(RangeError);
      expect(await t.store.outbox.requeue('w_nosuchwrite0', { by: 'U_RAVI', dueAt: t.clock.t, force: false, maxAttempts: 1 })).toBeUndefined();
    });

    it('hurries a waiting write, only ever earlier, as a run of its own (a fresh allowance of sends, run by whoever pressed)', async () => {
      const write = await record({ dueAt: t.clock.t + 60_000 });
      const hurry = (id: string, dueAt: number) => t.store.outbox.hurry(id, { by: 'U_DEV', dueAt, maxAttempts: 3 });
      expect(await hurry(write.id, t.clock.t + 90_000)).toMatchObject({ dueAt: t.clock.t + 60_000 });
      expect(await hurry(write.id, t.clock.t)).toMatchObject({ state: 'pending', dueAt: t.clock.t, runBy: 'U_DEV', maxAttempts: write.attempts + 3 });
      expect(await claimedId()).toBe(write.id);
      expect(await hurry(write.id, t.clock.t)).toBeUndefined();
      expect(await hurry('w_nosuchwrite0', t.clock.t)).toBeUndefined();
    });

    it('fails a sending write for a person, ending its lease', async () => {
      const write = await record();
      await claimAndSend(t.store);
      expect(await t.store.outbox.markFailed(write.id, failure({ retryable: false }))).toMatchObject({
        state: 'failed', leaseOwner: null, leaseExpiresAt: null, inFlight: false, dueAt: null,
      });
      t.clock.advance(LEASE_MS + 1);
      expect(await claim()).toBeUndefined();
    });
  });

  describe('nextWakeAt and listByLockKey', () => {
    it('tells when the worker next has something to do', async () => {
      expect(await t.store.outbox.nextWakeAt()).toBeUndefined();
      const start = t.clock.t;
      const a = await record({ dueAt: start + 10_000 });
      await record({ dueAt: start + 20_000 });
      expect(await t.store.outbox.nextWakeAt()).toBe(start + 10_000);
      t.clock.advance(10_000);
      await claim();
      expect(await t.store.outbox.nextWakeAt()).toBe(start + 20_000);
      t.clock.advance(5_000);
      await t.store.outbox.renewLease(a.id, 'worker-a', 1_000);
      expect(await t.store.outbox.nextWakeAt()).toBe(start + 16_000); // the lease runs out first
      await t.store.outbox.markFailed(a.id, failure());
      expect(await t.store.outbox.nextWakeAt()).toBe(start + 20_000);
    });

    it('lists the writes sharing a lock key, newest first', async () => {
      const a = await record({ lockKey: 'payment|LN-1|2026-11' });
      t.clock.advance(1);
      await record({ lockKey: 'payment|LN-1|2026-10' });
      const b = await record({ lockKey: 'payment|LN-1|2026-11' });
      expect((await t.store.outbox.listByLockKey('payment|LN-1|2026-11', 10)).map((w) => w.id)).toEqual([b.id, a.id]);
      expect((await t.store.outbox.listByLockKey('payment|LN-1|2026-11', 1)).map((w) => w.id)).toEqual([b.id]);
      expect(await t.store.outbox.listByLockKey('none', 10)).toEqual([]);
    });
  });
});

describe.each(backends)('markFailed by a lease holder ($name)', (backend) => {
  const ctx = storePerTest(backend);

  it('changes nothing when the worker has lost the lease to another instance', async () => {
    const { store } = ctx;
    await store.outbox.record(newWrite());
    const mine = await store.outbox.claimNext({ owner: 'a', leaseMs: 1_000, settleMs: 0 });
    if (!mine) throw new Error('nothing claimed');
    const failure = { status: 500, error: 'server error', lenderMessage: null, retryable: true, uncertain: true, settleAfter: null };
    expect(await store.outbox.markFailed(mine.id, failure, 'b')).toMatchObject({ state: 'sending', leaseOwner: 'a' });
    expect(await store.outbox.markFailed(mine.id, failure, 'a')).toMatchObject({ state: 'failed', leaseOwner: null, needsReconcile: true });
  });
});
