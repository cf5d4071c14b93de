/** Outbox contract, part 3: the listings people see (history, failed writes, unfinished work). Both backends. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { NewWrite, OutboxWrite, Store } from '../../src/store/index.ts';
import { backends, storePerTest } from './backends.ts';
import { claimOptions, failure, newWrite, refused, type TestClock } from './helpers.ts';

/** Due so late that no claim in these tests takes it. */
const NEVER = Number.MAX_SAFE_INTEGER;

const ids = (writes: OutboxWrite[]): string[] => writes.map((w) => w.id);

describe.each(backends)('outbox listings on $name', (backend) => {
  const t = storePerTest(backend);
  let store: Store;
  let clock: TestClock;
  beforeEach(() => {
    store = t.store;
    clock = t.clock;
  });

  /** Records a write at `at`, due at once (whatever the clock says later). */
  async function recordAt(at: number, overrides: Partial<NewWrite> = {}): Promise<OutboxWrite> {
    clock.t = at;
    return (await store.outbox.record(newWrite({ dueAt: 0, ...overrides }))).write;
  }

  /** Claims this very write (every recorded write is due at 0, so they are claimed in insertion order). */
  async function claim(write: OutboxWrite): Promise<void> {
    const claimed = await store.outbox.claimNext(claimOptions());
    expect(claimed?.id).toBe(write.id);
  }

  async function fail(write: OutboxWrite): Promise<void> {
    await claim(write);
    await store.outbox.markFailed(write.id, failure());
  }

  describe('listByLoan', () => {
    it('pages newest first, breaking ties in creation time by insertion order', async () => {
      const w1 = await recordAt(1_000, { loanId: 'LN-A' });
      const w2 = await recordAt(2_000, { loanId: 'LN-A' });
      const w3 = await recordAt(2_000, { loanId: 'LN-A' });
      const w4 = await recordAt(3_000, { loanId: 'LN-A' });
      const w5 = await recordAt(4_000, { loanId: 'LN-A' });
      await recordAt(5_000, { loanId: 'LN-B' });

      expect(ids(await store.outbox.listByLoan('LN-A', { limit: 2, offset: 0 }))).toEqual([w5.id, w4.id]);
      expect(ids(await store.outbox.listByLoan('LN-A', { limit: 2, offset: 2 }))).toEqual([w3.id, w2.id]);
      expect(ids(await store.outbox.listByLoan('LN-A', { limit: 2, offset: 4 }))).toEqual([w1.id]);
      expect(await store.outbox.listByLoan('LN-A', { limit: 2, offset: 6 })).toEqual([]);
      expect(await store.outbox.listByLoan('LN-NONE', { limit: 2, offset: 0 })).toEqual([]);
    });

    it('rejects nonsense paging', async () => {
      await expect(store.outbox.listByLoan('LN-A', { limit: -1, offset: 0 })).rejects.toThrow(RangeError);
      await expect(store.outbox.listByLoan('LN-A', { limit: 10, offset: 1.5 })).rejects.toThrow(RangeError);
      await expect(store.outbox.listByUser('U', 1_000_000)).rejects.toThrow(RangeError);
    });
  });

  describe('listByUser and listFailed', () => {
    it('lists one user’s writes newest first, up to the limit', async () => {
      const a1 = await recordAt(1_000, { requestedBy: 'U_A' });
      await recordAt(2_000, { requestedBy: 'U_B' });
      const a2 = await recordAt(3_000, { requestedBy: 'U_A', loanId: 'LN-OTHER' });
      const a3 = await recordAt(4_000, { requestedBy: 'U_A' });
      expect(ids(await store.outbox.listByUser('U_A', 10))).toEqual([a3.id, a2.id, a1.id]);
      expect(ids(await store.outbox.listByUser('U_A', 2))).toEqual([a3.id, a2.id]);
    });

    it('lists failed writes, for everyone or one user, newest first', async () => {
      const a1 = await recordAt(1_000, { requestedBy: 'U_A' });
      const b1 = await recordAt(2_000, { requestedBy: 'U_B' });
      const a2 = await recordAt(3_000, { requestedBy: 'U_A' });
      const a3 = await recordAt(4_000, { requestedBy: 'U_A', dueAt: NEVER }); // stays pending
      const a4 = await recordAt(5_000, { requestedBy: 'U_A' });
      for (const w of [a1, b1, a2, a4]) await fail(w);
      await store.outbox.markDismissed(a4.id, 'U_A', 'duplicate');

      expect(ids(await store.outbox.listFailed({ limit: 10 }))).toEqual([a2.id, b1.id, a1.id]);
      expect(ids(await store.outbox.listFailed({ userId: 'U_A', limit: 10 }))).toEqual([a2.id, a1.id]);
      expect(ids(await store.outbox.listFailed({ userId: 'U_A', limit: 1 }))).toEqual([a2.id]);
      expect(await store.outbox.listFailed({ userId: 'U_NOBODY', limit: 10 })).toEqual([]);
      expect((await store.outbox.get(a3.id))?.state).toBe('pending');
    });

    it('leaves out the writes whose key starts with a prefix, when asked (a bulk upload’s rows)', async () => {
      const own = await recordAt(1_000, { requestedBy: 'U_A', idempotencyKey: 'view-own' });
      const rows = [await recordAt(2_000, { requestedBy: 'U_A', idempotencyKey: 'bulk:F1:2:x' }), await recordAt(3_000, { requestedBy: 'U_A', idempotencyKey: 'bulk:F1:3:x' })];
      for (const w of [own, ...rows]) await fail(w);
      const skipKeyPrefix = 'bulk:';
      expect(ids(await store.outbox.listByUser('U_A', 10, { skipKeyPrefix }))).toEqual([own.id]);
      expect(ids(await store.outbox.listFailed({ limit: 10, skipKeyPrefix }))).toEqual([own.id]);
      expect(ids(await store.outbox.listFailed({ userId: 'U_A', limit: 10, skipKeyPrefix }))).toEqual([own.id]);
      expect(ids(await store.outbox.listFailedWithoutAlert({ limit: 10, skipKeyPrefix }))).toEqual([own.id]);
      expect(ids(await store.outbox.listFailed({ limit: 10 }))).toEqual([rows[1]!.id, rows[0]!.id, own.id]);
      expect(ids(await store.outbox.listFailedWithoutAlert({ limit: 10 }))).toEqual([own.id, rows[0]!.id, rows[1]!.id]); // oldest first
    });
  });

  describe('listUnfinished and counts', () => {
    it('lists pending and sending writes oldest first', async () => {
      const sending = await recordAt(1_000);
      const pending = await recordAt(2_000, { dueAt: NEVER });
      const confirmed = await recordAt(3_000);
      const failed = await recordAt(4_000);
      const dismissed = await recordAt(5_000);
      const laterPending = await recordAt(6_000, { dueAt: NEVER });
      await claim(sending);
      await store.outbox.markConfirmed(confirmed.id, { result: {} });
      await fail(failed);
      await store.outbox.markDismissed(dismissed.id, 'U_LEAD', 'typo', ['pending']);

      const unfinished = await store.outbox.listUnfinished();
      expect(ids(unfinished)).toEqual([sending.id, pending.id, laterPending.id]);
      expect(unfinished.map((w) => w.state)).toEqual(['sending', 'pending', 'pending']);
      expect(await store.outbox.counts()).toEqual({ pending: 2, sending: 1, confirmed: 1, failed: 1, dismissed: 1 });
    });

    it('counts zero for every state of an empty outbox', async () => {
      expect(await store.outbox.counts()).toEqual({ pending: 0, sending: 0, confirmed: 0, failed: 0, dismissed: 0 });
      expect(await store.outbox.listUnfinished()).toEqual([]);
    });
  });

  describe('findByFingerprint', () => {
    const fp = 'LN-1001|34500|UTR777';

    it('finds the most recent matching write at or after `since`', async () => {
      const older = await recordAt(1_000, { fingerprint: fp });
      const newer = await recordAt(2_000, { fingerprint: fp });
      await recordAt(3_000, { fingerprint: 'something else' });
      await recordAt(4_000);

      expect((await store.outbox.findByFingerprint(fp, 0))?.id).toBe(newer.id);
      expect((await store.outbox.findByFingerprint(fp, 2_000))?.id).toBe(newer.id);
      expect(await store.outbox.findByFingerprint(fp, 2_001)).toBeUndefined();
      expect((await store.outbox.findByFingerprint(fp, 1_000, newer.idempotencyKey))?.id).toBe(older.id);
      expect(await store.outbox.findByFingerprint('unknown', 0)).toBeUndefined();
    });

    it('ignores dismissed writes but not failed or confirmed ones', async () => {
      const failed = await recordAt(1_000, { fingerprint: fp });
      await fail(failed);
      const dismissed = await recordAt(2_000, { fingerprint: fp });
      await store.outbox.markDismissed(dismissed.id, 'U_LEAD', 'wrong amount', ['pending']);
      expect((await store.outbox.findByFingerprint(fp, 0))?.id).toBe(failed.id);

      const confirmed = await recordAt(3_000, { fingerprint: fp });
      await store.outbox.markConfirmed(confirmed.id, { result: {} });
      expect((await store.outbox.findByFingerprint(fp, 0))?.id).toBe(confirmed.id);
      expect((await store.outbox.findByFingerprint(fp, 0, confirmed.idempotencyKey))?.id).toBe(failed.id);
    });

    it('ignores a write the lender refused (a 4xx, nothing in doubt), but not an older one it took', async () => {
      const confirmed = await recordAt(1_000, { fingerprint: fp });
      await store.outbox.markConfirmed(confirmed.id, { result: {} });
      const rejected = await recordAt(2_000, { fingerprint: fp });
      await claim(rejected);
      await store.outbox.markFailed(rejected.id, refused);
      expect((await store.outbox.findByFingerprint(fp, 0))?.id).toBe(confirmed.id);
      expect(await store.outbox.findByFingerprint(fp, 1_500)).toBeUndefined();
      // A 4xx after an attempt that may have landed is in doubt: it still counts.
      const doubtful = await recordAt(3_000, { fingerprint: fp });
      await claim(doubtful);
      await store.outbox.markFailed(doubtful.id, { ...refused, retryable: true, uncertain: true });
      expect((await store.outbox.findByFingerprint(fp, 1_500))?.id).toBe(doubtful.id);
    });
  });
});
